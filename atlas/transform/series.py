"""Indicator transforms: small pure functions from parsed raw tables to one tidy series.

Each returns columns iso3, year, sex, value, flag. `indicators.yaml` names the transform and
its params; derived series (shares, % of GDP) read the series already built, never raw files,
so a number is computed once and every derived value traces back to it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from atlas.errors import Problem, raise_if_any
from atlas.extract import readers as raw
from atlas.extract.inputs import Inputs
from atlas.extract.read import read_csv_text
from atlas.transform.origin import (
    dependency_projection,
    embodied_schooling,
    iab_emigration_rate,
    old_age_dependency,
    uis_series,
    wpp_fertility,
)
from atlas.transform.tidy import (
    Built,
    Series,
    not_reported_columns,
    sum_by,
    tidy,
    zeros_as_missing,
)
from atlas.transform.unhcr import (
    asylum_applications,
    recognition_rate,
    unhcr_population,
    unhcr_solutions,
    unhcr_total,
)


# --- UN DESA migrant stock ---------------------------------------------------------------------
def _stock_by(inp: Inputs, side: str) -> Series:
    stocks = inp.table("undesa_stocks", raw.undesa_stocks)
    by_sex = sum_by(stocks, [side, "t", "sex"], "n")
    total = sum_by(by_sex, [side, "t"], "n").assign(sex="total")
    both = pd.concat([by_sex, total]).rename(columns={side: "iso3", "t": "year", "n": "value"})
    return tidy(both)


def migrant_stock_by_destination(inp: Inputs, built: Built, **_) -> Series:
    """Stock by destination, flagged `imputed` where UN DESA's estimate type says I (imputed)."""
    series = _stock_by(inp, "geo")
    stocks = inp.table("undesa_stocks", raw.undesa_stocks)
    imputed = stocks.loc[stocks["type_i"] == 1, ["geo", "t"]].drop_duplicates()
    keys = set(zip(imputed["geo"], imputed["t"].astype(int), strict=True))
    hit = [(i, y) in keys for i, y in zip(series["iso3"], series["year"], strict=True)]
    series.loc[hit, "flag"] = "imputed"
    return series


def migrant_stock_by_origin(inp: Inputs, built: Built, **_) -> Series:
    return _stock_by(inp, "from")


def population_wpp(inp: Inputs, built: Built, *, derive: int) -> Series:
    """UN WPP 2024 mid-year estimates to the year before `derive`; for `derive`, a mid-year value
    derived from WPP 2024 itself, flagged (sources README rule: one source, no series break)."""
    wdi = inp.table("wdi_selected", raw.wdi_selected)
    wpp = wdi[wdi["var"] == "pop"].rename(columns={"geo": "iso3", "t": "year", "v": "value"})
    wpp = wpp[wpp["year"] < derive]
    end_of_year = inp.table("wpp_end_of_year", raw.wpp_end_of_year)
    derived = mid_year_between(wpp[wpp["year"] == derive - 1], end_of_year, derive)
    return tidy(pd.concat([wpp, derived.assign(flag="population_derived")]))


def mid_year_between(mid_before: pd.DataFrame, end_of_year: pd.DataFrame, year: int) -> Series:
    """Population at 1 July of `year`, linear between 1 July of the year before (a WPP estimate)
    and 31 December of `year` (WPP's projection file, which is dated 31 December, not mid-year):
    p(year + 0.5) = p(year - 0.5) + (p(year + 1) - p(year - 0.5)) / 1.5, in whole persons. Only
    places with both values; the check against WPP's own mid-year figure is in PROVENANCE."""
    end = end_of_year[end_of_year["year"] == year][["iso3", "value"]]
    both = mid_before[["iso3", "value"]].merge(end, on="iso3", suffixes=("_mid", "_end"))
    value = both["value_mid"] + (both["value_end"] - both["value_mid"]) / 1.5
    return pd.DataFrame({"iso3": both["iso3"], "year": year, "value": value.round()})


