"""The `sdg_series` resource against the raw DDF files of the UN SDG Global Database (issue 20).

The raw files are read here with a minimal pandas reader of their own (every cell as text), not
with the build's reader, so a mistake in atlas/extract/sdg.py cannot hide itself: every raw row
is published or deliberately left out (an aggregate the package cannot name), and every
published row is a raw row with the same value. The cross-check series (10.7.3 SM_DTH_MIGR,
17.3.2 BX_TRF_PWKR) are compared with the series the package publishes from IOM and WDI.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from atlas.base import ROOT
from atlas.errors import InputError
from atlas.extract.inputs import Inputs
from atlas.extract.sdg import sdg_datapoints
from atlas.metadata import check_sdg_series_metadata, load_metadata
from atlas.sources import default_mirror, load_sources
from atlas.validate import check_sdg_series

MIRROR = default_mirror()
CONFIG = yaml.safe_load((ROOT / "metadata" / "sdg_series.yaml").read_text(encoding="utf-8"))
SERIES = {s["code"]: s for s in CONFIG["series"]}
SOURCES = {s["id"]: s for s in load_sources()}
KEY = ["series", "iso3", "year", "sex", "age", "migratory_status", "policy_domain"]
KEY += ["observation_status"]


# --- a minimal reader of the raw files, independent of the build --------------------------------
def raw_file(source_id: str) -> pd.DataFrame:
    """A DDF datapoints file, every cell as text (age '15' stays '15', 'N' stays 'N')."""
    return pd.read_csv(MIRROR / SOURCES[source_id]["path"], dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def m49(tables) -> dict[str, str]:
    """M49 code -> package code: the countries table's m49 column, then World and the SDG
    regions of metadata/countries.yaml."""
    countries = tables["countries"]
    has = countries["m49"] != ""
    out = dict(zip(countries.loc[has, "m49"], countries.loc[has, "iso3"], strict=True))
    meta = yaml.safe_load((ROOT / "metadata" / "countries.yaml").read_text(encoding="utf-8"))
    out.update(meta["code_maps"]["sdg_m49"])
    return out


def raw_as_published(code: str, m49: dict[str, str]) -> pd.DataFrame:
    """The raw file of one series in the resource's columns (codes in the package's words)."""
    series = SERIES[code]
    frame = raw_file(series["source"])
    vocab = CONFIG["vocabularies"]
    out = pd.DataFrame(
        {
            "series": code,
            "geo_area": frame["geo_area"],
            "iso3": frame["geo_area"].map(m49),
            "year": frame["year"],
            "raw_value": frame[code.lower()],
            "nature": frame["nature"],
        }
    )
    for column, ddf in [
        ("sex", "sex"),
        ("age", "age"),
        ("migratory_status", "migratory_status"),
        ("policy_domain", "policy_domains"),
        ("observation_status", "observation_status"),
    ]:
        if ddf not in frame:
            out[column] = "na"
        elif isinstance(vocab[ddf], dict):
            out[column] = frame[ddf].map(vocab[ddf])
        else:
            out[column] = frame[ddf]
    return out


@pytest.fixture(scope="module")
def sdg(tables) -> pd.DataFrame:
    return tables["sdg_series"]


# --- every raw row published or deliberately left out, and nothing else -------------------------
@pytest.mark.parametrize("code", list(SERIES))
def test_raw_rows_and_published_rows_match_both_ways(code, sdg, m49):
    raw = raw_as_published(code, m49)
    unnamed = {str(c) for c in CONFIG["unnamed_aggregates"]}
    left_out = raw["geo_area"].isin(unnamed)
    assert raw.loc[~left_out, "iso3"].notna().all(), "a raw code the package cannot map"
    assert raw.loc[left_out, "iso3"].isna().all(), "an unnamed aggregate that has a package code"
    kept = raw[~left_out]
    pub = sdg[sdg["series"] == code]
    assert len(pub) == len(kept), (len(pub), len(kept))
    joined = kept.merge(pub, on=KEY, how="outer", indicator=True, validate="1:1")
    assert (joined["_merge"] == "both").all(), joined[joined["_merge"] != "both"].head()
    # the same value: a number read back to the same float, or the same text answer
    is_text = joined["value_text"] != ""
    assert (joined.loc[is_text, "raw_value"] == joined.loc[is_text, "value_text"]).all()
    assert (joined.loc[is_text, "value"] == "").all()
    nums = joined[~is_text]
    assert (nums["raw_value"].astype(float) == nums["value"].astype(float)).all()
    assert (nums["nature_x"] == nums["nature_y"]).all()
    flagged = nums["publisher_aggregate"] == "true"
    assert set(joined.loc[joined["publisher_aggregate"] == "true", "iso3"]) <= (
        {"WLD"} | {c for c in m49.values() if c.startswith("M49-")}
    )
    assert not nums.loc[~flagged, "iso3"].str.startswith("M49-").any()


def test_every_series_is_in_metadata_and_sources(descriptor, sdg):
    """Series codes: one list (metadata/sdg_series.yaml), the schema's enum derived from it."""
    res = next(r for r in descriptor["resources"] if r["name"] == "sdg_series")
    field = next(f for f in res["schema"]["fields"] if f["name"] == "series")
    assert field["constraints"]["enum"] == list(SERIES)
    assert set(sdg["series"]) == set(SERIES)
    for s in SERIES.values():
        assert SOURCES[s["source"]]["role"] == "canonical"
        assert s["code"].lower() in SOURCES[s["source"]]["path"]
    for code in ("SM_DTH_MIGR", "BX_TRF_PWKR"):
        assert code not in set(sdg["series"])
        assert SOURCES["unsd-sdg-" + code.lower().replace("_", "-")]["role"] == "crosscheck"


