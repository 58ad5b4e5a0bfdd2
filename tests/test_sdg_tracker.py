"""The SDG tracker's figures (issue 20): headline breakdowns, latest values and trends, who
reports, breakdowns side by side, the 10.c corridor ceiling.

Pure functions on small crafted tables first (fast tier); then the figures on the built package
against the raw files, read here with a minimal reader of their own: who reports 10.7.4 and the
share of corridors above 5 % are counted from the raw DDF files, not from the package."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from atlas.base import ROOT
from atlas.render import specs
from atlas.render.sdg_figures import (
    breakdown_rows,
    corridors_above,
    headline,
    latest_with_trend,
    migrant_split,
    reporters,
    reporting_summary,
    sdg_values,
    target_distance,
    trend_words,
)
from atlas.sources import default_mirror, load_sources

CONFIG = yaml.safe_load((ROOT / "metadata" / "sdg_targets.yaml").read_text(encoding="utf-8"))
SERIES = yaml.safe_load((ROOT / "metadata" / "sdg_series.yaml").read_text(encoding="utf-8"))
DIMS = ["sex", "age", "migratory_status", "policy_domain"]


def frame(rows: list[tuple]) -> pd.DataFrame:
    """(series, iso3, year, sex, age, migratory_status, policy_domain, value) rows."""
    cols = ["series", "iso3", "year", *DIMS, "value"]
    out = pd.DataFrame(rows, columns=cols)
    return out.assign(publisher_aggregate=out["iso3"].eq("WLD"), exploitation_form="na")


def _codes(chart: dict) -> list[str]:
    found = chart.get("series", [])
    found = found if isinstance(found, list) else [found]
    return found + ([chart["rank_by"]] if "rank_by" in chart else [])


# --- pure functions ---------------------------------------------------------------------------
def test_headline_keeps_the_preferred_breakdown_of_each_series():
    f = frame(
        [
            ("A", "MEX", 2019, "total", "all", "na", "na", 5.0),
            ("A", "MEX", 2019, "female", "all", "na", "na", 4.0),
            ("A", "MEX", 2019, "total", "<18", "na", "na", 2.0),
            ("B", "ESP", 2019, "total", "na", "migrants", "na", 2.4),
            ("B", "ESP", 2019, "total", "na", "total", "na", 1.8),
            ("C", "BGD", 2020, "total", "na", "migrants", "na", 17.6),  # 10.7.1: migrants only
            ("D", "WLD", 2018, "female", "15+", "na", "na", 9.9),
            ("D", "WLD", 2018, "female", "15-49", "na", "na", 12.5),
        ]
    )
    got = headline(f, CONFIG)
    assert sorted(got["value"]) == [1.8, 5.0, 12.5, 17.6]
    # a chart pins a breakdown: every part of it is kept
    parts = headline(f[f["series"] == "A"], CONFIG, {"sex": ["female", "total"]})
    assert sorted(parts["value"]) == [4.0, 5.0]


def test_any_age_keeps_every_band_of_8_7_1():
    f = frame(
        [
            ("SL_TLF_CHLDEC", "ETH", 2015, "total", "5-14", "na", "na", 45.0),
            ("SL_TLF_CHLDEC", "NGA", 2021, "total", "5-17", "na", "na", 31.5),
        ]
    )
    assert len(headline(f, CONFIG)) == 2


def test_latest_with_trend_takes_the_earliest_value_of_the_ten_years_before():
    f = frame(
        [
            ("A", "WLD", y, "na", "na", "na", "na", v)
            for y, v in [(2000, 177.4), (2010, 150.0), (2012, 200.0), (2022, 397.8)]
        ]
        + [("A", "MEX", 2021, "na", "na", "na", "na", 3.0)]
    )
    got = latest_with_trend(f).set_index("iso3")
    assert (got.at["WLD", "year"], got.at["WLD", "base_year"]) == (2022, 2012)
    assert got.at["WLD", "change"] == pytest.approx(197.8)
    assert pd.isna(got.at["MEX", "base_year"])  # one value: no trend
    say = str
    assert trend_words(got.loc["WLD"].to_dict(), say) == "up from 200.0 in 2012"
    assert trend_words(got.loc["MEX"].to_dict(), say) == ""


def test_reporters_count_countries_not_aggregates():
    f = frame(
        [
            ("A", "MEX", 2020, "na", "na", "na", "na", 1.0),
            ("A", "DEU", 2020, "na", "na", "na", "na", 0.0),  # a zero is a value reported
            ("A", "WLD", 2020, "na", "na", "na", "na", 2.0),
            ("A", "MEX", 2021, "na", "na", "na", "na", 1.0),
        ]
    )
    got = reporters(f, {"MEX", "DEU"})
    assert got.to_dict("records") == [
        {"series": "A", "year": 2020, "countries": 2},
        {"series": "A", "year": 2021, "countries": 1},
    ]


def test_corridors_above_the_ceiling_leave_out_unspecified_receivers():
    bil = pd.DataFrame(
        {
            "measure": ["remittance_cost"] * 5 + ["remittance_cost_smart"],
            "from_iso3": ["USA", "USA", "DEU", "AGO", "GBR", "USA"],
            "to_iso3": ["MEX", "PHL", "TUR", "OOO", "NGA", "MEX"],
            "year": [2021] * 6,
            "sex": ["total"] * 6,
            "value": [4.4, 5.0, 6.2, 12.7, 8.0, 9.0],
        }
    )
    got = corridors_above(bil, "remittance_cost", "OOO", 5).iloc[0]
    # 4 named corridors; 5.0 is not above 5 %; Angola's unspecified receiver is no corridor
    assert (got["corridors"], got["above"], got["share"]) == (4, 2, 50.0)


def test_breakdown_rows_keep_parts_as_published_in_one_year():
    f = frame(
        [
            ("V", "GBR", 2019, "female", "all", "na", "na", 4000.0),
            ("V", "GBR", 2019, "male", "all", "na", "na", 6000.0),
            ("V", "GBR", 2020, "female", "all", "na", "na", 4100.0),  # male missing in 2020
            ("V", "USA", 2020, "female", "all", "na", "na", 7000.0),
            ("V", "USA", 2020, "male", "all", "na", "na", 2000.0),
            ("V", "MEX", 2020, "female", "all", "na", "na", 300.0),
            ("V", "MEX", 2020, "male", "all", "na", "na", 100.0),
        ]
    )
    got = breakdown_rows(f, "sex", ["female", "male"], ["GBR", "MEX", "USA"], 2, None)
    assert list(zip(got["iso3"], got["year"], got["sex"], strict=True)) == [
        ("USA", 2020, "female"),
        ("USA", 2020, "male"),
        ("GBR", 2019, "female"),
        ("GBR", 2019, "male"),
    ]
    assert got["value"].tolist() == [7000.0, 2000.0, 4000.0, 6000.0]  # never summed


def test_target_distance_in_percentage_points():
    assert target_distance(6.12, 3) == "3.1 percentage points above the 3 % target"
    assert target_distance(2.4, 3) == "meets the 3 % target"


def test_every_series_and_indicator_of_the_tracker_exists():
    codes = {s["code"] for s in SERIES["series"]}
    indicators = yaml.safe_load((ROOT / "metadata" / "indicators.yaml").read_text("utf-8"))
    ids = {i["id"] for i in indicators["indicators"]}
    slugs = [t["slug"] for t in CONFIG["targets"]]
    order = ["10.7", "10.c", "8.8", "8.7", "5.2", "16.2", "3.8"]
    assert [t["id"] for t in CONFIG["targets"]] == order
    assert len(set(slugs)) == len(slugs)
    for t in CONFIG["targets"]:
        for lang in ("en", "es", "fr"):
            assert t["wording"][lang] and t["gaps"][lang] and t["title"][lang], (t["id"], lang)
        for i in t["indicators"]:
            assert set(i["series"]) <= codes, i["code"]
            assert set(i["atlas"]) <= ids, i["code"]
        for c in t["charts"]:
            assert set(_codes(c)) <= codes, (t["id"], c["id"])
    listed = {c for t in CONFIG["targets"] for i in t["indicators"] for c in i["series"]}
    assert listed == codes, codes - listed  # every official series: its row, its download


# --- on the built package, against the raw files ---------------------------------------------
MIRROR = default_mirror()
SOURCES = {s["id"]: s for s in load_sources()}


def raw(source_id: str) -> pd.DataFrame:
    return pd.read_csv(MIRROR / SOURCES[source_id]["path"], dtype=str, keep_default_na=False)


def test_who_reports_10_7_4_counts_the_raw_countries(tables):
    """Countries with a 10.7.4 value per year, counted in the raw DDF file (M49 country codes
    of the package's country table) and by the tracker: the same numbers (223 in every year, a
    balanced panel, PROVENANCE)."""
    countries = tables["countries"]
    m49 = {str(int(m)) for m, k in zip(countries["m49"], countries["kind"], strict=True)
           if m and k == "country"}  # fmt: skip
    f = raw("unsd-sdg-sm-pop-refg-or")
    mine = f[f["geo_area"].isin(m49)].groupby("year")["geo_area"].nunique()
    sdg = sdg_values(tables["sdg_series"])
    kinds = set(countries.loc[countries["kind"] == "country", "iso3"])
    got = reporters(headline(sdg[sdg["series"] == "SM_POP_REFG_OR"], CONFIG), kinds)
    got = got.set_index(got["year"].astype(str))["countries"]
    assert got.to_dict() == mine.to_dict()
    assert set(got) == {223}


def test_share_of_corridors_above_5_percent_from_the_raw_corridor_file(tables):
    """The 10.c ceiling: corridors of the raw SI_RMT_COST_BC file costing more than 5 %, per
    year (named receivers only), equal the tracker's counts from the package."""
    f = raw("sdg-10c1-corridor")
    f = f[f["counterpart"] != "notspec"]
    v = f["si_rmt_cost_bc"].astype(float)
    mine = pd.DataFrame({"year": f["year"].astype(int), "above": v > 5}).groupby("year")
    bil = tables["bilateral"].copy()
    bil["value"] = pd.to_numeric(bil["value"])
    bil["year"] = bil["year"].astype(int)
    got = corridors_above(bil, "remittance_cost", "OOO", 5).set_index("year")
    assert got["corridors"].to_dict() == mine.size().to_dict()
    assert got["above"].to_dict() == mine["above"].sum().astype(int).to_dict()
    assert (got["share"] > 50).all()  # most corridors still cost more than 5 %


