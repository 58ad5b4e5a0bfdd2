"""Python/JavaScript twins on the same inputs: the table cell formatter (`cell_text` in
atlas/render/formats.py, `fmt` in docs/assets/atlas.js: the build writes a table, the browser
rewrites it after a click) and the gap segments of line charts (`segmented` in
atlas/render/specs.py for the static fallback, `segments` in atlas.js for the drawn chart).
A reader must never see the same cell change its text, or a line join a gap in one view only.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from atlas.base import ROOT
from atlas.render.formats import cell_text
from atlas.render.specs import segmented

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
SERIES = [
    {"series": "Mexico", "year": 2000, "value": 1},
    {"series": "Mexico", "year": 2001, "value": 2},
    {"series": "Mexico", "year": 2005, "value": 3},
    {"series": "Chile", "year": 2003, "value": 4},
    {"series": "Mexico", "year": 2006, "value": 5},
    {"series": "Chile", "year": 2001, "value": 6},
    {"series": "Chile", "year": 2002, "value": 7},
]


def js_function(name: str) -> str:
    """One function of atlas.js, as written (two-space indented, closed by `  }`)."""
    text = ATLAS_JS.read_text(encoding="utf-8")
    m = re.search(rf"^  function {name}\(.*?^  \}}$", text, flags=re.M | re.S)
    assert m, f"function {name} not found in {ATLAS_JS}"
    return m.group(0)


def run_js(functions: list[str], expression: str, payload) -> object:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    script = "\n".join(js_function(f) for f in functions)
    script += (
        f"\nconst input = JSON.parse(process.argv[1]);\nconsole.log(JSON.stringify({expression}));"
    )
    done = subprocess.run(
        ["node", "-e", script, json.dumps(payload)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_table_cells_read_the_same_in_python_and_javascript():
    js = run_js(["fmt"], "input.map(fmt)", CELLS)
    py = [cell_text(v) for v in CELLS]
    assert py == js


def test_whole_floats_read_as_integers():
    assert cell_text(5.0) == "5" and cell_text(1e-07) == "0.0000001"


def test_line_segments_are_the_same_in_python_and_javascript():
    js = run_js(["segments"], "segments(input)", SERIES)
    assert segmented(SERIES) == js
    # a gap (Mexico 2001 -> 2005) starts a new segment; consecutive years share one
    mexico = [r["segment"] for r in js if r["series"] == "Mexico"]
    assert mexico[0] == mexico[1] != mexico[2] == mexico[3]