def test_values_within_each_series_valid_range(sdg):
    values = sdg.assign(v=pd.to_numeric(sdg["value"]))
    for code, s in SERIES.items():
        lo, hi = s["range"]
        v = values.loc[values["series"] == code, "v"].dropna()
        assert lo is None or v.min() >= lo, code
        assert hi is None or v.max() <= hi, code


# --- traps of PROVENANCE ------------------------------------------------------------------------
def test_text_answer_n_is_text_not_zero(sdg):
    """10.7.2: 'N' (50 territories and areas that are not UN member States, 2019) is published
    in value_text with no number; it is never a rating, and never 0."""
    n = sdg[sdg["value_text"] != ""]
    assert set(n["value_text"]) == {"N"}
    assert set(n["series"]) == {"SG_CPA_MIGRS"}
    assert len(n) == 350 and n["iso3"].nunique() == 50 and set(n["year"]) == {"2019"}
    assert (n["value"] == "").all()
    assert "XCX" in set(n["iso3"])  # Channel Islands (830), value N only
    rated = sdg[(sdg["series"] == "SG_CPA_MIGRS") & (sdg["value_text"] == "")]
    assert set(rated["value"]) == {"1", "2", "3", "4"}
    assert rated["iso3"].nunique() == 138


def test_notspec_and_absent_breakdowns(sdg):
    """NOTSPEC (the DDF build's fill for an empty cell) is published as not_specified; a
    breakdown a file does not have is na. 8.8.2 has no migratory-status breakdown at all."""
    for col in ("sex", "age", "migratory_status", "policy_domain", "observation_status"):
        assert not sdg[col].str.lower().eq("notspec").any(), col
        assert (sdg[col] != "").all(), col
    lab = sdg[sdg["series"] == "SL_LBR_NTLCPL"]
    assert set(lab["migratory_status"]) == {"not_specified"}
    assert set(lab["sex"]) == {"na"} and set(lab["age"]) == {"na"}
    assert set(sdg.loc[sdg["migratory_status"] == "not_specified", "series"]) == {"SL_LBR_NTLCPL"}
    uhc = sdg[sdg["series"] == "SH_ACS_UNHC"]
    assert set(uhc[["sex", "age", "migratory_status", "policy_domain"]].stack()) == {"na"}


def one(sdg: pd.DataFrame, **key) -> float:
    rows = sdg
    for k, v in key.items():
        rows = rows[rows[k] == v]
    assert len(rows) == 1, (key, len(rows))
    return float(rows["value"].iloc[0])