def test_migrant_split_and_reporting_summary_on_the_package(tables):
    """8.8.1: Spain 2019 migrants 2.43 and non-migrants 1.70 per 100,000 (PROVENANCE); a
    country without the split has none. 10.7.1 is reported by 2 countries, one per year."""
    sdg = sdg_values(tables["sdg_series"])
    migrants, others = migrant_split(sdg, "SL_EMP_FTLINJUR", "ESP", 2019)
    assert (round(migrants, 2), round(others, 2)) == (2.43, 1.70)
    assert migrant_split(sdg, "SL_EMP_FTLINJUR", "DEU", 2020) is None
    countries = set(tables["countries"].loc[tables["countries"]["kind"] == "country", "iso3"])
    counts = reporters(headline(sdg, CONFIG), countries)
    got = reporting_summary(counts, sdg, "SL_EMP_RCOST_MO", countries)
    assert got == {"first_year": 2019, "last_year": 2020, "reporting_last": 1, "reporting_ever": 2}
    assert reporting_summary(counts, sdg, "SG_CPA_MIGRP", countries)["last_year"] is None


def test_chart_kinds_of_the_tracker():
    """`targetlines`: the lines' layers plus a dashed rule and its label at `target`, one data
    source at the top (pages swap it); `dots`: parts side by side, never stacked."""
    spec = specs.chart_spec("targetlines", "charts/x.json", "t", "s", "d")
    assert spec["data"] == {"url": "charts/x.json"}
    assert all("data" not in layer for layer in spec["layer"])
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["line", "point", "rule", "text"]
    assert spec["layer"][2]["encoding"]["y"]["field"] == "target"
    dots = specs.chart_spec("dots", "charts/y.json", "t", "s", "d")
    for layer in dots["layer"]:
        assert "stack" not in json.dumps(layer["encoding"])
    assert dots["layer"][1]["mark"]["type"] == "point"


def test_every_reported_series_has_a_short_name():
    """Legends of the "who reports" charts name each series in one short line."""
    for t in CONFIG["targets"]:
        for code in t["reporting"]:
            assert len(CONFIG["short_names"][code]) <= 34, code
