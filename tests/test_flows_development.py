"""UN development groups beside the World Bank income groups (atlas/flows.py, resource
`south_south_development`): the grouping is checked against UN DESA's own aggregate rows, and the
resource is recomputed from the package's `bilateral` and `countries` with the csv module."""

from __future__ import annotations

import csv
from collections import defaultdict

import pandas as pd
import pytest

SOUTH = {"less_developed_other", "least_developed"}


def _rows(package_root, name):
    with open(package_root / "data" / f"{name}.csv", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@pytest.fixture(scope="module")
def places(package_root):
    return {r["iso3"]: r for r in _rows(package_root, "countries") if r["kind"] == "country"}


def _group(row) -> str:
    """UN DESA's developed regions: Europe, Northern America, Australia and New Zealand, Japan
    (the M49 'Developed regions', code 901); least developed: the package's UN LDC flag."""
    if (
        row["un_region"] == "Europe"
        or row["un_subregion"] in ("Northern America", "Australia and New Zealand")
        or row["iso3"] == "JPN"
    ):
        return "developed"
    return "least_developed" if row["ldc"] == "true" else "less_developed_other"


@pytest.fixture(scope="module")
def table_1(raw):
    """UN DESA International Migrant Stock 2020, Destination, Table 1: both sexes 1990–2020 by
    M49 location code (aggregate rows and countries), read with pandas + calamine."""
    grid = pd.read_excel(
        raw["undesa-destination-2020-xlsx"], sheet_name="Table 1", header=None, engine="calamine"
    )
    assert grid.iloc[10, 3] == "Location code"
    body = grid.iloc[11:]
    values = body.iloc[:, 5:12].apply(pd.to_numeric, errors="coerce")
    values.columns = list(range(1990, 2021, 5))
    values["code"] = pd.to_numeric(body[3], errors="coerce")
    values["aggregate"] = body[4].fillna("").astype(str).str.strip() == ""  # no "Type of data"
    return values


def _members_sum(table_1, codes):
    countries = table_1[~table_1["aggregate"] & table_1["code"].isin(codes)]
    return countries.drop(columns=["code", "aggregate"]).sum()


def _row(table_1, code):
    return table_1[table_1["aggregate"] & (table_1["code"] == code)].iloc[0]


def test_developed_group_reproduces_undesa_developed_regions(table_1, places):
    # the rule of metadata/aggregates.yaml gives UN DESA's own 901 and 902 rows exactly, every year
    groups = {int(r["m49"]): _group(r) for r in places.values() if r["m49"]}
    developed = {m for m, g in groups.items() if g == "developed"}
    less = {m for m, g in groups.items() if g != "developed"}
    for code, members in ((901, developed), (902, less)):
        expected = _row(table_1, code).drop(["code", "aggregate"]).astype(float)
        got = _members_sum(table_1, members)
        assert (got - expected).abs().max() == 0, (code, (got - expected).to_dict())


def test_least_developed_differs_from_the_2020_list_by_its_graduates(table_1, places):
    # UN DESA's 2020 tables use the LDC list of 2020; the package's flag is today's list:
    # Vanuatu (graduated December 2020) and Bhutan (December 2023) make the whole difference.
    by_iso = {r["iso3"]: int(r["m49"]) for r in places.values() if r["m49"]}
    least = {by_iso[i] for i, r in places.items() if r["m49"] and _group(r) == "least_developed"}
    expected = _row(table_1, 941).drop(["code", "aggregate"]).astype(float)
    got = _members_sum(table_1, least | {by_iso["VUT"], by_iso["BTN"]})
    assert (got - expected).abs().max() == 0, (got - expected).to_dict()
    assert places["VUT"]["ldc"] == places["BTN"]["ldc"] == "false"


@pytest.mark.parametrize("year", [1990, 2024])
def test_south_south_development_recomputed(package_root, places, year):
    cells = defaultdict(float)
    for r in _rows(package_root, "bilateral"):
        if r["measure"] != "migrant_stock" or r["sex"] != "total" or int(r["year"]) != year:
            continue
        if r["to_iso3"] not in places:
            continue
        origin = _group(places[r["from_iso3"]]) if r["from_iso3"] in places else "unknown"
        cells[(origin, _group(places[r["to_iso3"]]))] += float(r["value"])
    published = {
        (r["origin_group"], r["destination_group"]): float(r["value"])
        for r in _rows(package_root, "south_south_development")
        if r["year"] == str(year) and r["sex"] == "total"
    }
    assert published.keys() == cells.keys()
    for key, value in cells.items():
        assert published[key] == pytest.approx(value, rel=1e-12), key


def test_south_south_in_un_terms_beside_income_groups(package_root):
    # The Atlas's figures, documented: in 2024 39.1 % of the world's migrants were born in and
    # lived in the less developed regions (UN terms); 7.3 % are of unknown origin.
    rows = [
        r
        for r in _rows(package_root, "south_south_development")
        if r["year"] == "2024" and r["sex"] == "total"
    ]
    world = sum(float(r["value"]) for r in rows)
    between = sum(
        float(r["value"])
        for r in rows
        if r["origin_group"] in SOUTH and r["destination_group"] in SOUTH
    )
    unknown = sum(float(r["value"]) for r in rows if r["origin_group"] == "unknown")
    assert round(between / world, 3) == 0.391
    assert round(unknown / world, 3) == 0.073
