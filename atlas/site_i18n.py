"""The site stage's part of the languages (issue #22): each language's navigation and site
name for mkdocs-static-i18n, from the pages the render stage wrote in that language and from
its gettext catalogue. A navigation entry whose page has no es/fr file is left out of that
language's navigation (the page kind is untranslated: metadata/i18n.yaml); a section left
empty goes too."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

from babel.dates import format_date

from atlas.base import current_release
from atlas.errors import InputError
from atlas.render.i18n import DEFAULT, Translator, localized_path, other_languages

SITE_NAME = "Migration & Development Atlas"
# words of the theme in mkdocs.yml `extra` that each language translates (footer, print line)
THEME_WORDS = ("made_with", "version_word")


def localized_nav(nav: list, docs_dir: Path, lang: str, t: Translator) -> list:
    """The navigation in `lang`: entries whose page exists in the language, titled in it."""
    out = []
    for item in nav:
        if isinstance(item, str):
            if (docs_dir / localized_path(item, lang)).is_file():
                out.append(localized_path(item, lang))
            continue
        ((title, target),) = item.items()
        if isinstance(target, list):
            children = localized_nav(target, docs_dir, lang, t)
            if children:
                out.append({t.gettext(title, "mkdocs.yml nav"): children})
        elif (docs_dir / localized_path(target, lang)).is_file():
            out.append({t.gettext(title, "mkdocs.yml nav"): localized_path(target, lang)})
    return out


def localized_footer(copyright_: str, lang: str, t: Translator) -> str:
    """The footer in `lang` (atlas.site.footer in English): the copyright line, the version
    and the release date as the language writes dates (CLDR, through Babel)."""
    record = current_release()
    day = format_date(dt.date.fromisoformat(str(record["date"])), format="long", locale=lang)
    version = t.gettext("Version %(version)s, released %(date)s", "atlas/site_i18n.py")
    text = t.gettext(copyright_, "mkdocs.yml copyright")
    return f"{text} · {version % {'version': record['version'], 'date': day}}"


def theme_words(config: dict, t: Translator) -> dict[str, str]:
    """mkdocs.yml `extra` words of the theme (THEME_WORDS) in the translator's language."""
    english = {key: config["extra"][key] for key in THEME_WORDS}
    return {key: t.gettext(text, "mkdocs.yml extra") for key, text in english.items()}


def with_languages(config: dict, docs_dir: Path, t: Translator | None = None) -> dict:
    """The MkDocs config with each language's navigation and site name (i18n plugin)."""
    t = t or Translator.load()
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            for lang in plugin["i18n"]["languages"]:
                code = lang["locale"]
                if code == DEFAULT or code not in other_languages():
                    continue
                t.lang = code
                lang["nav"] = localized_nav(config["nav"], docs_dir, code, t)
                lang["site_name"] = t.gettext(SITE_NAME, "mkdocs.yml site_name")
                lang["copyright"] = localized_footer(config["copyright"], code, t)
                # the theme's words Material leaves in English (its credit line, and ours)
                lang["extra"] = theme_words(config, t)
    t.lang = DEFAULT
    if t.missing:
        raise InputError(t.problems())
    return config


def relative_alternates(config) -> None:
    """The language switcher's links (Material's `extra.alternate`, set by the i18n plugin) as
    paths from the site's root ("es/" for "/es/"), which Material then writes relative to the
    page: the site works from any folder, and offline."""
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    for alt in alternates:
        link = alt.get("link", "")
        if link.startswith("/"):
            alt["link"] = link.lstrip("/") or "."


def without_alternate_links(html: str) -> str:
    """A page without Material's `<link rel="alternate" hreflang>` tags: Material's script
    fetches <link>/sitemap.xml for each (it expects language roots; the i18n plugin writes the
    page's own address), a 404 and a console error on every page. The hreflang alternates are
    in the sitemaps instead (each page with its alternates, `xhtml:link`), and the switcher's
    links (`<a hreflang>`) lead to the same page in each language."""
    return re.sub(r'<link rel="alternate" href="[^"]*" hreflang="[a-z]{2}">\n?\s*', "", html)


def language_sitemaps(site_dir: Path, site_url: str) -> None:
    """A sitemap per language other than English (<lang>/sitemap.xml): the site's sitemap.xml
    (every language, each page with its hreflang alternates) cut to that language's pages."""
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("<url>")
    urls = re.findall(r"<url>.*?</url>", "<url>" + rest, flags=re.S)
    for lang in other_languages():
        mine = [u for u in urls if f"<loc>{site_url}{lang}/" in u]
        body = "\n    ".join(mine)
        target = site_dir / lang / "sitemap.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"{head}    {body}\n</urlset>\n", encoding="utf-8")


def restored_assets(files, config, default_build: bool):
    """The build's files with the assets mkdocs-static-i18n dropped put back: it reads the
    second suffix of a name as a language ("lines.vl.json" as language "vl") and, that language
    not being built, leaves the file out, so every chart's Vega-Lite spec would be missing.
    Only the English build writes the shared files (the others link to them)."""
    if not default_build:
        return files
    from mkdocs.structure.files import get_files  # noqa: PLC0415 (MkDocs, only in its build)

    langs = {lang["locale"] for lang in config.plugins["i18n"].config["languages"]}
    have = {f.src_uri for f in files}
    for f in get_files(config):
        if f.src_uri in have or f.is_documentation_page():
            continue
        parts = f.name.split(".")
        if len(parts) > 1 and parts[-1] not in langs:
            files.append(f)
    return files


MD_LINK = re.compile(r"\]\(([^)\s#:]+\.md)(#[^)\s]*)?\)")


def page_dir(src: str) -> str:
    """The folder a page is served from (use_directory_urls): about/sources.md -> about/sources,
    about/index.md -> about, index.md -> ".", a language suffix (about/index.es.md) aside."""
    src = re.sub(r"\.[a-z]{2}\.md$", ".md", src)
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return posixpath.dirname(stem) or "."
    return stem


def english_links(markdown: str, src_uri: str, lang: str, docs_dir: Path) -> str:
    """A hand-written Spanish or French page (docs/about/index.es.md) with its links to pages
    not translated yet (no <path>.<lang>.md) leading to the English page's address: MkDocs would
    leave them as dead ".md" links in that language's build."""
    if lang == DEFAULT:
        return markdown
    base = posixpath.dirname(src_uri)
    here = posixpath.join(lang, page_dir(src_uri))

    def swap(m: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(base, m.group(1)))
        if (docs_dir / localized_path(target, lang)).is_file() or not (docs_dir / target).is_file():
            return m.group(0)
        url = posixpath.relpath(page_dir(target), here).rstrip("/") + "/"
        return f"]({url}{m.group(2) or ''})"

    return MD_LINK.sub(swap, markdown)
