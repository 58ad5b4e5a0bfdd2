"""What the numbers mean (issue 17, findings 3, 4, 6; issue 16's row bug): which year a
population is, which territory a ratio covers, which treaty status is current.

Each test reads the raw file with its own minimal reader (pandas or pyreadr directly, no Atlas
code) and checks the published package in data/.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pyreadr
import pytest

from atlas.errors import InputError
from atlas.extract.inputs import Inputs
from atlas.metadata import load_metadata
from atlas.sources import default_mirror, load_sources
from atlas.transform import tables as build_tables

# UN M49 code of Kosovo in WPP (UN DESA's country table has no M49 code for it)
WPP_KOSOVO = 412


# --- minimal raw readers -----------------------------------------------------------------------
@cache
def rda(path: Path) -> pd.DataFrame:
    (frame,) = pyreadr.read_r(str(path)).values()
    return frame


def m49_iso3(raw) -> dict[int, str]:
    names = rda(raw["undesa-countrynames"]).dropna(subset=["m49"])
    out = {int(m): str(i) for m, i in zip(names["m49"], names["iso3"], strict=True)}
    return out | {WPP_KOSOVO: "XKX"}


def wpp_mid_year(raw, year: int) -> pd.Series:
    """UN WPP 2024 mid-year population (the `pop` rows of the gdidata WDI file), by iso3."""
    wdi = rda(raw["wdi-selected"])
    pop = wdi[(wdi["var"] == "pop") & (wdi["t"] == year)]
    return pd.Series(pop["v"].to_numpy(float), index=pop["geo"].astype(str))


def wpp_end_2024(raw) -> pd.Series:
    """WPP 2024 medium variant at 31 December 2024 (thousands -> persons), countries only."""
    proj = pd.read_csv(raw["wpp2024-popproj"], sep="\t", dtype={"country_code": int})
    locs = pd.read_csv(raw["wpp2024-locations"], sep="\t", dtype=str)
    countries = set(locs.loc[locs["location_type"] == "4", "country_code"].astype(int))
    proj = proj[proj["country_code"].isin(countries)]
    iso3 = proj["country_code"].map(m49_iso3(raw))
    assert iso3.notna().all(), proj.loc[iso3.isna(), "country"].tolist()
    return pd.Series(proj["2024"].to_numpy(float) * 1000, index=iso3.to_numpy())


def mid_2024(raw) -> pd.Series:
    """Linear between mid-2023 (t = 2023.5) and 31 Dec 2024 (t = 2025.0), at t = 2024.5, in
    whole persons."""
    mid23, end24 = wpp_mid_year(raw, 2023), wpp_end_2024(raw)
    both = mid23.index.intersection(end24.index)
    return (mid23[both] + (end24[both] - mid23[both]) / 1.5).round()


def published(obs: pd.DataFrame, indicator: str, year: int) -> pd.DataFrame:
    rows = obs[(obs["indicator_id"] == indicator) & (obs["year"] == year) & (obs["sex"] == "total")]
    return rows.set_index("iso3")


# --- finding 4: a coherent 2024 population ---------------------------------------------------
def test_population_2024_is_wpp_mid_year_derived_and_flagged(raw, obs):
    expected = mid_2024(raw)
    got = published(obs, "population", 2024)
    assert set(got.index) == set(expected.index), (
        f"2024 population published for {len(got)} places, WPP 2024 gives {len(expected)}: "
        f"missing {sorted(set(expected.index) - set(got.index))[:10]}, "
        f"extra {sorted(set(got.index) - set(expected.index))[:10]}"
    )
    diff = (got["value"] - expected.reindex(got.index)).abs()
    assert (diff <= 0.5).all(), diff.sort_values().tail(5).to_dict()
    assert set(got["flag"]) == {"population_derived"}, set(got["flag"])


def test_mexico_mid_2024_close_to_wpp_published(raw, obs):
    # PROVENANCE: WPP 2024's own published mid-2024 figure for Mexico is 130,861,007
    got = published(obs, "population", 2024).loc["MEX", "value"]
    assert abs(got / 130_861_007 - 1) < 0.0001, got


def test_no_series_break_2023_to_2024(raw, obs):
    """Moldova, Curaçao, Albania and the US Virgin Islands moved 15-22 % in one year with WDI."""
    y23 = published(obs, "population", 2023)["value"]
    y24 = published(obs, "population", 2024)["value"]
    change = (y24 / y23.reindex(y24.index) - 1).abs()
    for iso3 in ("MDA", "CUW", "ALB", "VIR"):
        assert change[iso3] < 0.05, (iso3, change[iso3])


def test_albania_emigrant_share_2024_uses_the_derived_population(raw, obs):
    stocks = rda(raw["undesa-stocks-2024"])
    emigrants = stocks[(stocks["from"] == "ALB") & (stocks["t"] == 2024)]["n"].sum()
    expected = emigrants / mid_2024(raw)["ALB"] * 100
    got = published(obs, "emigrants_pct_population", 2024).loc["ALB"]
    assert got["value"] == pytest.approx(expected, rel=1e-6)
    assert got["flag"] == "population_derived"


def test_world_population_2024_counts_every_wpp_country(raw, tables):
    agg = tables["aggregates"]
    row = agg[
        (agg["indicator_id"] == "population") & (agg["group"] == "WLD") & (agg["year"] == "2024")
    ]
    assert len(row) == 1
    places = tables["countries"]
    countries = set(places.loc[places["kind"] == "country", "iso3"])
    expected = mid_2024(raw)
    total = expected[expected.index.isin(countries)].sum()
    assert float(row["value"].iloc[0]) == pytest.approx(total, rel=1e-6)


def test_wdi_2024_population_is_a_cross_check(raw, obs):
    """WDI 2024 (wdi-population-datahub) equals WPP's mid-2024 figure for most countries (India,
    Nigeria, Mexico, Philippines): the derivation lands within 0.01 % there; where WDI uses
    national figures (United States, Germany, Moldova, Albania) it differs, as expected."""
    hub = pd.read_csv(raw["wdi-population-datahub"], dtype=str, keep_default_na=False)
    hub = hub[hub["Year"] == "2024"].set_index("Country Code")["Value"].astype(float)
    got = published(obs, "population", 2024)["value"]
    for iso3 in ("IND", "NGA", "MEX", "PHL"):
        assert abs(got[iso3] / hub[iso3] - 1) < 0.0001, (iso3, got[iso3], hub[iso3])
    both = got.index.intersection(hub.index)
    assert (got[both] / hub[both] - 1).abs().median() < 0.001


# --- finding 3: numerator and denominator cover the same territory ----------------------------
def serbia_with_kosovo(raw, year: int) -> float:
    """WPP gives Kosovo its own population; UN DESA's and UNHCR's Serbia include Kosovo."""
    pop = mid_2024(raw) if year == 2024 else wpp_mid_year(raw, year)
    return float(pop["SRB"] + pop["XKX"])


@pytest.mark.parametrize(
    "indicator,side",
    [("migrant_stock_pct_population", "geo"), ("emigrants_pct_population", "from")],
)
def test_serbia_shares_use_serbia_with_kosovo(raw, obs, indicator, side):
    stocks = rda(raw["undesa-stocks-2024"])
    assert not (stocks[["geo", "from"]] == "XKX").any().any(), "UN DESA now lists Kosovo apart"
    count = stocks[(stocks[side] == "SRB") & (stocks["t"] == 2020)]["n"].sum()
    expected = count / serbia_with_kosovo(raw, 2020) * 100
    got = published(obs, indicator, 2020).loc["SRB", "value"]
    assert got == pytest.approx(expected, rel=1e-9), (indicator, got, expected)


@pytest.mark.parametrize(
    "index_indicator,column",
    [
        ("refugees_originating_per_1000", "refugees"),
        ("asylum_seekers_originating_per_1000", "asylum_seekers"),
    ],
)
def test_index_ratios_for_serbia_use_serbia_with_kosovo(raw, tables, index_indicator, column):
    unhcr = rda(raw["unhcr-population"])
    inputs = tables["index_inputs"]
    rows = inputs[(inputs["iso3"] == "SRB") & (inputs["indicator"] == index_indicator)]
    # one row per edition since issue 21 (2010, 2015, 2020, 2025): each is checked
    assert len(rows) == 4
    for _, row in rows.iterrows():
        year = int(row["year"])
        count = unhcr[(unhcr["coo_iso"] == "SRB") & (unhcr["year"] == year)][column].sum()
        expected = count / serbia_with_kosovo(raw, year) * 1000
        assert float(row["value"]) == pytest.approx(expected, rel=1e-9), year


def test_caveats_say_serbia_includes_kosovo(tables):
    ind = tables["indicators"].set_index("id")
    for iid in ("migrant_stock_pct_population", "emigrants_pct_population"):
        for lang in ("en", "es", "fr"):
            assert "Kosovo" in ind.loc[iid, f"caveats_{lang}"], (iid, lang)


# --- finding 6: current treaty status with dates (UNTC, 3 February 2026) -----------------------
UNTC_TREATIES = {  # the file's treaty_id -> the Atlas's instrument id
    "cerd": "icerd",
    "icescr": "icescr",
    "icescr_op": "icescr_op",
    "iccpr": "iccpr",
    "iccpr_op1": "iccpr_op1",
    "iccpr_op2": "iccpr_op2",
    "cedaw": "cedaw",
    "cedaw_op": "op_cedaw",
    "cat": "cat",
    "cat_op": "opcat",
    "crc": "crc",
    "crc_op_ac": "op_crc_ac",
    "crc_op_sc": "op_crc_sc",
    "crc_op_ic": "op_crc_ic",
    "cmw": "icmw",
    "crpd": "crpd",
    "crpd_op": "op_crpd",
    "ced": "cped",
}
# UNTC participant names that are not UN DESA country names; None: not a present-day State
UNTC_NAMES = {
    "Bahamas (The)": "BHS",
    "Congo": "COG",
    "Czech Republic": "CZE",
    "Sao Tome and Principe": "STP",
    "St. Kitts and Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Vincent and the Grenadines": "VCT",
    "State of Palestine": "PSE",
    "Czechoslovakia": None,
    "German Democratic Republic": None,
    "European Union": None,
}


def untc_2026(raw) -> pd.DataFrame:
    frame = pd.read_csv(raw["untc-hr-status-2026"], dtype=str, keep_default_na=False)
    names = rda(raw["undesa-countrynames"])
    lookup = {}
    for col in ("name", "name_text", "name_sort"):
        for n, i in zip(names[col], names["iso3"], strict=True):
            lookup.setdefault(str(n).casefold(), str(i))
    frame["iso3"] = [
        UNTC_NAMES[n] if n in UNTC_NAMES else lookup[n.casefold()] for n in frame["country_name"]
    ]
    frame["instrument"] = frame["treaty_id"].map(UNTC_TREATIES)
    return frame.dropna(subset=["iso3"])


def test_ratifications_are_untc_2026_with_dates(raw, tables):
    rat = tables["ratifications"].set_index(["instrument", "iso3"])
    assert set(tables["ratifications"]["as_of"]) == {"2026-02-03"}
    for col in ("signature_date", "action_date", "action"):
        assert col in rat.columns, f"no column {col}"
    wrong = []
    for r in untc_2026(raw).itertuples():
        got = rat.loc[(r.instrument, r.iso3)]
        status = "party" if r.action_type else "signatory"
        year = r.action_date[:4] if r.action_type else ""
        mine = (got["status"], got["year"], got["action_date"], got["signature_date"])
        if (
            mine != (status, year, r.action_date, r.signature_date)
            or got["action"] != r.action_type.lower()
        ):
            wrong.append((r.instrument, r.iso3, tuple(got), r.action_type, r.action_date))
    assert not wrong, f"{len(wrong)} rows differ from UNTC 2026, e.g. {wrong[:5]}"


def test_icmw_60_parties_11_signatories(raw, tables):
    rat = tables["ratifications"]
    icmw = rat[rat["instrument"] == "icmw"]
    assert (icmw["status"] == "party").sum() == 60
    assert (icmw["status"] == "signatory").sum() == 11
    raw_icmw = untc_2026(raw)
    raw_icmw = raw_icmw[raw_icmw["instrument"] == "icmw"]
    assert set(icmw.loc[icmw["status"] == "party", "iso3"]) == set(
        raw_icmw.loc[raw_icmw["action_type"] != "", "iso3"]
    )


def test_ratification_years_are_not_signature_years(raw, tables):
    """ICERD: the 2022 compilation gave the USA 1966 (signature); UNTC says ratified 1994."""
    rat = tables["ratifications"].set_index(["instrument", "iso3"])
    for iso3 in ("USA", "MEX", "GBR"):
        row = untc_2026(raw).query("instrument == 'icerd' and iso3 == @iso3").iloc[0]
        assert rat.loc[("icerd", iso3), "year"] == row["action_date"][:4], iso3


def test_denunciations_carried_from_the_2022_note(raw, tables):
    old = pd.read_csv(raw["untc-iccpr-op1"], dtype=str, keep_default_na=False)
    denounced = old[old["note"].str.startswith("Denounced")]
    assert set(denounced["iso2"]) == {"JM", "TT"}
    rat = tables["ratifications"].set_index(["instrument", "iso3"])
    for iso2, iso3 in (("JM", "JAM"), ("TT", "TTO")):
        row = rat.loc[("iccpr_op1", iso3)]
        assert row["status"] != "party", (iso3, row["status"])
        note = denounced.loc[denounced["iso2"] == iso2, "note"].iloc[0]
        assert note in row["note"], (iso3, row.get("note"))


def test_index_rights_follow_2026_status(raw, tables):
    inputs = tables["index_inputs"]
    # the 2025 edition (the package holds one block per edition since issue 21)
    latest = inputs["edition"].astype(int) == inputs["edition"].astype(int).max()
    icmw = inputs[latest & (inputs["indicator"] == "icmw_status")].set_index("iso3")
    # Malawi ratified in 2022-09, Côte d'Ivoire acceded in 2023, Zimbabwe in 2024
    for iso3 in ("MWI", "CIV", "ZWE"):
        assert float(icmw.loc[iso3, "value"]) == 1.0, iso3


# --- issue 16: a ratification error names the file's row, also after an excluded row ----------
def test_ratification_error_names_the_file_row_after_an_excluded_row(tmp_path):
    sources = load_sources()
    paths = {s["id"]: default_mirror() / s["path"] for s in sources}
    lines = paths["untc-op-crc-ic"].read_bytes().splitlines(keepends=True)
    assert b"Montserrat" in lines[115]  # data row 115: excluded (metadata/vocabularies.yaml)
    lines[120] = lines[120].replace(b"no action", b"pending")  # data row 120
    bad = tmp_path / "hr_status_op_crc_ic.csv"
    bad.write_bytes(b"".join(lines))
    inp = Inputs({**paths, "untc-op-crc-ic": bad}, load_metadata(None, sources))
    with pytest.raises(InputError) as info:
        build_tables.ratifications(inp, sources)
    (problem,) = [p for p in info.value.problems if p.rule == "unknown status"]
    assert (problem.row, problem.field, problem.value) == (120, "status", "pending")


def test_a_malformed_untc_file_stops_the_build_naming_row_and_field(tmp_path):
    sources = load_sources()
    paths = {s["id"]: default_mirror() / s["path"] for s in sources}
    lines = paths["untc-hr-status-2026"].read_bytes().splitlines(keepends=True)
    assert lines[3].startswith(b"Algeria,cerd,") and b",Ratification," in lines[3]
    lines[3] = lines[3].replace(b",Ratification,", b",Ratified,")  # data row 3
    assert lines[1].startswith(b"Afghanistan,cerd,")
    lines[1] = lines[1].replace(b",1983-07-06,", b",06/07/1983,")  # data row 1
    bad = tmp_path / "un_hr_ratifications.csv"
    bad.write_bytes(b"".join(lines))
    inp = Inputs({**paths, "untc-hr-status-2026": bad}, load_metadata(None, sources))
    with pytest.raises(InputError) as info:
        build_tables.ratifications(inp, sources)
    found = {(p.row, p.field, p.rule, p.value) for p in info.value.problems}
    assert (3, "action_type", "unknown kind of action", "Ratified") in found, found
    assert (1, "action_date", "not a date", "06/07/1983") in found, found
    assert all("untc-hr-status-2026" in p.file for p in info.value.problems)