def test_values_provenance_verified(sdg):
    """Figures PROVENANCE checked in the raw files, found in the package unchanged."""
    s = sdg
    assert one(s, series="SL_EMP_RCOST_MO", iso3="BGD", year="2020", sex="total") == 17.6
    assert one(s, series="SL_EMP_RCOST_MO", iso3="BGD", year="2020", sex="female") == 5.6
    migrp = dict(series="SG_CPA_MIGRP", iso3="WLD", policy_domain="all_domains")
    assert round(one(s, **migrp, year="2021"), 1) == 62.3
    assert round(one(s, **migrp, year="2019"), 1) == 54.1
    migrs = dict(series="SG_CPA_MIGRS", iso3="MEX", policy_domain="all_domains")
    assert (one(s, **migrs, year="2019"), one(s, **migrs, year="2021")) == (1, 3)
    assert one(s, series="SM_POP_REFG_OR", iso3="SYR", year="2022") == pytest.approx(23572, abs=1)
    ftl = dict(series="SL_EMP_FTLINJUR", iso3="ESP", year="2019", sex="total")
    assert one(s, **ftl, migratory_status="migrants") == pytest.approx(2.43, abs=0.005)
    assert one(s, **ftl, migratory_status="non_migrants") == pytest.approx(1.70, abs=0.005)
    assert one(s, series="SL_LBR_NTLCPL", iso3="NOR", year="2021") == 0
    assert one(s, series="SH_ACS_UNHC", iso3="WLD", year="2021") == 68
    vaw = dict(series="VC_VAW_MARR", iso3="WLD", year="2018", sex="female")
    assert round(one(s, **vaw, age="15-49"), 1) == 12.5
    assert round(one(s, **vaw, age="15+"), 1) == 9.9  # DDF age id "15" = 15 and over
    assert one(s, series="VC_HTF_DETV", iso3="GBR", year="2019", sex="total", age="all") == 10627


def test_parts_are_published_as_given_not_summed(sdg):
    """8.7.1 and 16.2.2 parts do not add up to their totals in the source; the package keeps
    them so (Mexico 2019: both sexes 5.994 above both female 4.726 and male 3.386)."""
    key = dict(series="SL_TLF_CHLDEC", iso3="MEX", year="2019", age="5-17")
    assert one(sdg, **key, sex="total") == 5.994
    assert (one(sdg, **key, sex="female"), one(sdg, **key, sex="male")) == (4.726, 3.386)
    detv = sdg[(sdg["series"] == "VC_HTF_DETV") & (sdg["age"] == "all")]
    wide = detv.pivot_table(index=["iso3", "year"], columns="sex", values="value", aggfunc="first")
    wide = wide.apply(pd.to_numeric).dropna(subset=["total", "female", "male"])
    extra = wide.reindex(columns=["unknown", "other"]).fillna(0).sum(axis=1)
    parts = wide["female"] + wide["male"] + extra
    assert (parts != wide["total"]).sum() > 100  # PROVENANCE: 159 of 675 geo-years differ


def test_unnamed_aggregates_are_left_out(sdg):
    """LDC (199), LLDC (432), SIDS (722), continents and subregions are not published."""
    assert not sdg["iso3"].str.fullmatch(r"M49-(199|432|722|514|515|2|9|142|150)").any()
    migrp = sdg[sdg["series"] == "SG_CPA_MIGRP"]
    assert (migrp["publisher_aggregate"] == "true").all()
    assert set(migrp["iso3"]) <= {"WLD", "M49-62", "M49-202", "M49-419", "M49-513", "M49-543"} | {
        "M49-747",
        "M49-753",
    }


# --- cross-checks: read by tests only, never published ------------------------------------------
def crosscheck(code: str, m49: dict[str, str]) -> pd.DataFrame:
    frame = raw_file("unsd-sdg-" + code.lower().replace("_", "-"))
    iso3 = frame["geo_area"].map(m49)
    out = pd.DataFrame({"iso3": iso3, "year": frame["year"].astype(int)})
    return out.assign(sdg=frame[code.lower()].astype(float)).dropna(subset=["iso3"])


