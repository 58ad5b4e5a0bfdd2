"""The Global Index (issue #10): its rules, checked on the published package and on controlled
changes of its inputs. The framework is read from metadata/index.yaml, never restated here."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas import composite, index_scores
from atlas.base import ROOT
from atlas.metadata import load_metadata

# as the pipeline loads it (with the territory folds of metadata/countries.yaml)
CONFIG = load_metadata()["index"]
DIMS = [d["id"] for d in CONFIG["dimensions"]]


def _latest(frame: pd.DataFrame) -> pd.DataFrame:
    """The latest edition: the package holds one block per edition (issue 21), each computed by
    the same rules, and these tests check the rules on one block."""
    editions = pd.to_numeric(frame["edition"])
    return frame[editions == editions.max()].reset_index(drop=True)


@pytest.fixture(scope="module")
def index(tables) -> pd.DataFrame:
    frame = _latest(tables["index"]).copy()
    for c in ("score", "rank", "rank_median", "rank_low", "rank_high", "coverage"):
        frame[c] = pd.to_numeric(frame[c])
    return frame


@pytest.fixture(scope="module")
def all_inputs(tables) -> pd.DataFrame:
    frame = tables["index_inputs"].copy()
    for c in ("value", "normalised", "year", "edition"):
        frame[c] = pd.to_numeric(frame[c])
    return frame


@pytest.fixture(scope="module")
def inputs(all_inputs) -> pd.DataFrame:
    return _latest(all_inputs)


@pytest.fixture(scope="module")
def bounds(tables) -> pd.DataFrame:
    frame = _latest(tables["index_indicators"]).copy()
    for c in ("lo", "hi"):
        frame[c] = pd.to_numeric(frame[c])
    return frame


def _scale(inputs: pd.DataFrame) -> pd.DataFrame:
    """Input values on the scale the bounds are on (log10 for rates with a `log_offset`)."""
    return index_scores.transformed(inputs[["iso3", "indicator", "value", "year", "flag"]], CONFIG)


@pytest.fixture(scope="module")
def recomputed(tables) -> dict[str, pd.DataFrame]:
    return composite.global_index(
        tables["observations"], tables["ratifications"], tables["countries"], CONFIG
    )


def test_scores_lie_in_0_100(index, inputs):
    scores = index["score"].dropna()
    assert len(scores) > 500
    assert scores.between(0, 100).all()
    assert inputs["normalised"].between(0, 100).all()


def test_every_country_has_a_row_per_dimension_and_the_index(tables, index):
    countries = tables["countries"]
    places = set(countries.loc[countries["kind"] == "country", "iso3"])
    assert set(index["iso3"]) == places
    assert index.groupby("iso3")["dimension"].apply(sorted).map(tuple).nunique() == 1
    assert set(index["dimension"]) == {"index", *DIMS}


def test_countries_below_coverage_are_not_scored(index):
    need = float(Fraction(str(CONFIG["min_dimension_coverage"])))
    dims = index[index["dimension"] != "index"]
    assert (dims.loc[dims["coverage"] < need, "status"] == "not_scored").all()
    assert (dims.loc[dims["coverage"] >= need, "status"] == "scored").all()
    wide = dims.pivot(index="iso3", columns="dimension", values="status")
    every_dim = (wide == "scored").all(axis=1)
    overall = index[index["dimension"] == "index"].set_index("iso3")["status"]
    assert (overall[every_dim[every_dim].index] == "scored").all()
    assert (overall[every_dim[~every_dim].index] == "not_scored").all()
    unscored = index[index["status"] == "not_scored"]
    assert unscored[["score", "rank", "rank_low", "rank_high"]].isna().all().all()
    assert 100 < (overall == "scored").sum() < len(overall)


def test_dropping_a_value_below_the_rule_unscores_the_country(inputs, bounds):
    """A country with exactly two of three indicators in a dimension loses its score when one
    more goes (bounds held fixed)."""
    values = _scale(inputs)
    dim = CONFIG["dimensions"][0]
    ids = [i["id"] for i in dim["indicators"]]
    norm = index_scores.normalised(values, bounds, CONFIG, "minmax")
    full = norm[ids].notna().all(axis=1)
    iso3 = full[full].index[0]
    assert not np.isnan(index_scores.dimension_scores(norm, CONFIG).at[iso3, dim["id"]])
    for drop in (ids[:1], ids[:2]):
        fewer = values[~((values["iso3"] == iso3) & values["indicator"].isin(drop))]
        got = index_scores.dimension_scores(
            index_scores.normalised(fewer, bounds, CONFIG, "minmax"), CONFIG
        ).at[iso3, dim["id"]]
        assert np.isnan(got) == (len(drop) == 2)


def _improve(values: pd.DataFrame, ind: dict, step: float) -> pd.DataFrame:
    """Every country's value of one indicator moved by `step` in the better direction: with the
    bounds fixed a country's scores depend on its own values only, so this is each country
    improving alone, all else equal."""
    moved = values.copy()
    hit = moved["indicator"] == ind["id"]
    moved.loc[hit, "value"] = moved.loc[hit, "value"] + step * int(ind["direction"])
    return moved


def test_improving_one_indicator_never_lowers_its_dimension(inputs, bounds):
    """Monotonicity with the normalisation bounds held fixed: every country, every indicator
    (moved on the scale the index normalises; log10 is increasing, so the rule is the same)."""
    values = _scale(inputs)
    before = index_scores.dimension_scores(
        index_scores.normalised(values, bounds, CONFIG, "minmax"), CONFIG
    )
    for ind in index_scores.scored_indicators(CONFIG):
        b = bounds.set_index("indicator").loc[ind["id"]]
        step = (b["hi"] - b["lo"]) / 10
        after = index_scores.dimension_scores(
            index_scores.normalised(
                _improve(values, ind, step),
                bounds,
                CONFIG,
                "minmax",
            ),
            CONFIG,
        )
        d = ind["dimension"]
        both = before[d].notna() & after[d].notna()
        assert (after.loc[both, d] >= before.loc[both, d] - 1e-9).all(), ind["id"]
        assert (after.loc[both, d] > before.loc[both, d]).any(), ind["id"]


@settings(max_examples=200, deadline=None)
@given(
    x=st.floats(-1e6, 1e6, allow_nan=False),
    step=st.floats(0, 1e6, allow_nan=False),
    lo=st.floats(-1e3, 1e3, allow_nan=False),
    width=st.floats(1e-3, 1e3, allow_nan=False),
    direction=st.sampled_from([1, -1]),
)
def test_minmax_is_monotone_and_bounded(x, step, lo, width, direction):
    hi = lo + width
    a = index_scores.minmax(pd.Series([x]), lo, hi, direction).iloc[0]
    b = index_scores.minmax(pd.Series([x + step * direction]), lo, hi, direction).iloc[0]
    assert 0 <= a <= 100 and 0 <= b <= 100
    assert b >= a - 1e-9


def test_results_are_identical_across_runs(tables, recomputed):
    again = composite.global_index(
        tables["observations"], tables["ratifications"], tables["countries"], CONFIG
    )
    for name, frame in recomputed.items():
        pd.testing.assert_frame_equal(frame, again[name], check_exact=True)


def test_published_index_is_what_the_analyse_stage_computes(tables, recomputed):
    import json

    from atlas.package import sorted_text

    desc = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in desc["resources"]}
    for name, frame in recomputed.items():
        pd.testing.assert_frame_equal(
            sorted_text(frame, schemas[name]), tables[name], check_dtype=False
        )


def test_index_is_the_weighted_mean_of_published_dimension_scores(index):
    wide = index.pivot(index="iso3", columns="dimension", values="score")
    scored = wide["index"].dropna()
    weights = composite.default_weights(CONFIG)
    expect = index_scores.overall(wide.loc[scored.index, DIMS], weights).round(CONFIG["decimals"])
    assert np.allclose(expect, scored, atol=1e-6)
    ranks = index[index["dimension"] == "index"].set_index("iso3")["rank"].dropna()
    assert ranks.min() == 1
    assert (index_scores.ranks(scored).sort_index() == ranks.sort_index().astype(int)).all()


def test_rank_intervals_contain_the_median(index):
    rows = index[(index["dimension"] == "index") & (index["status"] == "scored")]
    assert (rows["rank_low"] <= rows["rank_median"]).all()
    assert (rows["rank_median"] <= rows["rank_high"]).all()
    assert (rows["rank_high"] <= len(rows)).all()
    assert (rows["rank_high"] > rows["rank_low"]).mean() > 0.5  # the uncertainty is not nil


@pytest.mark.parametrize("edition", CONFIG["editions"])
def test_inputs_come_from_the_package_within_the_window(obs, all_inputs, edition):
    inputs = all_inputs[all_inputs["edition"] == edition]
    assert inputs["year"].between(edition - CONFIG["window_years"] + 1, edition).all()
    direct = {i["id"]: i["from"] for i in index_scores.scored_indicators(CONFIG) if "from" in i}
    sample = inputs[inputs["indicator"].isin(direct)].iloc[::97]
    assert len(sample) > 10
    for r in sample.itertuples():
        rows = obs[
            (obs["indicator_id"] == direct[r.indicator])
            & (obs["iso3"] == r.iso3)
            & (obs["sex"] == "total")
            & (obs["year"] <= edition)
        ]
        assert r.year == rows["year"].max()
        assert r.value == pytest.approx(float(rows.loc[rows["year"].idxmax(), "value"]))


def test_ratios_use_population_of_the_same_year(obs, inputs):
    ratio = next(i for i in index_scores.scored_indicators(CONFIG) if "numerator" in i)
    for r in inputs[inputs["indicator"] == ratio["id"]].iloc[::41].itertuples():
        num = obs[
            (obs["indicator_id"] == ratio["numerator"])
            & (obs["iso3"] == r.iso3)
            & (obs["year"] == r.year)
            & (obs["sex"] == "total")
        ]["value"].iloc[0]
        den = obs[
            (obs["indicator_id"] == ratio["denominator"])
            & (obs["iso3"] == r.iso3)
            & (obs["year"] == r.year)
            & (obs["sex"] == "total")
        ]["value"].iloc[0]
        assert r.value == pytest.approx(num / den * ratio["scale"])


def test_ratification_score_of_mexico(tables, inputs):
    """Mexico is party to the ICMW (UN Treaty Collection, 1999)."""
    rat = tables["ratifications"]
    hit = rat[(rat["iso3"] == "MEX") & (rat["instrument"] == "icmw")].iloc[0]
    assert hit["status"] == "party"
    row = inputs[(inputs["iso3"] == "MEX") & (inputs["indicator"] == "icmw_status")].iloc[0]
    assert row["value"] == 1 and row["normalised"] == 100


def test_sensitivity_and_correlations_are_published(tables):
    sens = _latest(tables["index_sensitivity"])
    assert "monte_carlo" in set(sens["scenario"])
    assert {f"without_{d}" for d in DIMS} <= set(sens["scenario"])
    corr = _latest(tables["index_correlations"])
    names = set(corr["row"])
    assert {"index", *DIMS} <= names
    assert {c["id"] for c in CONFIG["context"]} <= names
    diag = corr[(corr["row"] == corr["column"]) & (corr["pearson"] != "")]
    assert (pd.to_numeric(diag["pearson"]) == 1).all()
