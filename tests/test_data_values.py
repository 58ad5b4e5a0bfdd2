"""Published values against the raw files, read independently of the build.

Every indicator of metadata/indicators.yaml has a check registered in CHECKS: a minimal reader
of its raw file(s) (pyreadr, pandas.read_csv, pandas.read_excel; nothing from atlas.build)
recomputes the series with the rules written out again here, and a deterministic sample of
country-years is compared with observations.csv (both ways: raw -> published, published -> raw).
The other resources (bilateral, ratifications, income_groups, missing_migrants_routes,
asylum_decisions, countries) are checked the same way, and the cross-check files of
sources.yaml (role: crosscheck) are compared with the published values.

Expected numbers typed in this file come from the "Verification" sections of the sources'
PROVENANCE.md files: they are test data, not published data.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadr
import pytest
import yaml
from conftest import value

ROOT = Path(__file__).resolve().parents[1]
INDICATORS = yaml.safe_load((ROOT / "metadata" / "indicators.yaml").read_text(encoding="utf-8"))[
    "indicators"
]
INDICATOR_IDS = [ind["id"] for ind in INDICATORS]

EXACT = 1e-9  # straight copies and sums of counts
RATIO = 1e-6  # values derived by a division
FOCUS = ("IND", "MEX", "MAR", "PHL", "TUR")
KEY = ["iso3", "year", "sex"]

# Source codes that the Atlas writes differently (test data, from metadata/countries.yaml)
WB_CODES = {"CHI": "XCX"}  # World Bank: Channel Islands
UNHCR_CODES = {"UNK": "OOO", "XXX": "OOO", "UKN": "OOO", "XXA": "STL", "STA": "STL"}
SDG_M49 = {
    1: "WLD",
    62: "M49-62",
    202: "M49-202",
    419: "M49-419",
    513: "M49-513",
    543: "M49-543",
    747: "M49-747",
    753: "M49-753",
    412: "XKX",
}
SDG_AGGREGATES = {v for v in SDG_M49.values() if v != "XKX"}


# --- minimal raw readers (each file parsed once per session) -----------------------------------
@cache
def rda(path: Path) -> pd.DataFrame:
    """The single data frame of an R data file."""
    (frame,) = pyreadr.read_r(str(path)).values()
    return frame


@cache
def text_csv(path: Path, encoding: str = "utf-8", skiprows: int = 0) -> pd.DataFrame:
    """A CSV as text, no NA guessing ('NA' is Namibia)."""
    return pd.read_csv(
        path, dtype=str, keep_default_na=False, encoding=encoding, skiprows=skiprows
    )


@cache
def sheet(path: Path, name: str) -> pd.DataFrame:
    """One worksheet as raw cells."""
    return pd.read_excel(path, sheet_name=name, header=None, engine="calamine")


def num(values: pd.Series) -> pd.Series:
    """Text cells to numbers (empty and '..' are missing)."""
    return pd.to_numeric(values.replace({"": None, "..": None}), errors="coerce").astype(float)


@cache
def countrynames(path: Path) -> pd.DataFrame:
    frame = rda(path).copy()
    frame["iso2"] = frame["iso2"].fillna("NA")  # Namibia's 'NA' is read as missing by pyreadr
    return frame


def m49_to_iso3(raw) -> dict[int, str]:
    table = countrynames(raw["undesa-countrynames"]).dropna(subset=["m49"])
    return {int(m): str(iso) for m, iso in zip(table["m49"], table["iso3"], strict=True)}


def iso2_to_iso3(raw) -> dict[str, str]:
    table = countrynames(raw["undesa-countrynames"])
    lookup = {str(a): str(b) for a, b in zip(table["iso2"], table["iso3"], strict=True)}
    return lookup | {"TP": "TLS"}


def long(iso3, year, value, sex="total", flag="") -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "iso3": np.asarray(iso3, dtype=object),
            "year": np.asarray(year).astype(float),
            "value": np.asarray(value, dtype=float),
        }
    )
    frame["sex"] = sex if np.isscalar(sex) else np.asarray(sex, dtype=object)
    frame["flag"] = flag if np.isscalar(flag) else np.asarray(flag, dtype=object)
    frame = frame.dropna(subset=["value"])
    frame["year"] = frame["year"].astype(int)
    return frame[["iso3", "year", "sex", "value", "flag"]].reset_index(drop=True)


# --- expected series, recomputed from raw ------------------------------------------------------
def stock_by(raw, side: str) -> pd.DataFrame:
    """UN DESA 2024: sum over the other side of the destination x origin table, by sex."""
    s = rda(raw["undesa-stocks-2024"])
    n = s["n"].astype("int64")
    by_sex = n.groupby([s[side], s["t"], s["sex"]]).sum().reset_index()
    total = n.groupby([s[side], s["t"]]).sum().reset_index()
    return pd.concat(
        [
            long(by_sex[side], by_sex["t"], by_sex["n"], sex=by_sex["sex"]),
            long(total[side], total["t"], total["n"]),
        ],
        ignore_index=True,
    )


@cache
def wdi_var(path: Path, var: str) -> pd.DataFrame:
    wdi = rda(path)
    one = wdi[wdi["var"] == var]
    return long(one["geo"].replace(WB_CODES), one["t"], one["v"])


def wdi_selected(raw, var: str) -> pd.DataFrame:
    return wdi_var(raw["wdi-selected"], var)


def population(raw) -> pd.DataFrame:
    """UN WPP 2024 (wdi.rda pop) to 2023; WDI SP.POP.TOTL for 2024 only, flagged."""
    wpp = wdi_selected(raw, "pop")
    wpp = wpp[wpp["year"] <= 2023]
    hub = text_csv(raw["wdi-population-datahub"])
    hub = hub[hub["Year"] == "2024"]
    iso3 = hub["Country Code"].replace(WB_CODES)
    later = long(iso3, hub["Year"], num(hub["Value"]), flag="population_from_wdi")
    later = later[later["iso3"].isin(set(wpp["iso3"]))]
    return pd.concat([wpp, later], ignore_index=True)


def share_of_population(raw, count: Callable) -> pd.DataFrame:
    c = count(raw)
    c = c[c["sex"] == "total"]
    both = c.merge(population(raw), on=["iso3", "year"], suffixes=("", "_pop"))
    both = both[both["value_pop"] > 0]
    return long(
        both["iso3"], both["year"], both["value"] / both["value_pop"] * 100, flag=both["flag_pop"]
    )


def female_share(raw, count: Callable) -> pd.DataFrame:
    c = count(raw).pivot_table(index=["iso3", "year"], columns="sex", values="value")
    c = c[c["total"] > 0]
    share = (c["female"] / c["total"] * 100).reset_index(name="value")
    return long(share["iso3"], share["year"], share["value"])


@cache
def wb_economies(path: Path) -> frozenset[str]:
    """World Bank economies (not aggregates): rows of the country metadata with a region."""
    meta = text_csv(path, encoding="utf-8-sig")
    return frozenset(meta.loc[meta["Region"].str.strip() != "", "Country Code"])


@cache
def wdi_api_wide(path: Path) -> pd.DataFrame:
    if path.suffix == ".xls":
        grid = sheet(path, "Data")
        frame = grid.iloc[4:].copy()
        frame.columns = [str(c).removesuffix(".0") for c in grid.iloc[3]]
        return frame
    with path.open("rb") as fh:
        skip = 0 if fh.read(64).lstrip(b"\xef\xbb\xbf").startswith(b"Country Name") else 4
    return text_csv(path, encoding="utf-8-sig", skiprows=skip)


def wdi_api(raw, source: str) -> pd.DataFrame:
    """A WDI API download, wide by year, economies only."""
    frame = wdi_api_wide(raw[source])
    frame = frame[frame["Country Code"].isin(wb_economies(raw["wb-country-metadata-2025"]))]
    years = [c for c in frame.columns if c.isdigit()]
    melted = frame.melt(id_vars="Country Code", value_vars=years, var_name="year")
    values = pd.to_numeric(melted["value"].replace({"": None}), errors="coerce")
    return long(melted["Country Code"].replace(WB_CODES), melted["year"], values)


def gapminder(raw, source: str, column: str) -> pd.DataFrame:
    frame = text_csv(raw[source])
    iso3 = frame["geo"].str.upper().replace({"KOS": "XKX"})
    return long(iso3, frame["time"], num(frame[column]))


def percent_of_gdp(raw, of: Callable) -> pd.DataFrame:
    both = of(raw).merge(wdi_selected(raw, "gdp"), on=["iso3", "year"], suffixes=("", "_gdp"))
    both = both[both["value_gdp"] > 0]
    return long(both["iso3"], both["year"], both["value"] / both["value_gdp"] * 100)


@cache
def unhcr(path: Path) -> pd.DataFrame:
    """A UNHCR table with Atlas codes in coo_iso / coa_iso (UNHCR code where ISO3 is empty)."""
    frame = rda(path).copy()
    for side in ("coo", "coa"):
        iso = frame[f"{side}_iso"].astype(object).fillna("").str.strip()
        iso = iso.where(iso != "", frame[side].astype(object))
        frame[f"{side}_iso"] = iso.replace(UNHCR_CODES)
    return frame


SIDE = {"asylum": "coa_iso", "origin": "coo_iso"}


def unhcr_sum(raw, source: str, column: str, by: str) -> pd.DataFrame:
    frame = unhcr(raw[source])
    side = SIDE[by]
    summed = frame.groupby([side, "year"])[column].sum(min_count=1).reset_index()
    return long(summed[side], summed["year"], summed[column])


def one_unit(frame: pd.DataFrame, side: str, unit: str) -> pd.DataFrame:
    """Rows in persons where the country-year has any, else in cases."""
    persons = frame[frame[unit] == "P"]
    with_persons = set(zip(persons[side], persons["year"], strict=True))
    in_persons = pd.Series(
        [k in with_persons for k in zip(frame[side], frame["year"], strict=True)],
        index=frame.index,
    )
    keep = frame[(frame[unit] == "P") | ~in_persons]
    return keep.assign(flag=np.where(keep[unit] == "C", "cases_not_persons", ""))


def asylum_applications(raw, by: str) -> pd.DataFrame:
    side = SIDE[by]
    apps = one_unit(unhcr(raw["unhcr-asylum-applications"]), side, "app_pc")
    summed = apps.groupby([side, "year", "flag"])["applied"].sum(min_count=1).reset_index()
    return long(summed[side], summed["year"], summed["applied"], flag=summed["flag"])


def recognition_rate(raw, by: str) -> pd.DataFrame:
    side = SIDE[by]
    dec = one_unit(unhcr(raw["unhcr-asylum-decisions"]), side, "dec_pc")
    cols = ["dec_recognized", "dec_other", "dec_rejected"]
    s = dec.groupby([side, "year", "flag"])[cols].sum(min_count=1).reset_index()
    granted = s["dec_recognized"].fillna(0) + s["dec_other"].fillna(0)
    decided = granted + s["dec_rejected"].fillna(0)
    rate = (granted / decided * 100).where(decided > 0)
    return long(s[side], s["year"], rate, flag=s["flag"])


@cache
def mmp(path: Path) -> pd.DataFrame:
    frame = rda(path).copy()
    frame["year"] = pd.to_datetime(frame["t"].astype(str)).dt.year
    return frame


def missing_migrants(raw, by: str) -> pd.DataFrame:
    frame = mmp(raw["iom-missing-migrants"])
    if by == "incident":
        geo = frame["geo"].astype(object).fillna("")
        frame = frame[geo != ""].assign(iso3=geo)
    else:
        nat = frame["nat"].astype(object).fillna("").str.strip()
        single = (nat != "") & (nat != "UNK") & ~nat.str.contains(",", regex=False)
        frame = frame[single].assign(iso3=nat[single])
    summed = frame.groupby(["iso3", "year"])["dead"].sum(min_count=1).reset_index()
    return long(summed["iso3"], summed["year"], summed["dead"])


def sdg_geo(raw, codes: pd.Series) -> pd.Series:
    lookup = m49_to_iso3(raw) | SDG_M49
    return codes.astype(int).map(lookup)


def sdg_cost(raw, source: str, column: str) -> pd.DataFrame:
    frame = text_csv(raw[source])
    iso3 = sdg_geo(raw, frame["geo_area"])
    flag = np.where(iso3.isin(SDG_AGGREGATES), "publisher_aggregate", "")
    return long(iso3, frame["year"], num(frame[column]), flag=flag)


@cache
def hdr_table(path: Path) -> pd.DataFrame:
    frame = text_csv(path, encoding="latin-1")
    keep = ~frame["iso3"].str.startswith("ZZ") | (frame["iso3"] == "ZZK.WORLD")
    frame = frame[keep].copy()
    frame["iso3"] = frame["iso3"].replace({"ZZK.WORLD": "WLD"})
    return frame.set_index("iso3")


def hdr(raw, **prefixes: str) -> pd.DataFrame:
    table = hdr_table(raw["hdr-2025"])
    parts = []
    for sex, prefix in prefixes.items():
        cols = [c for c in table.columns if c[:-5] == prefix and c[-5] == "_" and c[-4:].isdigit()]
        melted = table[cols].reset_index().melt(id_vars="iso3", var_name="column")
        flag = np.where(melted["iso3"] == "WLD", "publisher_aggregate", "")
        parts.append(
            long(melted["iso3"], melted["column"].str[-4:], num(melted["value"]), sex, flag)
        )
    return pd.concat(parts, ignore_index=True)


# --- the registry: one check per indicator ------------------------------------------------------
@dataclass(frozen=True)
class Check:
    expected: Callable[[dict[str, Path]], pd.DataFrame]
    rel: float = EXACT


def migrant_stock(raw):
    return stock_by(raw, "geo")


def emigrants(raw):
    return stock_by(raw, "from")


def remittances_received(raw):
    return wdi_selected(raw, "remin")


def remittances_paid(raw):
    return wdi_selected(raw, "remout")


def fdi_inflows(raw):
    return wdi_selected(raw, "fdiin")


def oda_received(raw):
    return wdi_api(raw, "wdi-oda-received")


CHECKS: dict[str, Check] = {
    "migrant_stock": Check(migrant_stock),
    "emigrants": Check(emigrants),
    "migrant_stock_pct_population": Check(partial(share_of_population, count=migrant_stock), RATIO),
    "emigrants_pct_population": Check(partial(share_of_population, count=emigrants), RATIO),
    "migrant_stock_female_share": Check(partial(female_share, count=migrant_stock), RATIO),
    "population": Check(population),
    "remittances_received_pct_gdp": Check(partial(percent_of_gdp, of=remittances_received), RATIO),
    "remittances_paid_pct_gdp": Check(partial(percent_of_gdp, of=remittances_paid), RATIO),
    "fdi_inflows_pct_gdp": Check(partial(percent_of_gdp, of=fdi_inflows), RATIO),
    "oda_received_pct_gdp": Check(partial(percent_of_gdp, of=oda_received), RATIO),
    "gini": Check(partial(gapminder, source="gapminder-gini", column="inequality_index_gini")),
    "remittance_cost_receiving": Check(
        partial(sdg_cost, source="sdg-10c1-receiving", column="si_rmt_cost")
    ),
    "remittance_cost_sending": Check(
        partial(sdg_cost, source="sdg-10c1-sending", column="si_rmt_cost_snd")
    ),
    "asylum_applications": Check(partial(asylum_applications, by="asylum")),
    "asylum_applications_by_origin": Check(partial(asylum_applications, by="origin")),
    "asylum_recognition_rate": Check(partial(recognition_rate, by="asylum"), RATIO),
    "dead_missing_in_country": Check(partial(missing_migrants, by="incident")),
    "dead_missing_nationals": Check(partial(missing_migrants, by="nationality")),
}
# WDI selection (wdi.rda `var`: R/wdi.R of iom/gdidata, as listed in PROVENANCE)
for _id, _var in {
    "net_migration": "nmig",
    "age_dependency_ratio": "depend",
    "birth_rate": "birth",
    "unemployment_rate": "unem",
    "gdp_usd": "gdp",
    "gdp_per_capita_ppp": "income",
    "inflation": "inf",
    "political_stability": "polstb",
    "remittances_received_usd": "remin",
    "remittances_paid_usd": "remout",
    "fdi_inflows_usd": "fdiin",
    "fdi_outflows_usd": "fdiout",
}.items():
    CHECKS[_id] = Check(partial(wdi_selected, var=_var))
# WDI API downloads (wide by year)
for _id, _source in {
    "population_65plus_pct": "wdi-pop-65up",
    "labour_force": "wdi-labour-force",
    "gdp_per_capita_usd": "wdi-gdp-per-capita",
    "oda_received_usd": "wdi-oda-received",
}.items():
    CHECKS[_id] = Check(partial(wdi_api, source=_source))
# UNHCR tables: (source, column, by)
for _id, _args in {
    "refugees_hosted": ("unhcr-population", "refugees", "asylum"),
    "refugees_originating": ("unhcr-population", "refugees", "origin"),
    "asylum_seekers_hosted": ("unhcr-population", "asylum_seekers", "asylum"),
    "asylum_seekers_originating": ("unhcr-population", "asylum_seekers", "origin"),
    "oip_hosted": ("unhcr-population", "oip", "asylum"),
    "oip_originating": ("unhcr-population", "oip", "origin"),
    "returned_refugees": ("unhcr-population", "returned_refugees", "asylum"),
    "returned_refugees_by_origin": ("unhcr-population", "returned_refugees", "origin"),
    "idps_unhcr": ("unhcr-population", "idps", "asylum"),
    "returned_idps": ("unhcr-population", "returned_idps", "asylum"),
    "stateless_persons": ("unhcr-population", "stateless", "asylum"),
    "stateless_by_origin": ("unhcr-population", "stateless", "origin"),
    "idps_idmc": ("unhcr-idmc", "total", "origin"),
    "unrwa_refugees": ("unhcr-unrwa", "total", "asylum"),
    "resettlement_arrivals": ("unhcr-solutions", "resettlement", "asylum"),
    "resettlement_by_origin": ("unhcr-solutions", "resettlement", "origin"),
    "naturalisations": ("unhcr-solutions", "naturalisation", "asylum"),
}.items():
    CHECKS[_id] = Check(partial(unhcr_sum, source=_args[0], column=_args[1], by=_args[2]))
# UNDP HDR 2025: column prefixes by sex
for _id, _prefixes in {
    "hdi": {"total": "hdi", "female": "hdi_f", "male": "hdi_m"},
    "life_expectancy": {"total": "le", "female": "le_f", "male": "le_m"},
    "expected_years_schooling": {"total": "eys", "female": "eys_f", "male": "eys_m"},
    "mean_years_schooling": {"total": "mys", "female": "mys_f", "male": "mys_m"},
    "gni_per_capita_ppp": {"total": "gnipc", "female": "gni_pc_f", "male": "gni_pc_m"},
    "gdi": {"total": "gdi"},
    "gii": {"total": "gii"},
    "maternal_mortality": {"total": "mmr"},
    "adolescent_birth_rate": {"total": "abr"},
    "secondary_education_share": {"female": "se_f", "male": "se_m"},
    "parliament_seats_share": {"female": "pr_f", "male": "pr_m"},
    "labour_force_participation": {"female": "lfpr_f", "male": "lfpr_m"},
    "ihdi": {"total": "ihdi"},
    "hdi_loss_inequality": {"total": "loss"},
    "coefficient_human_inequality": {"total": "coef_ineq"},
    "inequality_life_expectancy": {"total": "ineq_le"},
    "inequality_education": {"total": "ineq_edu"},
    "inequality_income": {"total": "ineq_inc"},
    "phdi": {"total": "phdi"},
}.items():
    CHECKS[_id] = Check(partial(hdr, **_prefixes))


# --- fixtures and comparison helpers -------------------------------------------------------------
@pytest.fixture(scope="module")
def published(obs) -> dict[str, pd.DataFrame]:
    """indicator id -> its published rows, indexed by (iso3, year, sex)."""
    return {
        iid: frame.drop(columns="indicator_id").set_index(KEY).sort_index()
        for iid, frame in obs.groupby("indicator_id", sort=False)
    }


def pick(frame: pd.DataFrame, seed: str, n: int) -> pd.DataFrame:
    """A deterministic sample: the focus countries' first and latest years, plus n others."""
    frame = frame.sort_values(KEY).reset_index(drop=True)
    parts = []
    for iso3 in FOCUS:
        mine = frame[frame["iso3"] == iso3]
        if len(mine):
            parts.append(mine[mine["year"] == mine["year"].max()])
            parts.append(mine[mine["year"] == mine["year"].min()].head(1))
    rest = frame[~frame["iso3"].isin(FOCUS)]
    if len(rest):
        rng = np.random.default_rng(zlib.crc32(seed.encode()))
        parts.append(rest.iloc[np.sort(rng.choice(len(rest), min(n, len(rest)), replace=False))])
    return pd.concat(parts).drop_duplicates(subset=KEY)