def share_of_population(
    inp: Inputs, built: Built, *, of: str, within_population: bool = False, per: int = 100
) -> Series:
    """A count (total sex) per `per` people (100: percent; 100000: per 100,000) of the
    population of the same country and year.

    `within_population`: the count is part of the population (immigrants), so a share above
    100 % means the two sources disagree (a stock against a derived population): left missing."""
    count = built[of]
    count = count[count["sex"] == "total"]
    pop = built["population"][["iso3", "year", "value", "flag"]]
    pop = population_matching(pop, inp.meta["countries"].get("territory_folds", []), of)
    both = count.merge(pop, on=["iso3", "year"], suffixes=("", "_pop"))
    both = both[both["value_pop"] > 0]
    if within_population:
        both = both[both["value"] <= both["value_pop"]]
    both["value"] = both["value"] / both["value_pop"] * per
    both["flag"] = both["flag_pop"]
    return tidy(both)


def population_matching(pop: pd.DataFrame, folds: list[dict], numerator: str) -> pd.DataFrame:
    """Population of the territory a numerator covers. Where the numerator's source counts one
    territory inside another (UN DESA's and UNHCR's Serbia include Kosovo), the denominator is
    the sum of both, in years where both have a value (else missing): a share of Serbia alone
    would be a quarter too high. Columns iso3, year, value[, flag] as given."""
    out = pop
    for fold in folds:
        if numerator not in fold["numerators"]:
            continue
        members = [fold["code"], *fold["includes"]]
        part = pop[pop["iso3"].isin(members)]
        agg = {"value": ("value", "sum"), "n": ("value", "size")}
        if "flag" in pop:
            agg["flag"] = ("flag", "max")
        summed = part.groupby("year", as_index=False).agg(**agg)
        summed = summed[summed["n"] == len(members)].drop(columns="n")
        out = pd.concat([out[out["iso3"] != fold["code"]], summed.assign(iso3=fold["code"])])
    return out.reset_index(drop=True)


def female_share(inp: Inputs, built: Built, *, of: str) -> Series:
    series = built[of].pivot_table(
        index=["iso3", "year"], columns="sex", values="value", aggfunc="first"
    )
    series = series[series["total"] > 0]
    out = (series["female"] / series["total"] * 100).rename("value").reset_index()
    return tidy(out)


# --- World Bank WDI ----------------------------------------------------------------------------
def wdi_selected(inp: Inputs, built: Built, *, var: str) -> Series:
    """One variable of the WDI selection; zeros dropped where metadata says 0 = not compiled."""
    wdi = inp.table("wdi_selected", raw.wdi_selected)
    one = wdi[wdi["var"] == var].rename(columns={"geo": "iso3", "t": "year", "v": "value"})
    if var in not_reported_columns(inp.meta, "wdi-selected"):
        one = zeros_as_missing(one, ["value"])
    return tidy(one)


def wdi_api_series(inp: Inputs, built: Built, *, source: str) -> Series:
    return tidy(inp.table(source, lambda i: raw.wdi_api_long(i, source)))


def gapminder_series(inp: Inputs, built: Built, *, source: str, column: str) -> Series:
    frame = read_csv_text(
        inp.path(source), inp.label(source), ["geo", "time", column], numeric=["time", column]
    )
    frame["iso3"] = inp.codes(frame["geo"].str.upper(), "gapminder", source, "geo")
    return tidy(frame.rename(columns={"time": "year", column: "value"}))


def percent_of_gdp(inp: Inputs, built: Built, *, of: str) -> Series:
    gdp = built["gdp_usd"][["iso3", "year", "value"]]
    both = built[of].merge(gdp, on=["iso3", "year"], suffixes=("", "_gdp"))
    both = both[both["value_gdp"] > 0]
    both["value"] = both["value"] / both["value_gdp"] * 100
    return tidy(both.drop(columns="flag"))


# --- IOM Missing Migrants ----------------------------------------------------------------------
def missing_migrants(inp: Inputs, built: Built, *, by: str) -> Series:
    mmp = inp.table("iom_mmp", raw.missing_migrants)
    if by == "incident":
        frame = mmp.dropna(subset=["geo"]).rename(columns={"geo": "iso3"})
    else:
        nat = mmp["nat"].astype("string").str.strip()
        single = nat.notna() & ~nat.str.contains(",", regex=False) & (nat != "UNK") & (nat != "")
        frame = mmp[single].assign(iso3=inp.codes(nat[single], None, "iom-missing-migrants", "nat"))
    summed = sum_by(frame, ["iso3", "year"], "dead")
    summed["flag"] = np.where(summed["year"] == partial_year(mmp["t"]), "partial_year", "")
    return tidy(summed.rename(columns={"dead": "value"}))


