"""South–South and regional flows (atlas/flows.py), recomputed independently from the package's
`bilateral`, `income_groups` and `countries` with the csv module, and the Atlas's figures
documented beside those the founding documents and the issue quote."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

NON_HIGH = {"L", "LM", "UM"}


def _rows(package_root, name):
    with open(package_root / "data" / f"{name}.csv", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@pytest.fixture(scope="module")
def stock(package_root):
    """(origin, destination, year) -> persons, both sexes."""
    out = {}
    for r in _rows(package_root, "bilateral"):
        if r["measure"] == "migrant_stock" and r["sex"] == "total":
            out[(r["from_iso3"], r["to_iso3"], int(r["year"]))] = float(r["value"])
    return out


@pytest.fixture(scope="module")
def group_of(package_root):
    """(iso3, fiscal year) -> World Bank income group."""
    return {
        (r["iso3"], int(r["fiscal_year"])): r["income_group"]
        for r in _rows(package_root, "income_groups")
    }


@pytest.fixture(scope="module")
def places(package_root):
    return {r["iso3"]: r for r in _rows(package_root, "countries")}


def _published(package_root, name, **keys):
    hits = [r for r in _rows(package_root, name) if all(r[k] == str(v) for k, v in keys.items())]
    assert len(hits) == 1, (name, keys)
    return hits[0]


@pytest.mark.parametrize("year", [2000, 2020, 2024])
def test_world_south_south_shares_recomputed(package_root, stock, group_of, places, year):
    # the group in force at mid-year: FY(year + 1)
    total = from_south = between = 0.0
    for (o, d, y), v in stock.items():
        if y != year:
            continue
        total += v
        south_o = places[o]["kind"] == "country" and group_of.get((o, year + 1)) in NON_HIGH
        south_d = group_of.get((d, year + 1)) in NON_HIGH
        from_south += v if south_o else 0
        between += v if south_o and south_d else 0
    row = _published(package_root, "south_south_world", year=year, sex="total")
    assert float(row["migrants"]) == pytest.approx(total, rel=1e-12)
    assert float(row["from_non_high"]) == pytest.approx(from_south, rel=1e-12)
    assert float(row["between_non_high"]) == pytest.approx(between, rel=1e-12)
    assert float(row["share_from_non_high"]) == pytest.approx(from_south / total, abs=1e-6)


def test_delgado_wise_periphery_claim_beside_the_atlas(package_root):
    # Delgado Wise (2019, seed 002) quotes 187 of 258 million migrants (72 %) in 2017 "from the
    # periphery" (World Bank 2017; IOM 2018: UN DESA's 2017 revision). The Atlas uses UN DESA's
    # 2024 revision, which has 2015 and 2020 and no 2017, and the World Bank income group in
    # force each year (non-high income = periphery). Its figures, a lower bound (unknown
    # origins count in the total), sit near the claim:
    shares = {
        y: float(
            _published(package_root, "south_south_world", year=y, sex="total")[
                "share_from_non_high"
            ]
        )
        for y in (2015, 2020)
    }
    assert 0.68 < shares[2015] < 0.72  # 70.0 % of 250.0 million
    assert 0.72 < shares[2020] < 0.76  # 74.1 % of 275.3 million


def test_country_shares_recomputed(package_root, stock, group_of, places):
    for iso3 in ("MEX", "IND", "USA"):
        emi = sum(v for (o, _, y), v in stock.items() if o == iso3 and y == 2024)
        emi_south = sum(
            v
            for (o, d, y), v in stock.items()
            if o == iso3 and y == 2024 and group_of.get((d, 2025)) in NON_HIGH
        )
        imm = sum(v for (_, d, y), v in stock.items() if d == iso3 and y == 2024)
        imm_south = sum(
            v
            for (o, d, y), v in stock.items()
            if d == iso3
            and y == 2024
            and places[o]["kind"] == "country"
            and group_of.get((o, 2025)) in NON_HIGH
        )
        row = _published(package_root, "south_south_countries", iso3=iso3, year=2024, sex="total")
        assert float(row["emigrants_share_non_high"]) == pytest.approx(emi_south / emi, abs=1e-6)
        assert float(row["immigrants_share_non_high"]) == pytest.approx(imm_south / imm, abs=1e-6)


def test_us_unknown_origins_are_stated(package_root):
    # issue #19: UN DESA's US table puts about 3.5 million migrants under "other" origins
    row = _published(package_root, "south_south_countries", iso3="USA", year=2024, sex="total")
    assert 3.4e6 < float(row["immigrants_unknown_origin"]) < 3.6e6


def _intra_share(stock, places, column, name, year):
    members = {c for c, r in places.items() if r["kind"] == "country" and r[column] == name}
    out = sum(v for (o, _, y), v in stock.items() if o in members and y == year)
    within = sum(v for (o, d, y), v in stock.items() if o in members and d in members and y == year)
    return within / out


def test_latin_america_intra_regional_share(package_root, stock, places):
    # issue #19 quotes 16 % (2000) and 29 % (2024) of Latin American and Caribbean emigrants
    # living in the region; the Atlas computes 16.3 % and 29.1 % (UN DESA 2024 revision)
    for year, quoted in ((2000, 0.16), (2024, 0.29)):
        mine = _intra_share(stock, places, "un_subregion", "Latin America and the Caribbean", year)
        row = _published(package_root, "regional_flows", group="UN-419", year=year, sex="total")
        assert float(row["share_within"]) == pytest.approx(mine, abs=1e-6)
        assert abs(mine - quoted) < 0.005


def test_regional_flows_cover_every_un_group(package_root, places):
    groups = {r["group"] for r in _rows(package_root, "regional_flows")}
    regions = {r["un_region"] for r in places.values() if r["kind"] == "country"}
    named = {places[g]["name_en"] for g in groups}
    assert regions <= named
    assert {"Latin America and the Caribbean", "Central America", "Western Asia"} <= named
    assert not any(g.startswith("WB-") or g == "WLD" for g in groups)


def test_subregion_aggregates_published(package_root):
    # the analyse stage's aggregates now cover sub-regions (Mexico's peers: LAC, not Americas)
    hits = [
        r
        for r in _rows(package_root, "aggregates")
        if r["group"] == "UN-419" and r["indicator_id"] == "remittances_received_pct_gdp"
    ]
    assert hits and all(float(r["coverage"] or 1) >= 0.5 for r in hits)


def test_matrix_adds_up_to_the_world(package_root):
    totals = defaultdict(float)
    for r in _rows(package_root, "south_south"):
        if r["sex"] == "total":
            totals[int(r["year"])] += float(r["value"])
    for year, value in totals.items():
        world = _published(package_root, "south_south_world", year=year, sex="total")
        assert value == pytest.approx(float(world["migrants"]), rel=1e-12)


def test_2016_refugees_reconciled_with_the_package(package_root):
    # Delgado Wise (2019) quotes 22.5 million refugees for 2016 (UNHCR 2017): UNHCR's mandate,
    # 17,184,286, plus UNRWA's Palestine refugees, 5,340,443 (the forced-from-home page)
    world = _published(
        package_root,
        "aggregates",
        indicator_id="refugees_hosted",
        group="WLD",
        year=2016,
        sex="total",
    )
    assert float(world["value"]) == 17_184_286
    unrwa = sum(
        float(r["value"])
        for r in _rows(package_root, "observations")
        if r["indicator_id"] == "unrwa_refugees" and r["year"] == "2016" and r["sex"] == "total"
    )
    assert unrwa == 5_340_443
    assert round((float(world["value"]) + unrwa) / 1e6, 1) == 22.5
