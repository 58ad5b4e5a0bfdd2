"""Independent minimal readers of the origin-side raw files (issue 21), registered into
test_data_values.CHECKS by `register`: pandas.read_stata / read_csv only, the rules of each
PROVENANCE.md written out again here (nothing from atlas.extract or atlas.transform).

The experimental estimate is recomputed from the *published* ingredients in
tests/test_origin_costs.py; here each of its ingredients is checked against its raw file.
"""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadr
import yaml

ROOT = Path(__file__).resolve().parents[1]
ESTIMATE = yaml.safe_load((ROOT / "metadata" / "origin_costs.yaml").read_text("utf-8"))["estimate"]

# IAB codes that are not ISO3 (PROVENANCE "Codes are not all ISO3"); SRB&MNE is left out
IAB_CODES = {
    "ADO": "AND",
    "ZAR": "COD",
    "ROM": "ROU",
    "TMP": "TLS",
    "UAE": "ARE",
    "SIN": "SGP",
    "NAU": "NRU",
    "WBG": "PSE",
}
IAB_SEX = {"Male and Female": "total", "Female": "female", "Male": "male"}
GAPMINDER = {
    "KOS": "XKX",
    "CHANISL": "XCX",
    "GBM": "IMN",
    "GBG": "GGY",
    "HOS": "VAT",
    "NLD_CURACAO": "CUW",
    "STBAR": "BLM",
}


@cache
def iab(path: Path) -> pd.DataFrame:
    return pd.read_stata(path)


def iab_rate(raw, level: str, long) -> pd.DataFrame:
    d = iab(raw["iab-emigration-rates"])
    d = d[d["ccode_origin"] != "SRB&MNE"]
    iso3 = d["ccode_origin"].replace(IAB_CODES)
    value = (d[f"{level}_rate"].astype("float64") * 100).round(4)  # fractions -> percent
    flag = np.where(iso3 == "WLD", "publisher_aggregate", "")
    return long(iso3, d["year"], value, sex=d["gender"].map(IAB_SEX).to_numpy(), flag=flag)