def close(a: float, b: float, rel: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def compare(indicator: str, expected: pd.DataFrame, pub: pd.DataFrame, rel: float) -> list[str]:
    problems = []
    exp = expected.set_index(KEY).sort_index()
    dupes = exp.index[exp.index.duplicated()]
    if len(dupes):
        problems.append(f"test reader gives duplicate keys: {list(dupes[:5])}")
    for row in pick(expected, indicator, 12).itertuples(index=False):
        key = (row.iso3, row.year, row.sex)
        if key not in pub.index:
            problems.append(f"{key}: raw {row.value!r} not published")
            continue
        got = pub.loc[key]
        if not close(got["value"], row.value, rel):
            problems.append(f"{key}: published {got['value']!r}, raw gives {row.value!r}")
        if got["flag"] != row.flag:
            problems.append(f"{key}: published flag {got['flag']!r}, expected {row.flag!r}")
    for row in pick(pub.reset_index(), indicator + "/published", 8).itertuples(index=False):
        key = (row.iso3, row.year, row.sex)
        if key not in exp.index:
            problems.append(f"{key}: published {row.value!r} has no value in the raw file")
        elif not close(exp.loc[key, "value"], row.value, rel):
            problems.append(f"{key}: published {row.value!r}, raw {exp.loc[key, 'value']!r}")
    missing = exp.index.difference(pub.index)
    extra = pub.index.difference(exp.index)
    if len(missing) or len(extra):
        problems.append(
            f"coverage: {len(exp)} raw values, {len(pub)} published; not published "
            f"{list(missing[:5])} ({len(missing)}); not in raw {list(extra[:5])} ({len(extra)})"
        )
    return problems


# --- every indicator: a sample of published values against the raw file ------------------------
def test_every_indicator_has_a_data_check():
    missing = [i for i in INDICATOR_IDS if i not in CHECKS]
    unknown = sorted(set(CHECKS) - set(INDICATOR_IDS))
    assert not missing, f"indicators without a sample check in {Path(__file__).name}: {missing}"
    assert not unknown, f"checks for indicators not in metadata/indicators.yaml: {unknown}"


@pytest.mark.parametrize("indicator", INDICATOR_IDS)
def test_indicator_sample_matches_raw(indicator, raw, published):
    assert indicator in CHECKS, f"no data check registered for {indicator!r} in CHECKS"
    check = CHECKS[indicator]
    expected = check.expected(raw)
    assert len(expected), f"{indicator}: the test reader found no values in the raw file"
    assert indicator in published, f"{indicator}: no published values"
    problems = compare(indicator, expected, published[indicator], check.rel)
    assert not problems, f"{indicator}: published values differ from raw:\n  " + "\n  ".join(
        problems
    )
