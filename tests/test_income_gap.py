"""The income gap per migrant corridor (atlas/corridors.py: `income_gap`, `income_gap_origins`),
recomputed independently from the package's `bilateral` and `observations` with the csv module:
the GDP year rule, every corridor's two GDP values and ratio, which corridors are left out, and
each origin's stock-weighted mean ratio and left-out migrants."""

from __future__ import annotations

import csv
import math
from collections import defaultdict

import pytest

INDICATOR = "gdp_per_capita_ppp"  # metadata/corridors.yaml


def _rows(package_root, name):
    with open(package_root / "data" / f"{name}.csv", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@pytest.fixture(scope="module")
def inputs(package_root):
    places = {r["iso3"] for r in _rows(package_root, "countries") if r["kind"] == "country"}
    stock = [r for r in _rows(package_root, "bilateral") if r["measure"] == "migrant_stock"]
    stock = [r for r in stock if r["sex"] == "total"]
    year = max(int(r["year"]) for r in stock)
    pairs = {
        (r["from_iso3"], r["to_iso3"]): float(r["value"])
        for r in stock
        if int(r["year"]) == year and r["from_iso3"] in places
    }
    gdp_rows = [
        r
        for r in _rows(package_root, "observations")
        if r["indicator_id"] == INDICATOR and r["sex"] == "total"
    ]
    gdp_year = max(int(r["year"]) for r in gdp_rows if int(r["year"]) <= year)
    gdp = {r["iso3"]: float(r["value"]) for r in gdp_rows if int(r["year"]) == gdp_year}
    return {"year": year, "pairs": pairs, "gdp_year": gdp_year, "gdp": gdp}


@pytest.fixture(scope="module")
def published(package_root):
    gap = {(r["origin_iso3"], r["destination_iso3"]): r for r in _rows(package_root, "income_gap")}
    origins = {r["iso3"]: r for r in _rows(package_root, "income_gap_origins")}
    return gap, origins


def test_one_gdp_year_not_after_the_stock(inputs, published):
    gap, origins = published
    assert inputs["gdp_year"] <= inputs["year"]
    assert {int(r["gdp_year"]) for r in gap.values()} == {inputs["gdp_year"]}
    assert {int(r["year"]) for r in gap.values()} == {inputs["year"]}
    assert {int(r["gdp_year"]) for r in origins.values()} == {inputs["gdp_year"]}


def test_every_corridor_recomputed(inputs, published):
    gap, _ = published
    gdp = inputs["gdp"]
    expected = {p: v for p, v in inputs["pairs"].items() if p[0] in gdp and p[1] in gdp}
    assert set(gap) == set(expected)  # nothing filled in, nothing dropped that has both ends
    for (o, d), migrants in expected.items():
        row = gap[(o, d)]
        assert float(row["migrants"]) == migrants
        assert math.isclose(float(row["gdp_origin"]), gdp[o], rel_tol=1e-12)
        assert math.isclose(float(row["gdp_destination"]), gdp[d], rel_tol=1e-12)
        assert math.isclose(float(row["ratio"]), gdp[d] / gdp[o], rel_tol=1e-9)


def test_origin_means_and_left_out_recomputed(inputs, published):
    _, origins = published
    gdp = inputs["gdp"]
    total, covered, weighted = defaultdict(float), defaultdict(float), defaultdict(float)
    for (o, d), v in inputs["pairs"].items():
        total[o] += v
        if o in gdp and d in gdp:
            covered[o] += v
            weighted[o] += v * gdp[d] / gdp[o]
    assert set(origins) == set(total)
    for o, row in origins.items():
        assert math.isclose(float(row["migrants"]), total[o], rel_tol=1e-12)
        assert math.isclose(float(row["migrants_covered"]), covered[o], rel_tol=1e-12)
        assert math.isclose(
            float(row["migrants_left_out"]), total[o] - covered[o], rel_tol=1e-9, abs_tol=1e-6
        )
        if covered[o]:
            assert math.isclose(float(row["mean_ratio"]), weighted[o] / covered[o], rel_tol=1e-9)
        else:
            assert row["mean_ratio"] == ""  # missing stays missing, never 0


def test_origin_without_gdp_leaves_all_its_emigrants_out(inputs, published):
    """An origin with no GDP value in the year (e.g. where WDI stops) has no mean, and all its
    emigrants are counted as left out."""
    _, origins = published
    without = [o for o in origins if o not in inputs["gdp"]]
    assert without, "expected some origins without GDP per capita (PPP) in the GDP year"
    for o in without:
        row = origins[o]
        assert row["mean_ratio"] == "" and row["gdp_origin"] == ""
        assert float(row["migrants_left_out"]) == float(row["migrants"])


def test_mexico_us_corridor_documented(inputs, published):
    """The largest corridor of the five Bellagio origins, as a reader would check it: migrants
    from Mexico in the United States, and how many times richer the United States is."""
    gap, _ = published
    row = gap[("MEX", "USA")]
    gdp = inputs["gdp"]
    assert float(row["migrants"]) == inputs["pairs"][("MEX", "USA")]
    assert math.isclose(float(row["ratio"]), gdp["USA"] / gdp["MEX"], rel_tol=1e-9)
    assert float(row["ratio"]) > 1