def test_crosscheck_10_7_3_against_iom_dead_and_missing(obs, m49):
    """SDG 10.7.3 (SM_DTH_MIGR, by country of incident) is IOM's Missing Migrants count as the
    SDG database had it in April 2023; the package publishes IOM's own file (June 2025
    vintage). Country-years agree exactly in most years up to 2020 (they are the same records);
    IOM has since added records, most of all for 2022 (e.g. Yemen 29 -> 670, Iran 212 -> 695),
    so the package is higher there and the SDG file must not replace it."""
    sdg = crosscheck("SM_DTH_MIGR", m49)
    sdg = sdg[~sdg["iso3"].str.startswith("M49-") & (sdg["iso3"] != "WLD")]
    iom = obs[(obs["indicator_id"] == "dead_missing_in_country") & (obs["sex"] == "total")]
    both = sdg.merge(iom, on=["iso3", "year"], how="left")
    # SDG country-years the current IOM file does not have: two zeros, and Afghanistan 2022
    # (480 in the SDG file; IOM's current file has no Afghanistan row for 2022)
    absent = both[both["value"].isna()]
    assert set(zip(absent["iso3"], absent["year"], absent["sdg"], strict=True)) == {
        ("AFG", 2022, 480.0),
        ("CPV", 2021, 0.0),
        ("GIB", 2019, 0.0),
    }
    both = both.dropna(subset=["value"])
    equal = (both["value"] == both["sdg"]).groupby(both["year"]).mean()
    assert (equal.loc[2014:2020] >= 0.9).all(), equal.to_dict()
    assert equal.loc[2022] < 0.9
    gap = (both["value"] - both["sdg"]).groupby(both["year"]).sum()
    assert gap.loc[2022] > 1000, gap.to_dict()  # 1,584 more in IOM's current file
    assert (gap.loc[2018:2020].abs() < 50).all(), gap.to_dict()


def test_crosscheck_17_3_2_against_wdi_remittances(obs, m49):
    """SDG 17.3.2 (BX_TRF_PWKR) is WDI remittances as % of GDP as served in April 2022 (ends
    2020); the package computes the share from the current WDI. About 85 % of country-years
    agree within 0.1 point and 93 % within 0.5: the rest are WDI revisions of remittances or of
    GDP (e.g. Nepal 2020 24.09 then, 24.25 now). The package keeps WDI as the one source."""
    sdg = crosscheck("BX_TRF_PWKR", m49)
    wdi = obs[(obs["indicator_id"] == "remittances_received_pct_gdp") & (obs["sex"] == "total")]
    both = sdg.merge(wdi, on=["iso3", "year"], how="inner")
    assert len(both) > 4500
    diff = (both["value"] - both["sdg"]).abs()
    assert (diff <= 0.1).mean() > 0.8 and (diff <= 0.5).mean() > 0.9
    nepal = both[(both["iso3"] == "NPL") & (both["year"] == 2020)].iloc[0]
    assert nepal["sdg"] == pytest.approx(24.0892) and nepal["value"] == pytest.approx(24.25, 0.01)


# --- bad inputs: a malformed DDF file stops the reader naming row and field ---------------------
RCOST = SERIES["SL_EMP_RCOST_MO"]


def read_tampered(raw: dict[str, Path], tmp: Path, edit) -> InputError:
    """Read the 10.7.1 file after `edit(lines)`; the reader must refuse it."""
    src = MIRROR / SOURCES[RCOST["source"]]["path"]
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp / src.name
    path.write_text("".join(edit(lines)), encoding="utf-8")
    meta = load_metadata(None, load_sources())
    with pytest.raises(InputError) as info:
        sdg_datapoints(Inputs({**raw, RCOST["source"]: path}, meta), RCOST, CONFIG)
    assert all(src.name in p.file for p in info.value.problems), str(info.value)
    return info.value


def replace_in(row: int, old: str, new: str):
    def edit(lines: list[str]) -> list[str]:
        assert old in lines[row]
        return [*lines[:row], lines[row].replace(old, new, 1), *lines[row + 1 :]]

    return edit


