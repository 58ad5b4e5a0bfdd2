"""Analyse stage: the Atlas's own aggregates, checked against PROVENANCE figures and their rules."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from atlas.base import ROOT


@pytest.fixture(scope="module")
def agg(package_root) -> pd.DataFrame:
    frame = pd.read_csv(package_root / "data" / "aggregates.csv", keep_default_na=False)
    frame["coverage"] = pd.to_numeric(frame["coverage"])  # empty: the year has no population
    return frame


def one(agg, indicator, group, year, sex="total"):
    hit = agg[
        (agg.indicator_id == indicator)
        & (agg.group == group)
        & (agg.year == year)
        & (agg.sex == sex)
    ]
    assert len(hit) == 1, (indicator, group, year, sex)
    return hit.iloc[0]


def test_world_migrant_stock_is_the_un_desa_world_total(agg):
    # PROVENANCE (undesa-migrant-stock-gdidata): world totals of the 2024 revision
    assert one(agg, "migrant_stock", "WLD", 2024).value == 304_021_813
    assert one(agg, "migrant_stock", "WLD", 2020).value == 275_284_032
    row = one(agg, "migrant_stock", "WLD", 2024)
    assert row.method == "sum" and row.countries >= 230 and row.coverage > 0.99


def test_ratio_of_sums_female_share(agg):
    female = one(agg, "migrant_stock", "WLD", 2024, "female").value
    total = one(agg, "migrant_stock", "WLD", 2024).value
    assert one(agg, "migrant_stock_female_share", "WLD", 2024).value == pytest.approx(
        female / total * 100, rel=1e-12
    )


def test_world_refugees_hosted_end_2024(agg):
    # PROVENANCE (unhcr-refugees-package-2025): 30,958,200 refugees under UNHCR's mandate;
    # a few hosts without a population figure are left out of the sum, never more than that.
    row = one(agg, "refugees_hosted", "WLD", 2024)
    assert 0.99 * 30_958_200 <= row.value <= 30_958_200


def test_population_weighted_mean_lies_between_members(agg, obs):
    row = one(agg, "life_expectancy", "UN-EUR", 2020)
    members = pd.read_csv(ROOT / "data" / "countries.csv", keep_default_na=False)
    europe = set(members[(members.kind == "country") & (members.un_region == "Europe")].iso3)
    le = obs[(obs.indicator_id == "life_expectancy") & (obs.year == 2020) & (obs.sex == "total")]
    values = le[le.iso3.isin(europe)].value
    assert values.min() < row.value < values.max()


def test_every_aggregate_meets_the_coverage_rule(agg):
    config = yaml.safe_load((ROOT / "metadata" / "aggregates.yaml").read_text())
    indicators = yaml.safe_load((ROOT / "metadata" / "indicators.yaml").read_text())["indicators"]
    events = {i["id"] for i in indicators if (i.get("aggregate") or {}).get("recorded_events")}
    ruled = agg[~agg.indicator_id.isin(events)]
    assert (ruled.coverage >= config["min_coverage"]).all() and (agg.coverage.dropna() <= 1).all()
    # counts of recorded events are published in every year; coverage is empty only where the
    # year has no published population
    assert set(agg.loc[agg.coverage.isna(), "indicator_id"]) <= events
    assert set(agg.group) <= set(config["groups"])


def test_only_indicators_with_a_method_are_aggregated(agg):
    indicators = yaml.safe_load((ROOT / "metadata" / "indicators.yaml").read_text())["indicators"]
    with_method = {i["id"] for i in indicators if i.get("aggregate")}
    assert set(agg.indicator_id) <= with_method
    assert "hdi" not in set(agg.indicator_id)  # UNDP's world HDI is kept instead, flagged