@cache
def ddf(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def uis(raw, source: str, long) -> pd.DataFrame:
    """Country rows only (three lower-case letters), zeros read as missing."""
    d = ddf(raw[source])
    geo, year, column = d.columns[:3]
    d = d[d[geo].str.fullmatch(r"[a-z]{3}")]
    value = pd.to_numeric(d[column]).astype(float)
    return long(d[geo].str.upper(), d[year].astype(int), value.mask(value == 0))


def gapminder(raw, source: str, long, first: int = 0, last: int = 9999, flag="") -> pd.DataFrame:
    d = ddf(raw[source])
    d = d[d["time"].astype(int).between(first, last)]
    iso3 = d["geo"].str.upper().replace(GAPMINDER)
    return long(iso3, d["time"].astype(int), pd.to_numeric(d.iloc[:, 2]), flag=flag)


def wpp_tfr(raw, long) -> pd.DataFrame:
    loc = pd.read_csv(raw["wpp2024-locations"], sep="\t", dtype=str, keep_default_na=False)
    countries = set(loc.loc[loc["location_type"] == "4", "country_code"].astype(int))
    tfr = pd.read_csv(raw["wpp2024-tfr"], sep="\t", dtype={"country_code": int})
    tfr = tfr[tfr["country_code"].isin(countries)]
    m49 = m49_lookup(raw)
    years = [c for c in tfr.columns if c.isdigit()]
    melted = tfr.melt(id_vars="country_code", value_vars=years, var_name="year")
    return long(melted["country_code"].map(m49), melted["year"].astype(int), melted["value"])


def m49_lookup(raw) -> dict[int, str]:
    (table,) = pyreadr.read_r(str(raw["undesa-countrynames"])).values()
    table = table.dropna(subset=["m49"])
    out = {int(m): str(iso) for m, iso in zip(table["m49"], table["iso3"], strict=True)}
    return out | {412: "XKX"}


def old_age(raw, long, wdi_api, wdi_selected) -> pd.DataFrame:
    """share 65+ x (1 + total dependency / 100), years where both exist, flagged derived."""
    share = wdi_api(raw, "wdi-pop-65up")
    dep = wdi_selected(raw, "depend")
    both = share.merge(dep, on=["iso3", "year", "sex"], suffixes=("", "_dep"))
    return long(
        both["iso3"], both["year"], both["value"] * (1 + both["value_dep"] / 100), flag="derived"
    )


def nearest(frame: pd.DataFrame, year: int, window: int) -> pd.Series:
    """Per country, the value of the year nearest `year` within the window (ties: later)."""
    f = frame[frame["sex"] == "total"]
    f = f[(f["year"] - year).abs() <= window]
    f = f.loc[_later_of_ties(f.assign(d=(f["year"] - year).abs()))]
    return f.set_index("iso3")["value"]


def _later_of_ties(f: pd.DataFrame) -> pd.Index:
    best = f.groupby("iso3")["d"].transform("min")
    g = f[f["d"] == best]
    return g.sort_values("year").groupby("iso3").tail(1).index


def estimate_from_raw(raw, variant: str, measure: str, long, wdi_api, wdi_selected):
    """The experimental estimate recomputed from the raw files, by the formula written out
    again: E = r/(1-r) x a/100 x base; C = GDPpc x sum(years x funding/100); E x C."""
    p, year = ESTIMATE, ESTIMATE["year"]
    v = p["variants"][variant]

    def at(frame):
        f = frame[(frame["year"] == year) & (frame["sex"] == "total")]
        return f.set_index("iso3")["value"]

    r = at(iab_rate(raw, "high", long)) / 100
    pop = at(wdi_selected(raw, "pop"))
    dep = at(wdi_selected(raw, "depend"))
    s65 = at(wdi_api(raw, "wdi-pop-65up"))
    gdp_pc = at(wdi_api(raw, "wdi-gdp-per-capita"))
    a = nearest(uis(raw, "uis-ea-5t8-ag25t99", long), year, p["window"])
    sources = {"primary": "uis-xunit-gdpcap-1", "secondary": "uis-xunit-gdpcap-2t3"}
    sources["tertiary"] = "uis-xunit-gdpcap-5t8"
    cost = sum(
        v["years"][lvl] * nearest(uis(raw, src, long), year, p["window"]) / 100
        for lvl, src in sources.items()
    )
    working = pop / (1 + dep / 100)
    base = working if v["age_base"] == "15-64" else working + pop * s65 / 100
    emigrants = (r / (1 - r) * a / 100 * base).where(r <= p["max_rate"]).dropna()
    value = emigrants if measure == "emigrants" else (emigrants * gdp_pc * cost).dropna()
    return long(value.index, year, value.to_numpy(), flag="experimental")


def register(checks: dict, check, long, wdi_api, wdi_selected, rel: float) -> None:
    """Add a check for every origin-side indicator read straight from a raw file."""
    for level, iid in (("high", "high"), ("med", "medium"), ("low", "low")):
        checks[f"emigration_rate_{iid}"] = check(partial(iab_rate, level=level, long=long))
    for iid, source in {
        "education_spending_pct_gdp": "uis-xgdp-fsgov",
        "funding_per_student_primary": "uis-xunit-gdpcap-1",
        "funding_per_student_secondary": "uis-xunit-gdpcap-2t3",
        "funding_per_student_tertiary": "uis-xunit-gdpcap-5t8",
        "tertiary_attainment": "uis-ea-5t8-ag25t99",
        "outbound_students": "uis-oe-students",
        "outbound_mobility_ratio": "uis-mor-students",
    }.items():
        checks[iid] = check(partial(uis, source=source, long=long))
    checks["physicians_per_1000"] = check(
        partial(gapminder, source="gapminder-physicians", long=long)
    )
    checks["age_dependency_ratio_projected"] = check(
        partial(
            gapminder,
            source="gapminder-dependency-wpp",
            long=long,
            first=2024,
            last=2050,
            flag="projection",
        )
    )
    checks["nurses_per_1000"] = check(partial(wdi_api, source="wdi-nurses-midwives"))
    checks["fertility_rate"] = check(partial(wpp_tfr, long=long))
    checks["old_age_dependency_ratio"] = check(
        partial(old_age, long=long, wdi_api=wdi_api, wdi_selected=wdi_selected), rel
    )
    helpers = {"long": long, "wdi_api": wdi_api, "wdi_selected": wdi_selected}
    for variant, iid in ESTIMATE["indicators"].items():
        measure, var = (
            ("emigrants", "central") if variant == "emigrants" else ("investment", variant)
        )
        checks[iid] = check(
            partial(estimate_from_raw, variant=var, measure=measure, **helpers), rel
        )