def partial_year(dates: pd.Series) -> int | None:
    """The last year of a record file if its records stop before 31 December (IOM's file ends
    on 30 April 2025): values of that year cover part of it and are flagged as such."""
    last = pd.to_datetime(dates, errors="coerce").max()
    return None if last >= pd.Timestamp(year=last.year, month=12, day=31) else int(last.year)


# --- SDG 10.c.1 --------------------------------------------------------------------------------
def sdg_cost_series(inp: Inputs, built: Built, *, source: str, column: str) -> Series:
    frame = inp.table(source, lambda i: raw.sdg_cost(i, source, column, corridor=False))
    aggregates = set(inp.meta["countries"]["aggregates"])
    flag = np.where(frame["iso3"].isin(aggregates), "publisher_aggregate", "")
    return tidy(frame.assign(flag=flag).rename(columns={column: "value"}))


# --- UNDP HDR 2025 -----------------------------------------------------------------------------
def hdr_series(inp: Inputs, built: Built, *, total=None, female=None, male=None) -> Series:
    long = inp.table("hdr", raw.hdr)
    parts = [
        long[long["var"] == prefix].assign(sex=sex)
        for sex, prefix in (("total", total), ("female", female), ("male", male))
        if prefix
    ]
    out = pd.concat(parts)
    out["flag"] = np.where(out["iso3"] == "WLD", "publisher_aggregate", "")
    return tidy(out)


Transform = Callable[..., Series]
TRANSFORMS: dict[str, Transform] = {
    f.__name__: f
    for f in (
        migrant_stock_by_destination,
        migrant_stock_by_origin,
        population_wpp,
        share_of_population,
        female_share,
        wdi_selected,
        wdi_api_series,
        gapminder_series,
        percent_of_gdp,
        unhcr_population,
        unhcr_solutions,
        unhcr_total,
        asylum_applications,
        recognition_rate,
        missing_migrants,
        sdg_cost_series,
        hdr_series,
        iab_emigration_rate,
        uis_series,
        wpp_fertility,
        dependency_projection,
        old_age_dependency,
        embodied_schooling,
    )
}
# transforms that read other built series (computed after the series they read)
DERIVED = {
    "share_of_population",
    "female_share",
    "percent_of_gdp",
    "old_age_dependency",
    "embodied_schooling",
}
# transforms whose params take the indicator's own source id
SOURCE_PARAM = {
    "wdi_api_series",
    "gapminder_series",
    "unhcr_total",
    "sdg_cost_series",
    "uis_series",
    "dependency_projection",
}


def indicator_series(inp: Inputs, indicators: list[dict]) -> Built:
    """Build every indicator: base series first, then derived ones, in metadata order."""
    built: Built = {}
    ordered = [i for i in indicators if i["transform"] not in DERIVED] + [
        i for i in indicators if i["transform"] in DERIVED
    ]
    for ind in ordered:
        params = dict(ind.get("params") or {})
        if ind["transform"] in SOURCE_PARAM:
            params["source"] = ind["source"]
        series = TRANSFORMS[ind["transform"]](inp, built, **params)
        if ind["unit"] in inp.meta["vocabularies"]["whole_number_units"]:
            series = whole_counts(series, ind["id"], inp.meta["vocabularies"])
        built[ind["id"]] = series
    return built


def whole_counts(series: Series, indicator: str, vocabularies: dict) -> Series:
    """A count series rounded to whole numbers. Counts of people are integers; a source that
    stores them in floating point (thousands with three decimals) carries noise such as
    2827614.999999999, which is removed. A value farther from a whole number than the
    tolerance is not noise: it stops the build, naming the value."""
    values = series["value"].astype("float64")
    rounded = values.round()
    off = (values - rounded).abs() > float(vocabularies["whole_number_tolerance"])
    raise_if_any(
        [
            Problem(
                "metadata/indicators.yaml",
                None,
                f"{indicator} {series['iso3'].iloc[i]} {series['year'].iloc[i]}",
                "a count (unit in whole_number_units) is not a whole number",
                repr(values.iloc[i]),
                "a whole number (metadata/vocabularies.yaml whole_number_tolerance)",
            )
            for i in off.to_numpy().nonzero()[0][:20]
        ]
    )
    return series.assign(value=rounded)
