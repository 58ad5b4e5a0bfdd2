"""The experimental estimate of issue 21 and the origin-side indicators, on the built package.

- The estimate recomputed from its *published* ingredients (observations.csv) by the formula
  written out again here equals the published estimate, for every country.
- One test per assumption of metadata/origin_costs.yaml: changing it moves the result the way
  it should (more years of schooling, a wider age base, more funding -> more; a tighter rate
  limit or a narrower window -> fewer countries), through the build's own function.
- PROVENANCE "Verification" values of the new indicators (test data, typed from PROVENANCE.md).
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from atlas.transform.origin import schooling_investment

ROOT = Path(__file__).resolve().parents[1]
EST = yaml.safe_load((ROOT / "metadata" / "origin_costs.yaml").read_text("utf-8"))["estimate"]
pytestmark = pytest.mark.package


@pytest.fixture(scope="module")
def built(obs) -> dict[str, pd.DataFrame]:
    """The published series, in the build's shape (iso3, year, sex, value, flag)."""
    return {i: f.drop(columns="indicator_id") for i, f in obs.groupby("indicator_id")}


def published(obs, indicator: str) -> pd.Series:
    s = obs[(obs["indicator_id"] == indicator) & (obs["sex"] == "total")]
    return s.set_index("iso3")["value"]


def recompute(obs, variant: str) -> tuple[pd.Series, pd.Series]:
    """(emigrants, investment) from the published ingredients, by the formula."""
    v, year, w = EST["variants"][variant], EST["year"], EST["window"]

    def at(ind):
        s = obs[(obs["indicator_id"] == ind) & (obs["sex"] == "total") & (obs["year"] == year)]
        return s.set_index("iso3")["value"]

    def near(ind):
        s = obs[(obs["indicator_id"] == ind) & (obs["sex"] == "total")]
        s = s[(s["year"] - year).abs() <= w].copy()
        s["d"] = (s["year"] - year).abs()
        s = s.sort_values(["iso3", "d", "year"], ascending=[True, True, False])
        return s.drop_duplicates("iso3").set_index("iso3")["value"]

    r = at(EST["rate"]) / 100
    pop, dep, s65 = at(EST["population"]), at(EST["dependency"]), at(EST["share65"])
    base = pop / (1 + dep / 100)
    if v["age_base"] == "15+":
        base = base + pop * s65 / 100
    emigrants = (r / (1 - r) * near(EST["attainment"]) / 100 * base).where(r <= EST["max_rate"])
    cost = sum(v["years"][lvl] * near(ind) / 100 for lvl, ind in EST["funding"].items())
    return emigrants.dropna(), (emigrants * at(EST["gdp_per_capita"]) * cost).dropna()


@pytest.mark.parametrize("variant", list(EST["variants"]))
def test_estimate_recomputed_from_published_ingredients(obs, variant):
    emigrants, investment = recompute(obs, variant)
    pub = published(obs, EST["indicators"][variant])
    assert len(pub) > 50, "the estimate should cover more than 50 countries"
    assert sorted(pub.index) == sorted(investment.index)
    for iso3 in pub.index:
        assert math.isclose(pub[iso3], investment[iso3], rel_tol=1e-9), iso3
    if variant == "central":
        count = published(obs, EST["indicators"]["emigrants"])
        assert sorted(count.index) == sorted(emigrants.index)
        assert all(math.isclose(count[i], emigrants[i], rel_tol=1e-9) for i in count.index)


def test_estimate_is_flagged_experimental_and_in_range_order(obs):
    ids = [EST["indicators"][k] for k in ("low", "central", "high", "emigrants")]
    rows = obs[obs["indicator_id"].isin(ids)]
    assert set(rows["flag"]) == {"experimental"}
    assert set(rows["year"]) == {EST["year"]}
    low, mid, high = (published(obs, EST["indicators"][k]) for k in ("low", "central", "high"))
    assert ((low <= mid) & (mid <= high)).all()


def test_no_estimate_where_the_rate_is_above_the_limit(obs):
    rate = obs[
        (obs["indicator_id"] == EST["rate"])
        & (obs["sex"] == "total")
        & (obs["year"] == EST["year"])
    ].set_index("iso3")["value"]
    above = set(rate[rate > EST["max_rate"] * 100].index)
    assert above, "PROVENANCE: Guyana's 2010 high-skilled rate is 99.5 %"
    assert not above & set(published(obs, EST["indicators"]["central"]).index)


# --- one test per assumption: changing it moves the result the right way -----------------------
def run(built, change) -> pd.DataFrame:
    p = copy.deepcopy(EST)
    change(p)
    return schooling_investment(built, p, "central")


def both(a: pd.DataFrame, b: pd.DataFrame, col: str = "investment") -> tuple:
    a, b = a[col].dropna(), b[col].dropna()
    common = a.index.intersection(b.index)
    assert len(common) > 50
    return a[common], b[common]


