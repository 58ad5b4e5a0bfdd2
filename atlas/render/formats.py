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
from babel import Locale
from babel.numbers import format_decimal, get_currency_symbol
from markupsafe import Markup, escape

from atlas.render.i18n import i18n_config

# large numbers in words (cards, labels, and axes through `number_expr`); never SI prefixes;
# per language in metadata/i18n.yaml (`numbers`)
WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def number_words(lang: str) -> tuple[tuple[float, str], ...]:
    """The language's words for large numbers, largest first (metadata/i18n.yaml)."""
    if lang == "en":
        return WORDS
    return tuple((float(n), w) for n, w in i18n_config()["numbers"][lang]["words"])


def word_after(number: float, word: str, lang: str) -> str:
    """A large-number word as it follows `number` (as written): singular where CLDR's plural
    rule says "one" ("1 millón", "1,5 million"), else the listed plural."""
    if lang == "en" or Locale.parse(lang).plural_form(number) != "one":
        return word
    return i18n_config()["numbers"][lang].get("singular", {}).get(word, word)


def no_data(lang: str) -> str:
    """What a card says where there is no value, in the language."""
    return i18n_config()["numbers"][lang]["no_data"]


def change_words(words: str, lang: str) -> str:
    """A unit's change words ("percentage points") in the language (metadata/i18n.yaml)."""
    return words if lang == "en" else i18n_config()["numbers"][lang]["change"][words]


def unit_format(unit: str, units: dict) -> dict:
    """How numbers of `unit` read (metadata/units.yaml): its format entry with the unit's
    scale and the format's name; a unit not listed reads as a plain number."""
    entry = units["units"].get(unit, {"format": "number"})
    return {
        **units["formats"][entry["format"]],
        "name": entry["format"],
        "scale": entry.get("scale", 1),
    }


def _significant(value: float, digits: int, lang: str = "en") -> str:
    """`value` to `digits` significant digits, grouped, trailing zeros dropped (as d3's ~r)."""
    return format_decimal(float(f"{value:.{digits}g}"), locale=lang)


def human_number(value, fmt: dict, digits: int = 3, lang: str = "en") -> str:
    """A number as readers say it (cards, bar labels, map classes): 'US$ 70.2 billion',
    '12.3 million', '250,000', '4.5 %', '0.812'; never an SI prefix. In Spanish and French
    with the language's separators (CLDR, through Babel) and words: '70,2 mil millones'."""
    if value is None or pd.isna(value):
        return "no data" if lang == "en" else no_data(lang)
    v = float(value) * fmt.get("scale", 1)
    # the minus sign as d3-format (axis labels) writes it
    sign, v = ("−" if v < 0 else ""), abs(v)
    word = next(((limit, w) for limit, w in number_words(lang) if abs(v) >= limit), None)
    if fmt.get("words") and word:
        said = float(f"{v / word[0]:.{digits}g}")
        text = f"{_significant(v / word[0], digits, lang)} {word_after(said, word[1], lang)}"
    elif fmt.get("words") and abs(v) >= 1000:
        text = format_decimal(round(v), locale=lang)
    elif fmt.get("words"):
        text = _significant(v, digits, lang)
    else:  # shares to one decimal, indices to three (the format's decimals)
        text = format_decimal(round(v, fmt["decimals"]), locale=lang)
    return f"{fmt.get('prefix', '')}{sign}{text}{fmt.get('suffix', '')}"


def partner_label(total, of_total: float, fmt: dict, lang: str = "en") -> str:
    """A top partner's bar label: its number and its share of all partners, "1.55 million
    (63.8 %)" (the build's bar labels; Spanish and French figures redraw theirs from the
    same numbers, spec_i18n.BAR_LABELS)."""
    return f"{human_number(total, fmt, lang=lang)} ({share_text(of_total, lang)})"


def share_text(of_total: float, lang: str = "en") -> str:
    """A share (0-1) of all partners as bar labels write it: "63.8 %", never "0.0 %"."""
    if of_total < 0.001:
        return f"<{decimal_text(0.1, 1, lang)} %"
    return f"{decimal_text(of_total * 100, 1, lang)} %"


