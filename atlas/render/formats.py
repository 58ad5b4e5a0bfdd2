"""Numbers and text as pages show them, and rows as JSON: shared by every page kind.

`cell_text` has a JavaScript twin (`fmt` in docs/assets/atlas.js) that redraws a table
after a reader sorts or picks a year; tests/test_twins.py runs both on the same values.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
from babel.numbers import format_decimal
from markupsafe import Markup, escape

# large numbers in words (cards, labels, and axes through `number_expr`); never SI prefixes
WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def unit_format(unit: str, units: dict) -> dict:
    """How numbers of `unit` read (metadata/units.yaml): its format entry with the unit's
    scale and the format's name; a unit not listed reads as a plain number."""
    entry = units["units"].get(unit, {"format": "number"})
    return {
        **units["formats"][entry["format"]],
        "name": entry["format"],
        "scale": entry.get("scale", 1),
    }


def _significant(value: float, digits: int) -> str:
    """`value` to `digits` significant digits, grouped, trailing zeros dropped (as d3's ~r)."""
    return format_decimal(float(f"{value:.{digits}g}"), locale="en")


def human_number(value, fmt: dict, digits: int = 3) -> str:
    """A number as readers say it (cards, bar labels, map classes): 'US$ 70.2 billion',
    '12.3 million', '250,000', '4.5 %', '0.812'; never an SI prefix."""
    if value is None or pd.isna(value):
        return "no data"
    v = float(value) * fmt.get("scale", 1)
    # the minus sign as d3-format (axis labels) writes it
    sign, v = ("−" if v < 0 else ""), abs(v)
    word = next(((limit, w) for limit, w in WORDS if abs(v) >= limit), None)
    if fmt.get("words") and word:
        text = f"{_significant(v / word[0], digits)} {word[1]}"
    elif fmt.get("words") and abs(v) >= 1000:
        text = format_decimal(round(v), locale="en")
    elif fmt.get("words"):
        text = _significant(v, digits)
    else:  # shares to one decimal, indices to three (the format's decimals)
        text = format_decimal(round(v, fmt["decimals"]), locale="en")
    return f"{fmt.get('prefix', '')}{sign}{text}{fmt.get('suffix', '')}"


def change_text(value, fmt: dict) -> str:
    """A change of a value, signed, in the value's own terms: percent values change by
    percentage points ('+1.2 percentage points'), others as `human_number` says them."""
    if value is None or pd.isna(value):
        return "no data"
    if fmt.get("change"):
        sign = "+" if float(value) > 0 else "−" if float(value) < 0 else ""
        return f"{sign}{_significant(abs(float(value)), 2)} {fmt['change']}"
    return ("+" if float(value) > 0 else "") + human_number(value, fmt)


def number_expr(fmt: dict, var: str = "datum.value") -> str:
    """A Vega expression writing a number as readers say it, for axis labels: words from a
    million ("US$ 70 billion", "12 million"), the unit's prefix or suffix ("4 %"), never an
    SI prefix ("70G", "800m"). Words formats agree with `human_number` (tests/test_twins.py)."""
    scale = fmt.get("scale", 1)
    v = f"({var} * {scale:g})" if scale != 1 else var
    if fmt.get("words"):
        expr = f"abs({v}) >= 1000 ? format(round({v}), ',') : format({v}, ',.3~r')"
        for limit, word in reversed(WORDS):
            expr = f"abs({v}) >= {int(limit)} ? format({v} / {int(limit)}, ',.3~r') + ' {word}' : ({expr})"
    else:
        expr = f"format({v}, ',.6~r')"
    prefix, suffix = fmt.get("prefix", ""), fmt.get("suffix", "")
    return f"{json.dumps(prefix)} + ({expr}) + {json.dumps(suffix)}".replace('"', "'")


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


def cell_text(value, style: str = "") -> str:
    """A table cell, grouped (en), blank when missing; as `fmt` in atlas.js. `style` is the
    column's: "year" (2024, never 2,024), a number of decimals ("1": shares, "3": indices;
    halves round away from zero, as the browser's Intl does), or "" for full precision."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value != value:
        return ""
    if style == "year" and isinstance(value, int | float):
        return str(int(value))
    if style.isdigit() and isinstance(value, int | float):
        exact = Decimal(value).quantize(Decimal(1).scaleb(-int(style)), rounding=ROUND_HALF_UP)
        return f"{exact:,f}" if exact != 0 else f"{abs(exact):,f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer():
            return f"{int(value):,}"
        # the shortest digits that give the value back, never in exponent notation: the browser's
        # twin (`fmt` in atlas.js) writes 0.0000001 where Python's format() writes 1e-07
        return f"{Decimal(repr(value)):,f}"
    return str(value)


def tbody_html(rows: list[dict], columns: list[tuple[str, str]], styles: dict) -> Markup:
    """The data table's body, escaped, built once per chart; `styles`: each field's cell style."""
    fields = [f for f, _ in columns]
    out = []
    for r in rows:
        out.append(
            "<tr>"
            + "".join(f"<td>{escape(cell_text(r.get(f), styles.get(f, '')))}</td>" for f in fields)
            + "</tr>"
        )
    return Markup("".join(out))


# Characters Python-Markdown gives a meaning to and lets a backslash escape.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def sort_key(name: str) -> str:
    """A name as readers alphabetise it: accents aside ("Türkiye" beside "Turkmenistan", "Åland
    Islands" under A), case aside."""
    return unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().casefold()


def markdown_text(value) -> Markup:
    """Text from data in a Markdown context (a heading): every character Markdown would read as
    syntax is backslash-escaped, then the text is HTML-escaped, so a name shows as written and is
    never parsed as emphasis, a link or an attribute list (attr_list)."""
    return escape(MARKDOWN_SPECIAL.sub(r"\\\1", str(value)))
