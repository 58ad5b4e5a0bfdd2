"""Python/JavaScript twins on the same inputs: the table cell formatter (`cell_text` in
atlas/render/formats.py, `fmt` in docs/assets/atlas.js: the build writes a table, the browser
rewrites it after a click), the gap segments of line charts (`segmented` in
atlas/render/figures.py for the static fallback, `segments` in atlas.js for the drawn chart), and
the number words of axes (`number_expr`, a Vega expression run by the browser with d3-format)
against those of cards and labels (`human_number`).
A reader must never see the same cell change its text, or a line join a gap in one view only.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess

import pytest

from atlas.base import ROOT, load_yaml
from atlas.render.figures import segmented
from atlas.render.formats import (
    cell_text,
    d3_format_locale,
    human_number,
    number_expr,
    unit_format,
)
from atlas.render.spec_i18n import in_words

ATLAS_JS = ROOT / "docs" / "assets" / "atlas.js"
CELLS = [
    None,
    0,
    7,
    -12,
    1234567,
    0.5,
    1e-07,
    2.5e-05,
    0.30000000000000004,
    12.345,
    2827614.999999999,
    1e21,
    -1234567.891,
    123456789.12345679,
    "Côte d’Ivoire",
    "<b>x</b>",
    True,
    False,
]
STYLES = ["", "year", "0", "1", "3"]
NUMBERS = [0, 7, 2024, 1234567, 0.05, 0.125, 2.5, -0.04, 2.4771921250544, 90.491697, 1e21, -1.005]
SERIES = [
    {"series": "Mexico", "year": 2000, "value": 1},
    {"series": "Mexico", "year": 2001, "value": 2},
    {"series": "Mexico", "year": 2005, "value": 3},
    {"series": "Chile", "year": 2003, "value": 4},
    {"series": "Mexico", "year": 2006, "value": 5},
    {"series": "Chile", "year": 2001, "value": 6},
    {"series": "Chile", "year": 2002, "value": 7},
    # five-yearly (UN DESA): 2020 -> 2024 is within the usual step; one period skipped is a gap
    {"series": "Stock", "year": 1990, "value": 1},
    {"series": "Stock", "year": 1995, "value": 2},
    {"series": "Stock", "year": 2000, "value": 3},
    {"series": "Stock", "year": 2010, "value": 4},
    {"series": "Stock", "year": 2015, "value": 5},
    {"series": "Stock", "year": 2020, "value": 6},
    {"series": "Stock", "year": 2024, "value": 7},
    # a partial year (IOM Missing Migrants 2025: January-April) stands alone, not joined
    {"series": "Dead", "year": 2023, "value": 450},
    {"series": "Dead", "year": 2024, "value": 225},
    {"series": "Dead", "year": 2025, "value": 24, "flag": "partial_year"},
    {"series": "Pair", "year": 2010, "value": 1},
    {"series": "Pair", "year": 2020, "value": 2},
]


def js_function(name: str) -> str:
    """One function of atlas.js, as written (two-space indented, closed by `  }`)."""
    text = ATLAS_JS.read_text(encoding="utf-8")
    m = re.search(rf"^  function {name}\(.*?^  \}}$", text, flags=re.M | re.S)
    assert m, f"function {name} not found in {ATLAS_JS}"
    return m.group(0)


def run_js(functions: list[str], expression: str, payload, prelude: str = "") -> object:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    script = prelude + "\n".join(js_function(f) for f in functions)
    script += (
        f"\nconst input = JSON.parse(process.argv[1]);\nconsole.log(JSON.stringify({expression}));"
    )
    done = subprocess.run(
        ["node", "-e", script, json.dumps(payload)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_table_cells_read_the_same_in_python_and_javascript():
    js = run_js(["fmt"], "input.map((v) => fmt(v))", CELLS)
    py = [cell_text(v) for v in CELLS]
    assert py == js


def test_styled_cells_read_the_same_in_python_and_javascript():
    pairs = [[v, style] for v in NUMBERS for style in STYLES]
    js = run_js(["fmt"], "input.map(p => fmt(p[0], p[1]))", pairs)
    assert [cell_text(v, style) for v, style in pairs] == js


def test_years_read_as_years_and_values_at_their_precision():
    assert cell_text(2024, "year") == "2024"
    assert cell_text(2.4771921250544, "1") == "2.5" and cell_text(90.491697, "3") == "90.492"
    assert cell_text(1234567.0, "0") == "1,234,567" and cell_text(-0.04, "1") == "0.0"


def test_axis_words_agree_with_card_words():
    """The Vega expression of an axis label (run on d3-format with the language's locale, as
    Vega runs it) writes a number as `human_number` does, for every unit whose format uses
    words, in every language: singular and plural words included ("1 millón", "1,5 million")."""
    units = load_yaml(ROOT / "metadata" / "units.yaml")
    values = [0, 500, 250000, 1e6, 1234567, 1.5e6, 1.996e6, 1e9, 70.2e9, 52375047, 3.2e12, -4.5e6]
    cases = []
    for lang in ("en", "es", "fr"):
        locale = None if lang == "en" else d3_format_locale(lang)
        for unit in units["units"]:
            fmt = unit_format(unit, units)
            if fmt.get("words"):
                expr = in_words(number_expr(fmt), lang) if locale else number_expr(fmt)
                cases += [[expr, v, locale, human_number(v, fmt, lang=lang)] for v in values]
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    d3 = (ROOT / "node_modules" / "d3-format" / "dist" / "d3-format.js").read_text()
    script = (
        "const vm = require('vm'); const box = {}; vm.runInNewContext(process.argv[1], box);\n"
        "const abs = Math.abs; const round = Math.round;\n"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "const out = cases.map(([e, v, loc]) => {\n"
        "  const d3f = loc ? box.d3.formatLocale(loc).format : box.d3.format;\n"
        "  const format = (x, s) => d3f(s)(x);\n"
        "  const datum = {value: v}; return eval(e); });\n"
        "console.log(JSON.stringify(out));"
    )
    done = subprocess.run(
        ["node", "-e", script, d3],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
    )
    js = json.loads(done.stdout)
    assert js == [c[3] for c in cases]
    assert "US$ 70.2 billion" in js and "52.4 million" in js and "250,000" in js
    assert "1 millón" in js and "1,5 millones" in js and "1,5 million" in js and "2 millions" in js


def test_whole_floats_read_as_integers():
    assert cell_text(5.0) == "5" and cell_text(1e-07) == "0.0000001"


def test_line_segments_are_the_same_in_python_and_javascript():
    js = run_js(["usualStep", "segments"], "segments(input)", SERIES)
    assert segmented(SERIES) == js
    # a gap (Mexico 2001 -> 2005) starts a new segment; consecutive years share one
    mexico = [r["segment"] for r in js if r["series"] == "Mexico"]
    assert mexico[0] == mexico[1] != mexico[2] == mexico[3]


def test_sparse_series_join_their_observed_years():
    """Five-yearly stocks are one line (2020 -> 2024 too); a skipped period (2000 -> 2010)
    breaks it; two points ten years apart are joined."""
    rows = segmented(SERIES)
    stock = [r["segment"] for r in rows if r["series"] == "Stock"]
    assert stock[0] == stock[1] == stock[2] != stock[3] == stock[4] == stock[5] == stock[6]
    pair = [r["segment"] for r in rows if r["series"] == "Pair"]
    assert pair[0] == pair[1]


def test_a_partial_year_is_never_joined_to_full_years():
    """Joined to 2024, January-April 2025 draws a collapse (issue 18, finding 3): in both
    twins the partial year is a segment of its own, a hollow point alone."""
    for rows in (segmented(SERIES), run_js(["usualStep", "segments"], "segments(input)", SERIES)):
        dead = {r["year"]: r["segment"] for r in rows if r["series"] == "Dead"}
        assert dead[2023] == dead[2024] != dead[2025]


# the fields atlas.js leaves out of a CSV (as DRAWING_FIELDS in atlas/render/output.py)
DRAWING_FIELDS = re.search(
    r"^  var DRAWING_FIELDS = .*?;$", ATLAS_JS.read_text(encoding="utf-8"), flags=re.M
).group(0)
CSV_CASES = [
    # a country's chart: every row says the country
    {
        "chart": {"entity": "Mexico", "code": "MEX", "unit": "persons", "years": "2000–2024"},
        "fields": ["series", "year", "value", "flag_note"],
        "rows": [
            {"series": "Emigrants", "year": 2000, "value": 9367663, "segment": "Emigrants#1"},
            {
                "series": "Emigrants",
                "year": 2005,
                "value": 0.30000000000000004,
                "flag": "e",
                "flag_note": 'estimate, "modelled", with commas',
            },
            {"series": "Immigrants", "year": 2024, "value": None},
        ],
    },
    # rows that name their own place (peers, maps, picked countries), with fields to leave out
    {
        "chart": {"entity": "", "code": "", "unit": "index (0-1)", "years": "2023"},
        "fields": ["rank", "name", "value", "year", "flag_note"],
        "rows": [
            {
                "rank": 1,
                "iso3": "ISL",
                "name": "Iceland",
                "id": "352",
                "year": 2023,
                "value": 0.972,
                "bin": "0.9 and more",
                "bin_order": 4,
            },
            {"series": "World", "code": "WLD", "year": 2020, "value": 1e-07, "coverage": 0.99},
            {"series": "Asia", "code": "ASI", "year": 2020, "value": 2.5e-05, "coverage": 1e16},
            {"series": "Africa", "code": "AFR", "year": 2020, "value": 1e15, "coverage": 1.5},
        ],
    },
    # no year column, no value column
    {
        "chart": {
            "entity": "Tonga",
            "code": "TON",
            "unit": "score (0-100, 100 best)",
            "years": "2020–2025",
        },
        "fields": ["label", "score", "rank", "coverage"],
        "rows": [{"order": 0, "label": "Global Index", "score": 78.893122, "rank": 31}],
    },
]


def test_chart_csvs_read_the_same_from_python_and_javascript():
    """`csv_table` + the csv module (the build's chart CSVs) and `csvText` (atlas.js: the CSV of
    the rows a reader picked) write the same file for the same rows."""
    from atlas.render.chart import Chart
    from atlas.render.output import csv_table

    expected = []
    for case in CSV_CASES:
        c = case["chart"]
        chart = Chart(
            "k/x",
            "lines",
            "T",
            "",
            {},
            case["rows"],
            [(f, f) for f in case["fields"]],
            "Publisher — Dataset, with a comma",
            "CC BY 4.0",
            c["years"],
            "",
            entity=c["entity"],
            code=c["code"],
            unit=c["unit"],
        )
        fields, table = csv_table(chart, case["rows"])
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(table)
        expected.append(out.getvalue())
    fake = (
        "input.map((c) => csvText({dataset: Object.assign({source: 'Publisher — Dataset, with a"
        " comma', license: 'CC BY 4.0'}, c.chart), querySelectorAll: () => c.fields.map((f) =>"
        " ({dataset: {field: f}}))}, c.rows))"
    )
    js = run_js(["csvCell", "csvText"], fake, CSV_CASES, prelude=DRAWING_FIELDS)
    assert js == expected
