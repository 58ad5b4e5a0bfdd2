"""Origin-side series (issue 21): skilled emigration, the schooling and health workers it
draws on, and the demography beside it; and the experimental estimate of the public
investment in schooling embodied in tertiary-educated emigrants.

Each function returns the tidy shape (iso3, year, sex, value, flag). The estimate reads only
series already built (published ingredients), so a test can recompute it from the package;
every assumption is a parameter in metadata/indicators.yaml, none is written here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from atlas.extract import origin as raw
from atlas.extract.inputs import Inputs
from atlas.transform.tidy import Built, Series, tidy


def iab_emigration_rate(inp: Inputs, built: Built, *, level: str) -> Series:
    """IAB's emigration rate of one education level, in percent (IAB publishes fractions),
    by sex. The file is float32: values are rounded to 4 decimals of a percent (the precision
    the file holds). IAB's own world figure is flagged as a publisher aggregate."""
    rates = inp.table("iab_rates", raw.iab_rates)
    one = rates[rates["level"] == level].copy()
    one["value"] = (one["value"].astype("float64") * 100).round(4)
    one["flag"] = np.where(one["iso3"] == "WLD", "publisher_aggregate", "")
    return tidy(one)


def uis_series(inp: Inputs, built: Built, *, source: str, column: str) -> Series:
    """A UIS DDF series as published (0 read as missing: the build lost UIS's qualifiers)."""
    return tidy(inp.table(source, lambda i: raw.ddf_country_year(i, source, column)))


def wpp_fertility(inp: Inputs, built: Built, **_) -> Series:
    return tidy(inp.table("wpp_tfr", raw.wpp_tfr))


def dependency_projection(inp: Inputs, built: Built, *, source: str, first: int, last: int):
    """WPP 2024 medium-variant total dependency ratio for `first`..`last` (projections only),
    each value flagged `projection`."""
    column = "children_and_elderly_per_100_adults"
    frame = inp.table(source, lambda i: raw.ddf_country_year(i, source, column, "gapminder"))
    frame = frame[frame["year"].between(first, last)]
    return tidy(frame, flag="projection")


def old_age_dependency(inp: Inputs, built: Built, *, share: str, total: str) -> Series:
    """Old-age dependency ratio (65+ per 100 aged 15-64), derived exactly from two published
    WPP-based series: share 65+ (% of population) x (1 + total dependency / 100). With T the
    total population and W those aged 15-64: share = 100 P65 / T and 1 + D/100 = T / W, so the
    product is 100 P65 / W. Flagged `derived`; only years where both ingredients exist."""
    a = built[share][["iso3", "year", "value"]]
    b = built[total][["iso3", "year", "value"]]
    both = a.merge(b, on=["iso3", "year"], suffixes=("_share", "_dep"))
    both["value"] = both["value_share"] * (1 + both["value_dep"] / 100)
    return tidy(both, flag="derived")


# --- the experimental estimate -----------------------------------------------------------------
def nearest_year(series: Series, year: int, window: int) -> pd.DataFrame:
    """Each country's value in the year nearest `year` within +-`window` (ties: the later
    year), total sex only: iso3, value, year_used."""
    s = series[(series["sex"] == "total") & series["year"].between(year - window, year + window)]
    s = s.assign(dist=(s["year"] - year).abs(), neg_year=-s["year"])
    s = s.sort_values(["iso3", "dist", "neg_year"]).drop_duplicates("iso3")
    return s.rename(columns={"year": "year_used"})[["iso3", "value", "year_used"]]


def at_year(series: Series, year: int) -> pd.Series:
    s = series[(series["sex"] == "total") & (series["year"] == year)]
    return s.set_index("iso3")["value"]


def estimate_ingredients(built: Built, p: dict) -> pd.DataFrame:
    """One row per country with every ingredient of the estimate (missing where absent)."""
    year, window = p["year"], p["window"]
    frame = pd.DataFrame(
        {
            "rate": at_year(built[p["rate"]], year) / 100,
            "population": at_year(built[p["population"]], year),
            "dependency": at_year(built[p["dependency"]], year),
            "share65": at_year(built[p["share65"]], year),
            "gdp_pc": at_year(built[p["gdp_per_capita"]], year),
        }
    )
    near = {"attainment": p["attainment"], **{f"f_{k}": v for k, v in p["funding"].items()}}
    for name, indicator in near.items():
        frame[name] = nearest_year(built[indicator], year, window).set_index("iso3")["value"]
    return frame.rename_axis("iso3")


def schooling_investment(built: Built, p: dict, variant: str) -> pd.DataFrame:
    """Public investment in schooling embodied in tertiary-educated emigrants, current US$
    (`investment`), and the emigrant count it rests on (`emigrants`), per country.

    E = r / (1 - r) x a / 100 x P_base: r the high-skilled emigration rate (emigrants over
    emigrants plus residents with tertiary education), a the tertiary attainment rate of
    residents, P_base the resident population of the variant's age base (15-64 = P / (1 +
    D/100); 15+ adds P x share65 / 100). C = GDP per capita x sum over levels of years x
    funding per student (% of GDP per capita) / 100. Investment E x C; missing where an
    ingredient is, or where r is above `max_rate` (a count from a rate near 1 is unstable)."""
    v = p["variants"][variant]
    g = estimate_ingredients(built, p)
    working = g["population"] / (1 + g["dependency"] / 100)
    base = working if v["age_base"] == "15-64" else working + g["population"] * g["share65"] / 100
    emigrants = g["rate"] / (1 - g["rate"]) * g["attainment"] / 100 * base
    per_graduate = g["gdp_pc"] * sum(
        years * g[f"f_{level}"] / 100 for level, years in v["years"].items()
    )
    keep = g["rate"] <= p["max_rate"]
    return pd.DataFrame(
        {"emigrants": emigrants.where(keep), "investment": (emigrants * per_graduate).where(keep)}
    )


def embodied_schooling(inp: Inputs, built: Built, *, variant: str, measure: str) -> Series:
    """One variant of the estimate (`measure`: investment or emigrants) in the year of the
    emigration rates, flagged `experimental`; assumptions from metadata/origin_costs.yaml."""
    p = inp.meta["origin"]["estimate"]
    value = schooling_investment(built, p, variant)[measure].dropna()
    frame = pd.DataFrame({"iso3": value.index, "year": p["year"], "value": value.to_numpy()})
    return tidy(frame, flag="experimental")
