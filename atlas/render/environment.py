"""The pages' Jinja2 environment: autoescaped (text from data is always escaped), strict about
undefined names, with the filters that write numbers, changes and Markdown in the page's
language. Kept apart from the render context so tests and the release stage can build one
without reading the package."""

from __future__ import annotations

import jinja2

from atlas.base import ROOT, load_yaml
from atlas.render.formats import (
    cell_text,
    change_text,
    code_spans,
    decimal_text,
    human_number,
    markdown_text,
    unit_format,
)
from atlas.render.i18n import Translator, install

TEMPLATES = ROOT / "templates"


def jinja_env(t: Translator | None = None) -> jinja2.Environment:
    """The pages' Jinja2 environment; `t` writes each string, number and name in the language
    of the page being written (English when not given)."""
    t = t or Translator()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every page: text from data is always escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    install(env, t)
    env.filters["number"] = lambda v, style="": cell_text(v, style, t.lang)
    units = load_yaml(ROOT / "metadata" / "units.yaml")
    # a value or a change as readers say it, in the terms of its unit (metadata/units.yaml)
    env.filters["short"] = lambda v, unit="": human_number(v, unit_format(unit, units), lang=t.lang)
    env.filters["change"] = lambda v, unit="": change_text(v, unit_format(unit, units), t.lang)
    # "%.1f" | format(x) in the page's language: x | fixed(1)
    env.filters["fixed"] = lambda v, decimals=0: decimal_text(v, decimals, t.lang)
    # a table cell style for values of the unit (its decimals), for tables the browser fills
    env.filters["decimals"] = lambda unit: str(unit_format(unit, units)["decimals"])
    env.filters["md"] = markdown_text
    env.filters["code_spans"] = code_spans
    return env
