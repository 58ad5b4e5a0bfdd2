"""The site stage's part of the languages (issue #22): each language's navigation and site
name for mkdocs-static-i18n, from the pages the render stage wrote in that language and from
its gettext catalogue. A navigation entry whose page has no es/fr file is left out of that
language's navigation (the page kind is untranslated: metadata/i18n.yaml); a section left
empty goes too."""

from __future__ import annotations

from pathlib import Path

from atlas.errors import InputError
from atlas.render.i18n import DEFAULT, Translator, localized_path, other_languages

SITE_NAME = "Migration & Development Atlas"


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
    t.lang = DEFAULT
    if t.missing:
        raise InputError(t.problems())
    return config
