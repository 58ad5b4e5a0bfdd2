"""What charts are made of, on small inputs (fast tier): map classes robust to one giant, series
worth drawing, corridor partners (never "Unknown"), numbers in words (never SI prefixes)."""

from __future__ import annotations

import re

import pandas as pd

from atlas import analyse
from atlas.base import ROOT, load_yaml
from atlas.render.figures import drawable, headline_figures, map_classes
from atlas.render.formats import change_text, code_spans, human_number, unit_format

UNITS = load_yaml(ROOT / "metadata" / "units.yaml")
SI = re.compile(r"\d\s?[kMGTmµ]$")


def test_one_giant_does_not_paint_the_world_alike():
    rows = [{"value": v} for v in [*range(1, 100), 52_375_047]]
    classes = map_classes(rows, unit_format("persons", UNITS))
    assert len({r["bin"] for r in classes}) == 5
    assert classes[-1]["bin"] == classes[-2]["bin"]  # the giant shares the top class
    assert [r["bin_order"] for r in classes] == sorted(r["bin_order"] for r in classes)


def test_all_zero_and_missing_series_are_not_drawn():
    rows = [
        {"series": "a", "year": 2000, "value": 0},
        {"series": "a", "year": 2001, "value": 0},
        {"series": "b", "year": 2000, "value": None},
        {"series": "c", "year": 2000, "value": 0},
        {"series": "c", "year": 2001, "value": 5},
    ]
    assert [r["series"] for r in drawable(rows)] == ["c", "c"]


def test_unknown_origins_count_in_the_total_but_are_not_ranked():
    bilateral = pd.DataFrame(
        [
            ("migrant_stock", "OOO", "TON", 2024, "total", 100.0),
            ("migrant_stock", "NZL", "TON", 2024, "total", 60.0),
            ("migrant_stock", "AUS", "TON", 2024, "total", 40.0),
        ],
        columns=["measure", "from_iso3", "to_iso3", "year", "sex", "value"],
    )
    top = analyse.top_partners(bilateral, "migrant_stock", "to_iso3", 10, ["NZL", "AUS"])
    assert list(top["partner_iso3"]) == ["NZL", "AUS"]
    assert list(top["of_total"]) == [0.3, 0.2]


def test_numbers_read_in_words_never_si_prefixes():
    said = {
        "current US$": (70.2e9, "US$ 70.2 billion"),
        "persons": (12_345_678, "12.3 million"),
        "percent": (4.4771, "4.5 %"),
        "index (0–1)": (0.8123, "0.812"),
        "US$ million (current)": (1234.5, "US$ 1.23 billion"),
    }
    for unit, (value, text) in said.items():
        assert human_number(value, unit_format(unit, UNITS)) == text
        assert not SI.search(text)
    assert change_text(1.234, unit_format("percent", UNITS)) == "+1.2 percentage points"


def test_every_unit_of_the_metadata_has_a_format():
    used = {i["unit"] for i in load_yaml(ROOT / "metadata" / "indicators.yaml")["indicators"]}
    used |= {m["unit"] for m in load_yaml(ROOT / "metadata" / "measures.yaml")["measures"].values()}
    assert used <= set(UNITS["units"]), used - set(UNITS["units"])


def test_a_partial_latest_year_leaves_the_latest_complete_one_on_home():
    """Dead and missing: 2025 is January–April only and not aggregated; home shows 2024 (it
    showed 2023, dropping the latest aggregate instead of the partial year)."""
    agg = pd.DataFrame(
        [("dm", "WLD", y, "total", v) for y, v in [(2023, 8755), (2024, 9191)]],
        columns=["indicator_id", "group", "year", "sex", "value"],
    )
    heads = headline_figures(
        agg,
        [{"indicator": "dm", "group": "WLD", "label": "x", "latest_year_partial": True}],
        {"dm": {"source_id": "s"}},
        {"s": {}},
        {"dm": (2014, 2025)},
    )
    assert heads[0]["row"]["year"] == 2024


def test_code_spans_escape_first_then_set_backticks_as_code():
    """The package's resource descriptions name fields in `backticks`; on the Data page (an
    HTML block, where Markdown is not read) they become code, and the text stays escaped."""
    assert code_spans("see the package's `measures`") == (
        "see the package&#39;s <code>measures</code>"
    )
    assert code_spans("`<script>` & `a`") == "<code>&lt;script&gt;</code> &amp; <code>a</code>"
