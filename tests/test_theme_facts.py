"""atlas/render/theme_facts.py on small hand-made tables: the origin/destination thresholds,
shares of parties per group, cumulative parties, ratios of sums by group, and the remittance
dip measured on a constant set of places (a place that reports late must not make a rise)."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.render.theme_facts import (
    ageing_rows,
    cumulative_parties,
    origin_destination,
    party_shares,
    remittance_dip,
)

OD = {"year": 2024, "origin_ratio": 2, "destination_ratio": 0.5}


def _index(values: dict) -> dict:
    """{(place, indicator): {year: value}} -> the context's series index."""
    return {
        (p, i, "total"): [(y, v, "") for y, v in sorted(by_year.items())]
        for (p, i), by_year in values.items()
    }


def test_origin_destination_thresholds_are_inclusive():
    index = _index(
        {
            ("AAA", "emigrants"): {2024: 200},
            ("AAA", "migrant_stock"): {2024: 100},  # ratio 2: origin
            ("BBB", "emigrants"): {2024: 50},
            ("BBB", "migrant_stock"): {2024: 100},  # ratio 0.5: destination
            ("CCC", "emigrants"): {2024: 150},
            ("CCC", "migrant_stock"): {2024: 100},  # both
            ("DDD", "emigrants"): {2024: 150},  # no immigrants: no ratio, left out
            ("EEE", "emigrants"): {2020: 1},
            ("EEE", "migrant_stock"): {2024: 1},  # another year: left out
        }
    )
    got = origin_destination(index, ["AAA", "BBB", "CCC", "DDD", "EEE"], OD)
    assert {c: g["group"] for c, g in got.items()} == {
        "AAA": "origin",
        "BBB": "destination",
        "CCC": "both",
    }


def test_party_shares_and_cumulative_parties():
    rat = pd.DataFrame(
        {
            "instrument": ["x"] * 4 + ["y"],
            "iso3": ["A", "B", "C", "D", "A"],
            "status": ["party", "signatory", "party", "none", "party"],
            "year": pd.array([1995, None, 2001, None, 1990], dtype="Int64"),
        }
    )
    rows, facts = party_shares(
        rat,
        "x",
        {"A": "g1", "B": "g1", "C": "g2"},
        {"g1": "One", "g2": "Two"},
        "{parties}/{members}",
    )
    assert [(r["category"], r["value"], r["label"]) for r in rows] == [
        ("One", 50.0, "1/2"),
        ("Two", 100.0, "1/1"),
    ]
    assert facts["g1"] == {"parties": 1, "members": 2, "share": 50.0}
    cum = cumulative_parties(rat, [{"id": "x", "short_en": "X", "adopted": 1994}], 2002)
    by_year = {r["year"]: r["value"] for r in cum}
    assert by_year[1994] == 0 and by_year[1995] == 1 and by_year[2000] == 1 and by_year[2001] == 2


def test_ageing_is_a_ratio_of_sums():
    index = _index(
        {
            ("A", "population"): {2000: 100},
            ("A", "population_65plus_pct"): {2000: 10},  # 10 old
            ("A", "old_age_dependency_ratio"): {2000: 20},  # 50 of working age
            ("A", "migrant_stock"): {2000: 30},
            ("B", "population"): {2000: 300},
            ("B", "population_65plus_pct"): {2000: 20},  # 60 old
            ("B", "old_age_dependency_ratio"): {2000: 40},  # 150 of working age
        }
    )
    rows, facts = ageing_rows(index, {"A": "g", "B": "g"}, {"g": "G"}, 1990)
    assert facts["pop65"]["g"][2000]["value"] == pytest.approx(70 / 400 * 100)
    assert facts["dependency"]["g"][2000]["value"] == pytest.approx(70 / 200 * 100)
    # B has no migrant count that year: only A's population is counted
    assert facts["migrants"]["g"][2000] == {"value": pytest.approx(30.0), "places": 1}
    assert rows["pop65"] == [{"series": "G", "year": 2000, "value": pytest.approx(17.5)}]


def test_remittance_dip_uses_a_constant_set():
    years = range(2006, 2014)
    values = {("A", "remittances_received_usd"): {y: 100.0 for y in years}}
    values[("A", "remittances_received_usd")].update({2009: 80.0, 2010: 90.0, 2012: 100.0})
    # B reports from 2009 only: not in the set, so it cannot hide the dip
    values[("B", "remittances_received_usd")] = {y: 1000.0 for y in years if y >= 2009}
    settings = {
        "first_year": 2006,
        "before": 2008,
        "seen_by": 2012,
        "focus": "A",
        "focus_name": "A",
    }
    rows, got = remittance_dip(_index(values), ["A", "B"], settings, 2013, {}, "{n} places")
    assert got["places"] == 1
    assert got["fall1"] == pytest.approx(20.0) and got["fall2"] == pytest.approx(10.0)
    assert got["recovered"] == 2011 and got["back_by_seen"] == 1
    assert {r["series"] for r in rows} == {"1 places", "A"}