def change_text(value, fmt: dict, lang: str = "en") -> str:
    """A change of a value, signed, in the value's own terms: percent values change by
    percentage points ('+1.2 percentage points'), others as `human_number` says them."""
    if value is None or pd.isna(value):
        return "no data" if lang == "en" else no_data(lang)
    if fmt.get("change"):
        sign = "+" if float(value) > 0 else "−" if float(value) < 0 else ""
        words = change_words(fmt["change"], lang)
        return f"{sign}{_significant(abs(float(value)), 2, lang)} {words}"
    return ("+" if float(value) > 0 else "") + human_number(value, fmt, lang=lang)


def decimal_text(value, decimals: int, lang: str = "en") -> str:
    """A number to a fixed number of decimals in the language (templates' `x | fixed(1)`, which
    replaced `"%.1f" | format(x)`): the same digits as "%.1f", with the language's separators
    (45.3, 45,3); never grouped, as "%.1f"."""
    text = f"{float(value):.{decimals}f}"
    if lang == "en":
        return text
    pattern = "0." + "0" * decimals if decimals else "0"
    return format_decimal(Decimal(text), format=pattern, locale=lang)


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


def d3_format_locale(lang: str) -> dict:
    """Vega's number locale (d3-format's `formatLocale`) for axes and tooltips in `lang`, from
    CLDR through Babel, as the pages' own numbers: decimal and group separators, groups of
    three, and the US dollar as the language writes it. The minus stays d3's "−", as the
    cards' (`human_number`)."""
    loc = Locale.parse(lang)
    symbols = loc.number_symbols["latn"]
    pattern = loc.currency_formats["standard"].pattern
    dollar = get_currency_symbol("USD", lang)
    before = pattern.split(";")[0].strip().startswith("¤")
    return {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [3],
        "currency": [dollar, ""] if before else ["", "\u00a0" + dollar],
        "percent": symbols["percentSign"],
    }


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


def cell_text(value, style: str = "", lang: str = "en") -> str:
    """A table cell, grouped, blank when missing; as `fmt` in atlas.js. `style` is the
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
    if lang != "en" and isinstance(value, int | float):
        return _cell_in(value, style, lang)
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


def _cell_in(value: float, style: str, lang: str) -> str:
    """`cell_text` of a number in another language than English: CLDR's separators and grouping
    (Babel), as the browser's Intl.NumberFormat writes them."""
    if style.isdigit():
        d = int(style)
        exact = Decimal(value).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
        pattern = "#,##0." + "0" * d if d else "#,##0"
        return format_decimal(abs(exact) if exact == 0 else exact, format=pattern, locale=lang)
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(Decimal(repr(value)), locale=lang, decimal_quantization=False)
    return format_decimal(int(value), locale=lang)


def tbody_html(
    rows: list[dict], columns: list[tuple[str, str]], styles: dict, lang: str = "en"
) -> Markup:
    """The data table's body, escaped, built once per chart; `styles`: each field's cell style."""
    fields = [f for f, _ in columns]
    out = []
    for r in rows:
        out.append(
            "<tr>"
            + "".join(
                f"<td>{escape(cell_text(r.get(f), styles.get(f, ''), lang))}</td>" for f in fields
            )
            + "</tr>"
        )
    return Markup("".join(out))


# Characters Python-Markdown gives a meaning to and lets a backslash escape.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def sort_key(name: str) -> str:
    """A name as readers alphabetise it: accents aside ("Türkiye" beside "Turkmenistan", "Åland
    Islands" under A), case aside."""
    return unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().casefold()


def code_spans(value) -> Markup:
    """Text from metadata that names fields and files in Markdown's `backticks`, for an HTML
    block (where Markdown is not read): escaped, then each `span` set as code."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(str(value)))))


def markdown_text(value) -> Markup:
    """Text from data in a Markdown context (a heading): every character Markdown would read as
    syntax is backslash-escaped, then the text is HTML-escaped, so a name shows as written and is
    never parsed as emphasis, a link or an attribute list (attr_list)."""
    return escape(MARKDOWN_SPECIAL.sub(r"\\\1", str(value)))
