"""Numbers and text as pages show them, and rows as JSON: shared by every page kind.

`cell_text` has a JavaScript twin (`fmt` in docs/assets/atlas.js) that redraws a table
after a reader sorts or picks a year; tests/test_twins.py runs both on the same values.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
from babel.numbers import format_decimal
from markupsafe import Markup, escape


def short_number(value, unit: str = "") -> str:
    """Rounded for people (cards): '83.2 bn', '3.65 million', '12.3 %'."""
    if value is None or pd.isna(value):
        return "no data"
    v = float(value)
    suffix = " %" if unit.startswith("percent") else ""
    for limit, word in ((1e12, " tn"), (1e9, " bn"), (1e6, " million")):
        if abs(v) >= limit:
            return format_decimal(round(v / limit, 2), locale="en") + word + suffix
    if abs(v) >= 1000:
        return format_decimal(round(v), locale="en") + suffix
    return format_decimal(round(v, 3), locale="en") + suffix


def dump_json(path: Path, payload) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False),
        encoding="utf-8",
    )


def jsonable(value):
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts for JSON: missing -> null, whole-number floats -> ints (fast path)."""
    columns = []
    for name in frame.columns:
        col = frame[name]
        if (
            pd.api.types.is_float_dtype(col)
            and col.notna().all()
            and (col % 1 == 0).all()
            and (col.abs() < 1e15).all()
        ):
            col = col.astype("int64")
        values = col.astype(object).where(col.notna(), None).tolist()
        columns.append(
            [v.item() if hasattr(v, "item") else v for v in values]
            if col.dtype == object
            else values
        )
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def cell_text(value) -> str:
    """A table cell: full precision, grouped (en), blank when missing; as `fmt` in atlas.js."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            return f"{int(value):,}"
        # the shortest digits that give the value back, never in exponent notation: the browser's
        # twin (`fmt` in atlas.js) writes 0.0000001 where Python's format() writes 1e-07
        return f"{Decimal(repr(value)):,f}"
    return str(value)


def tbody_html(rows: list[dict], columns: list[tuple[str, str]]) -> Markup:
    """The data table's body, escaped, built once per chart."""
    fields = [f for f, _ in columns]
    out = []
    for r in rows:
        out.append(
            "<tr>" + "".join(f"<td>{escape(cell_text(r.get(f)))}</td>" for f in fields) + "</tr>"
        )
    return Markup("".join(out))


# Characters Python-Markdown gives a meaning to and lets a backslash escape.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(value) -> Markup:
    """Text from data in a Markdown context (a heading): every character Markdown would read as
    syntax is backslash-escaped, then the text is HTML-escaped, so a name shows as written and is
    never parsed as emphasis, a link or an attribute list (attr_list)."""
    return escape(MARKDOWN_SPECIAL.sub(r"\\\1", str(value)))
