"""The words of theme pages in the page's language: a theme's prose
(metadata/translations/themes/<id>.<lang>.yaml laid over metadata/theme_pages.yaml), the theme
settings' labels (metadata/translations/theme_settings.<lang>.yaml), and the names of IOM's
routes and causes of death (metadata/translations/vocabularies.<lang>.yaml: the data carry
IOM's English names). A missing translation stops the build, naming the key and the language."""

from __future__ import annotations

from atlas.base import ROOT, load_yaml
from atlas.errors import InputError, Problem
from atlas.render.context import Context
from atlas.render.i18n import DEFAULT, overlay, translated_yaml

CAUSES_SEPARATOR = "; "  # a record with several causes: IOM joins them


def _missing(path: str, key: str, lang: str) -> InputError:
    return InputError([Problem(path, None, key, f"no {lang} translation of {key!r}")])


def local_theme(ctx: Context, theme: dict) -> dict:
    """A theme of metadata/theme_pages.yaml in the page's language."""
    if ctx.lang == DEFAULT:
        return theme
    stem = f"themes/{theme['id']}"
    translation = translated_yaml(stem, ctx.lang)
    if translation is None:
        raise _missing(f"metadata/translations/{stem}.{ctx.lang}.yaml", theme["id"], ctx.lang)
    return overlay(theme, translation)


def local_settings(ctx: Context) -> dict:
    """metadata/theme_settings.yaml in the page's language."""
    english = load_yaml(ROOT / "metadata" / "theme_settings.yaml")
    if ctx.lang == DEFAULT:
        return english
    return overlay(english, translated_yaml("theme_settings", ctx.lang))


def relabel(rows: list[dict], field: str, words: dict[str, str]) -> list[dict]:
    """Chart rows with `field` in the page's language (`words`: English -> local); new rows,
    the English ones stay as they are. A word `words` lacks stops the build."""
    unknown = sorted({r[field] for r in rows} - set(words))
    if unknown:
        raise ValueError(f"chart rows: no words for {field} {unknown!r}")
    return [dict(r, **{field: words[r[field]]}) for r in rows]


def iom_names(lang: str, routes: list[dict], causes: list[dict]) -> dict[str, str]:
    """IOM's route names and causes of death (bar rows' `category`) -> the language's; a cause
    that combines several is translated part by part."""
    english = {r["category"] for r in routes} | {c["category"] for c in causes}
    if lang == DEFAULT:
        return {e: e for e in english}
    path = f"metadata/translations/vocabularies.{lang}.yaml"
    words = translated_yaml("vocabularies", lang) or {}
    names = {
        **(words.get("missing_migrants_routes") or {}),
        **(words.get("missing_migrants_causes") or {}),
    }
    out = {}
    for r in routes:
        if r["category"] not in names:
            raise _missing(path, r["category"], lang)
        out[r["category"]] = names[r["category"]]
    for c in causes:
        parts = c["category"].split(CAUSES_SEPARATOR)
        for p in parts:
            if p not in names:
                raise _missing(path, p, lang)
        out[c["category"]] = CAUSES_SEPARATOR.join(names[p] for p in parts)
    return out
