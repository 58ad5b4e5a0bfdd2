"""The site's languages: which page kinds each language has, the strings of templates and of
the render stage in each language (gettext catalogues read with Babel), and the check that no
English string slips into a Spanish or French page.

A string a page asks for that the language's catalogue lacks (or marks fuzzy) is recorded with
where it was used, the page gets the English text for the moment, and the render stage stops
at the end naming every such string at once (`Translator.problems`): the lead fills them in
locale/<lang>/LC_MESSAGES/atlas.po after `make messages`, and builds again.
"""

from __future__ import annotations

import fnmatch
import functools
from pathlib import Path

import jinja2
from babel.messages.pofile import read_po

from atlas.base import ROOT, load_yaml
from atlas.errors import Problem

LOCALE_DIR = ROOT / "locale"
DOMAIN = "atlas"
DEFAULT = "en"


@functools.cache
def i18n_config() -> dict:
    """metadata/i18n.yaml: languages, untranslated page kinds, page kinds, number words."""
    return load_yaml(ROOT / "metadata" / "i18n.yaml")


def languages() -> list[str]:
    """Language codes, English first."""
    return [lang["code"] for lang in i18n_config()["languages"]]


def other_languages() -> list[str]:
    return [lang for lang in languages() if lang != DEFAULT]


def page_kind(path: str) -> str:
    """The kind of a page (its English source path in the docs folder), by metadata/i18n.yaml."""
    for kind, patterns in i18n_config()["page_kinds"].items():
        if any(fnmatch.fnmatch(path, p) for p in patterns):
            return kind
    raise ValueError(f"{path}: no page kind in metadata/i18n.yaml `page_kinds` matches it")


def translated(path: str) -> bool:
    """Whether a page (English source path) is published in every language."""
    return page_kind(path) not in i18n_config()["untranslated_pages"]


def page_href(url: str, root: str, site_root: str) -> str:
    """A link from a page to another page of the site (`url` from the site's root,
    "countries/MEX/"): into the page's language when that page is translated, else to the
    English page (`site_root`), so no Spanish page links to a page that does not exist."""
    path = url.split("#")[0]
    candidates = ["index.md"] if not path else [f"{path}index.md", f"{path.rstrip('/')}.md"]
    for md in candidates:
        try:
            return (root if translated(md) else site_root) + url
        except ValueError:
            continue
    raise ValueError(f"{url}: no page kind in metadata/i18n.yaml `page_kinds` matches it")


def localized_path(path: str, lang: str) -> str:
    """countries/MEX.md -> countries/MEX.es.md (mkdocs-static-i18n's suffix structure)."""
    if lang == DEFAULT:
        return path
    stem, dot, ext = path.rpartition(".")
    return f"{stem}.{lang}.{ext}" if dot else f"{path}.{lang}"


def translated_yaml(stem: str, lang: str) -> dict | None:
    """The translation of a metadata file's prose (metadata/translations/<stem>.<lang>.yaml,
    `stem` may be a path: "themes/people-on-the-move"), or None when there is none yet: the page
    it feeds is then not translated."""
    path = ROOT / "metadata" / "translations" / f"{stem}.{lang}.yaml"
    return load_yaml(path) if path.is_file() else None


def overlay(english, translation):
    """English metadata with the translated text laid over it: mappings by key, lists by
    position, text replaced; what the translation leaves out (numbers, ids, a founding
    document's quote in its original language) stays as it is."""
    if translation is None:
        return english
    if isinstance(english, dict) and isinstance(translation, dict):
        return {k: overlay(v, translation.get(k)) for k, v in english.items()}
    if isinstance(english, list) and isinstance(translation, list):
        return [
            overlay(v, translation[n] if n < len(translation) else None)
            for n, v in enumerate(english)
        ]
    return translation if isinstance(english, str) else english


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue(lang: str) -> dict[str, str]:
    """The language's translated strings: entries without a translation, or fuzzy, left out
    (a page that needs one stops the build)."""
    path = po_path(lang)
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang, domain=DOMAIN)
    out = {}
    for m in cat:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):  # a plural: its singular and its plural ("2 charts")
            if isinstance(m.string, tuple) and len(m.string) >= 2 and all(m.string[:2]):
                out[m.id[0]], out[m.id[1]] = m.string[0], m.string[1]
        elif isinstance(m.string, str) and m.string:
            out[m.id] = m.string
    return out


class Translator:
    """The strings of the page being written, in its language; English passes through.

    `lang` is switched by the render stage between pages; every template and every Python
    function of the render stage asks through the one instance (Context.t), so a language
    switch reaches macros imported and cached by Jinja as well."""

    def __init__(self, catalogues: dict[str, dict[str, str]] | None = None) -> None:
        self.catalogues = catalogues if catalogues is not None else {}
        self.lang = DEFAULT
        self.missing: dict[tuple[str, str], set[str]] = {}

    @classmethod
    def load(cls) -> Translator:
        return cls({lang: catalogue(lang) for lang in other_languages()})

    def gettext(self, msgid: str, where: str = "") -> str:
        if self.lang == DEFAULT or not msgid:
            return msgid
        text = self.catalogues.get(self.lang, {}).get(msgid)
        if text is None:
            self.missing.setdefault((self.lang, msgid), set()).add(where or "?")
            return msgid
        return text

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int, where: str = "") -> str:
        if self.lang == DEFAULT:
            return singular if n == 1 else plural
        return self.gettext(singular if n == 1 else plural, where)

    def problems(self) -> list[Problem]:
        """One problem per string without a translation: the language's catalogue, the string,
        and where it is used (template or module)."""
        return [
            Problem(
                str(po_path(lang).relative_to(ROOT)),
                None,
                "msgid",
                f'no {lang} translation of msgid "{msgid}" (used in {", ".join(sorted(where))});'
                " run `make messages`, fill the msgstr, unmark fuzzy",
            )
            for (lang, msgid), where in sorted(self.missing.items())
        ]


def install(env: jinja2.Environment, t: Translator) -> None:
    """Jinja2's i18n extension with the translator's callables: `{{ _("...") }}` and
    `{% trans %}`; the template asking is recorded for a missing string."""
    env.add_extension("jinja2.ext.i18n")

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, msgid: str) -> str:
        return t.gettext(msgid, context.name or "")

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, s: str, p: str, n: int) -> str:
        return t.ngettext(s, p, n, context.name or "")

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = lambda: t.lang


def untranslated(lang: str) -> list[str]:
    """Strings of locale/atlas.pot the language's catalogue lacks or marks fuzzy."""
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as fh:
        pot = read_po(fh)
    done = catalogue(lang)
    return [m.id for m in pot if m.id and not isinstance(m.id, tuple) and m.id not in done]


if __name__ == "__main__":  # `make messages` ends by listing what is left to translate
    for code in other_languages():
        left = untranslated(code)
        print(f"{po_path(code).relative_to(ROOT)}: {len(left)} to translate or unmark fuzzy")
        for msgid in left:
            print(f"  {msgid[:100]!r}")