@pytest.mark.parametrize(
    ("row", "old", "new", "field", "rule"),
    [
        (3, ",19.1", ",19,1", None, "row has 8 fields"),  # a decimal comma: a shifted row
        (3, ",19.1", ",about 19", "sl_emp_rcost_mo", "not a number"),
        (3, ",19.1", ",N", "sl_emp_rcost_mo", "not a number"),  # N is 10.7.2's answer only
        (2, "female", "femme", "sex", "unknown sex code"),
        (5, "migper", "refugee", "migratory_status", "unknown migratory_status code"),
        (4, "116,", "999,", "geo_area", "unknown M49 code"),
        (1, "mo_earn", "percent", "units", "unexpected unit"),
        (6, ",2019,", ",219,", "year", "outside the range"),
    ],
)
def test_malformed_ddf_file_names_row_and_field(raw, tmp_path, row, old, new, field, rule):
    err = read_tampered(raw, tmp_path, replace_in(row, old, new))
    hits = [p for p in err.problems if rule in p.rule]
    assert len(hits) == 1, str(err)
    assert hits[0].row == row and hits[0].field == field, str(hits[0])


def test_unknown_column_in_a_ddf_file(raw, tmp_path):
    def footnote(lines: list[str]) -> list[str]:
        head = lines[0].rstrip("\n") + ",footnote\n"
        return [head] + [line.rstrip("\n") + ",x\n" for line in lines[1:]]

    err = read_tampered(raw, tmp_path, footnote)
    p = next(p for p in err.problems if p.rule == "unexpected column")
    assert (p.row, p.field) == (0, "footnote")


def test_validation_refuses_out_of_range_and_empty_rows():
    """The build's domain rule: a value outside the series' range, or a row with neither a
    number nor a text answer, is a problem naming the row."""
    meta = {"series": {"SL_LBR_NTLCPL": {"range": [0, 10]}, "SG_CPA_MIGRS": {"range": [1, 4]}}}
    rows = pd.DataFrame(
        {
            "series": ["SL_LBR_NTLCPL", "SL_LBR_NTLCPL", "SG_CPA_MIGRS", "SG_CPA_MIGRS"],
            "iso3": ["NOR", "QAT", "BMU", "MEX"],
            "year": ["2021", "2021", "2019", "2019"],
            "value": ["0", "11.5", "", "1"],
            "value_text": ["", "", "N", "N"],
        }
    )
    problems = check_sdg_series(rows, meta)
    assert [(p.row, p.field) for p in problems] == [(2, "value"), (4, "value")], problems
    assert "valid range" in problems[0].rule and "QAT" in problems[0].value
    assert "either a value or a value_text" in problems[1].rule


def test_series_metadata_is_checked_before_any_data_is_read():
    broken = yaml.safe_load(yaml.safe_dump(CONFIG))
    entry = broken["series"][0]
    entry["source"] = "unsd-sdg-sm-dth-migr"  # a cross-check file cannot be published
    del entry["title"]["fr"]
    entry["dimensions"] = [*entry["dimensions"], "form"]
    problems = check_sdg_series_metadata(broken, load_sources(), Path("sdg_series.yaml"))
    rules = sorted(p.rule for p in problems)
    assert rules == [
        "dimension without a vocabulary",
        "source not canonical in sources.yaml",
        "title missing in a language",
    ]
    assert all(p.field == entry["code"] for p in problems)


def test_metadata_agrees_with_the_publishers_concepts_and_codes():
    """English definitions are the publisher's descriptions verbatim (ddf--concepts--continuous);
    SDG target and indicator are the publisher's; every dimension code of the vocabularies is in
    its entity file, and the age words agree with the original SDMX codes ('15' is 15+)."""
    concepts = raw_file("unsd-sdg-concepts").set_index("concept")
    for code, s in SERIES.items():
        row = concepts.loc[code.lower()]
        assert row["name"] == code
        assert " ".join(s["definition"]["en"].split()) == " ".join(row["description"].split()) + "."
        assert (s["sdg_target"], s["sdg_indicator"]) == (row["target"], row["indicator"]), code
    vocab = CONFIG["vocabularies"]
    for dim in ("age", "sex", "migratory_status", "policy_domains"):
        entity = raw_file("unsd-sdg-entities-" + dim.replace("_", "-")).set_index(dim)["name"]
        assert set(vocab[dim]) <= set(entity.index), dim
    sdmx = raw_file("unsd-sdg-entities-age").set_index("age")["name"]
    for code, word in vocab["age"].items():
        if code not in ("allage", "u", "lt18y"):
            assert sdmx[code] == word, (code, sdmx[code], word)
    assert (sdmx["lt18y"], vocab["age"]["lt18y"]) == ("<18Y", "<18")