@pytest.mark.parametrize("level", ["primary", "secondary", "tertiary"])
def test_more_years_of_schooling_raise_the_estimate(built, level):
    base = run(built, lambda p: None)
    more = run(built, lambda p: p["variants"]["central"]["years"].update({level: 8}))
    a, b = both(base, more)
    assert (b > a).all()
    # the count of emigrants does not depend on the years of schooling
    c, d = both(base, more, "emigrants")
    assert (c == d).all()


def test_a_wider_age_base_raises_count_and_estimate(built):
    base = run(built, lambda p: None)
    wider = run(built, lambda p: p["variants"]["central"].update(age_base="15+"))
    for col in ("emigrants", "investment"):
        a, b = both(base, wider, col)
        assert (b > a).all(), col


def test_more_funding_per_student_raises_the_estimate(built):
    doubled = {k: v.assign(value=v["value"] * 2) for k, v in built.items()}
    tertiary = EST["funding"]["tertiary"]
    more = {**built, tertiary: doubled[tertiary]}
    a, b = both(run(built, lambda p: None), run(more, lambda p: None))
    assert (b > a).all()


def test_a_higher_emigration_rate_raises_count_and_estimate(built):
    rate = EST["rate"]
    up = built[rate].assign(value=built[rate]["value"] * 1.1)
    a, b = both(run(built, lambda p: None), run({**built, rate: up}, lambda p: None), "emigrants")
    assert (b > a).all()


def test_a_tighter_rate_limit_publishes_fewer_countries(built):
    base = run(built, lambda p: None)["investment"].dropna()
    tight = run(built, lambda p: p.update(max_rate=0.2))["investment"].dropna()
    assert set(tight.index) < set(base.index)


def test_a_narrower_window_publishes_no_more_countries(built):
    base = run(built, lambda p: None)["investment"].dropna()
    narrow = run(built, lambda p: p.update(window=0))["investment"].dropna()
    assert set(narrow.index) < set(base.index)


# --- PROVENANCE "Verification" values (test data) -----------------------------------------------
SANITY = [
    ("emigration_rate_high", "MEX", 2010, "total", 12.1, 0.05),
    ("emigration_rate_high", "GHA", 2010, "total", 27.3, 0.05),
    ("emigration_rate_high", "PHL", 2010, "female", 13.2, 0.05),
    ("emigration_rate_high", "PHL", 2010, "male", 9.1, 0.05),
    ("emigration_rate_high", "JAM", 1990, "total", 81.4, 0.05),
    ("emigration_rate_high", "WLD", 2010, "total", 5.31, 0.005),
    ("education_spending_pct_gdp", "MEX", 2021, "total", 4.25, 0.005),
    ("education_spending_pct_gdp", "MAR", 2023, "total", 6.02, 0.005),
    ("funding_per_student_tertiary", "MEX", 2021, "total", 22.21, 0.005),
    ("funding_per_student_primary", "IND", 2021, "total", 14.52, 0.005),
    ("outbound_students", "MAR", 2017, "total", 48453, 0.5),
    ("outbound_students", "MEX", 2017, "total", 33854, 0.5),
    ("outbound_mobility_ratio", "NPL", 2017, "total", 13.32, 0.005),
    ("physicians_per_1000", "CUB", 2021, "total", 9.54, 0.005),
    ("physicians_per_1000", "MEX", 2022, "total", 2.59, 0.005),
    ("nurses_per_1000", "PHL", 2019, "total", 5.44, 0.005),
    ("fertility_rate", "KOR", 2023, "total", 0.72, 0.005),
    ("fertility_rate", "MEX", 2023, "total", 1.91, 0.005),
    ("old_age_dependency_ratio", "MEX", 2023, "total", 11.9, 0.05),
    ("old_age_dependency_ratio", "JPN", 2023, "total", 50.3, 0.05),
    ("age_dependency_ratio_projected", "MEX", 2050, "total", 52.5, 0.05),
    ("age_dependency_ratio_projected", "JPN", 2050, "total", 95.0, 0.05),
]


@pytest.mark.parametrize(("indicator", "iso3", "year", "sex", "expected", "tol"), SANITY)
def test_provenance_value(obs, indicator, iso3, year, sex, expected, tol):
    hit = obs[
        (obs["indicator_id"] == indicator)
        & (obs["iso3"] == iso3)
        & (obs["year"] == year)
        & (obs["sex"] == sex)
    ]
    assert len(hit) == 1, f"{indicator} {iso3} {year} {sex} not published"
    assert abs(hit["value"].iloc[0] - expected) <= tol


def test_zeros_that_are_not_real_are_not_published(obs):
    """UIS lost its qualifiers: India's tertiary attainment 0 in 2018/2020/2022/2023 is no data."""
    india = obs[(obs["indicator_id"] == "tertiary_attainment") & (obs["iso3"] == "IND")]
    assert not set(india["year"]) & {2018, 2020, 2022, 2023}
    assert 2021 in set(india["year"])
    assert not (obs[obs["indicator_id"].str.startswith("funding_per_student")]["value"] == 0).any()
