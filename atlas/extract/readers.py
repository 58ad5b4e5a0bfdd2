"""Readers of the raw tables, one each, named for what they return.

Readers check the file's shape (columns, encoding, numbers) as PROVENANCE describes it and map
country codes onto the Atlas's codes (`atlas.extract.inputs`), so an unknown code stops the build
with the file, row and value; transforms then see clean frames only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from atlas.errors import InputError, Problem, raise_if_any
from atlas.extract.inputs import Inputs, iso2_to_iso3, m49_to_iso3, name_to_iso3
from atlas.extract.read import (
    YEARS,
    read_csv_text,
    read_rda,
    read_sheet,
    require_values,
    row_number,
    to_numbers,
)


def undesa_stocks(inp: Inputs) -> pd.DataFrame:
    sid = "undesa-stocks-2024"
    frame = read_rda(
        inp.path(sid),
        inp.label(sid),
        ["geo", "t", "from", "sex", "n", "type_b", "type_c", "type_r", "type_i"],
    )
    frame = to_numbers(frame, inp.label(sid), ["t", "n", "type_b", "type_c", "type_r", "type_i"])
    require_values(frame, inp.label(sid), "sex", ["female", "male"], "unknown sex")
    frame["geo"] = inp.codes(frame["geo"], None, sid, "geo")
    frame["from"] = inp.codes(frame["from"], None, sid, "from")
    return without_excluded_stocks(frame, inp.meta["vocabularies"]["undesa_stock_exclusions"])


def without_excluded_stocks(frame: pd.DataFrame, exclusions: list[dict]) -> pd.DataFrame:
    """The stock table without the destination-years metadata excludes (each with its reason in
    metadata/vocabularies.yaml: South Sudan 1990-2005 would count Sudan's territory twice)."""
    drop = pd.Series(False, index=frame.index)
    for rule in exclusions:
        drop |= (frame["geo"] == rule["geo"]) & frame["t"].isin(rule["years"])
    return frame[~drop]


def wdi_selected(inp: Inputs) -> pd.DataFrame:
    sid = "wdi-selected"
    frame = read_rda(inp.path(sid), inp.label(sid), ["geo", "var", "t", "v"])
    frame = to_numbers(frame, inp.label(sid), ["t", "v"])
    frame["geo"] = inp.codes(frame["geo"], "wdi", sid, "geo")
    return frame


def wdi_population_datahub(inp: Inputs) -> pd.DataFrame:
    """WDI SP.POP.TOTL, long. A cross-check since 2024 is derived from WPP (issue 17): the build
    does not read it; tests/test_bad_inputs.py holds this reader's errors."""
    sid = "wdi-population-datahub"
    frame = read_csv_text(
        inp.path(sid),
        inp.label(sid),
        ["Country Name", "Country Code", "Year", "Value"],
        numeric=["Year", "Value"],
        unique=["Country Code", "Year"],
        ranges={"Year": YEARS},
    )
    frame = frame[~frame["Country Code"].isin(inp.wb_aggregate_codes())]
    frame = frame.assign(iso3=inp.codes(frame["Country Code"], "wdi", sid, "Country Code"))
    return frame.rename(columns={"Year": "year", "Value": "value"})[["iso3", "year", "value"]]


def wpp_countries(inp: Inputs) -> set[int]:
    """M49 codes of WPP's countries and areas (location_type 4); every other code is an
    aggregate (World, regions, income groups), which the Atlas computes itself."""
    sid = "wpp2024-locations"
    frame = read_csv_text(
        inp.path(sid),
        inp.label(sid),
        ["name", "country_code", "location_type"],
        allow_extra=lambda c: True,
        numeric=["country_code"],
        unique=["country_code"],
        delimiter="\t",
    )
    return set(frame.loc[frame["location_type"].str.strip() == "4", "country_code"].astype(int))


def wpp_years(inp: Inputs, sid: str, required: list[str]) -> pd.DataFrame:
    """A WPP 2024 table of one value per country and year column (iso3, year, value), countries
    and areas only (aggregates are left out through UNlocations' location_type), M49 codes
    mapped to ISO3; `required` names the columns the file must have."""
    label = inp.label(sid)
    frame = read_csv_text(
        inp.path(sid),
        label,
        required,
        allow_extra=lambda c: c.isdigit(),
        numeric=["country_code"],
        unique=["country_code"],
        delimiter="\t",
    )
    frame = frame[frame["country_code"].astype(int).isin(inp.table("wpp_countries", wpp_countries))]
    m49 = frame["country_code"].astype(int).astype(str)
    iso3 = inp.codes(m49_to_iso3(inp, m49, "wpp_m49"), None, sid, "country_code")
    years = [c for c in frame.columns if c.isdigit()]
    frame = to_numbers(frame.assign(iso3=iso3), label, years)
    long = frame.melt(id_vars=["iso3"], value_vars=years, var_name="year", value_name="value")
    long["year"] = long["year"].astype(int)
    return long.dropna(subset=["value"])[["iso3", "year", "value"]].reset_index(drop=True)


def wpp_end_of_year(inp: Inputs) -> pd.DataFrame:
    """WPP 2024 medium-variant population at 31 December (the file's year columns), countries
    only, in persons (the file is in thousands with three decimals: exact persons)."""
    long = wpp_years(inp, "wpp2024-popproj", ["country_code", "country", "2024"])
    return long.assign(value=(long["value"] * 1000).round())


def wdi_api_long(inp: Inputs, sid: str) -> pd.DataFrame:
    """A WDI API download (xls or csv, wide by year) as iso3, year, value; aggregates dropped."""
    path, label = inp.path(sid), inp.label(sid)
    head = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
    if path.suffix == ".xls":
        grid = read_sheet(path, label, "Data", header=None)
        header = [str(c).removesuffix(".0") if not pd.isna(c) else "" for c in grid.iloc[3]]
        frame = grid.iloc[4:].copy()
        frame.columns = header
        missing = [c for c in head if c not in header]
        raise_if_any([Problem(label, 0, c, "missing column") for c in missing])
    else:
        frame = read_csv_text(
            path,
            label,
            head,
            bom="optional",
            skiprows=4,
            allow_extra=[str(y) for y in range(1960, 2031)],
        )
    years = [c for c in frame.columns if c.isdigit()]
    if not years:
        raise InputError([Problem(label, 0, None, "no year columns", expected="1960 … 20xx")])
    frame = to_numbers(frame, label, years)
    frame = frame[~frame["Country Code"].isin(inp.wb_aggregate_codes() | {"INX"})]
    frame = frame.assign(iso3=inp.codes(frame["Country Code"], "wdi", sid, "Country Code"))
    long = frame.melt(id_vars=["iso3"], value_vars=years, var_name="year", value_name="value")
    long = long.dropna(subset=["value"])
    long["year"] = long["year"].astype(int)
    return long[["iso3", "year", "value"]]


def unhcr(inp: Inputs, sid: str, numeric: list[str], text: list[str] = ()) -> pd.DataFrame:
    cols = ["year", "coo_name", "coo", "coo_iso", "coa_name", "coa", "coa_iso"]
    frame = read_rda(inp.path(sid), inp.label(sid), cols + list(text) + numeric)
    frame = to_numbers(frame, inp.label(sid), ["year"] + numeric)
    for side in ("coo", "coa"):
        iso = frame[f"{side}_iso"].astype("string").fillna("").str.strip()
        # a few UNHCR entries (e.g. Tibetan) have a UNHCR code but no ISO3
        iso = iso.where(iso != "", frame[side].astype("string"))
        frame[f"{side}_iso"] = inp.codes(iso, "unhcr", sid, f"{side}_iso")
    return frame


def missing_migrants(inp: Inputs) -> pd.DataFrame:
    sid = "iom-missing-migrants"
    label = inp.label(sid)
    frame = read_rda(
        inp.path(sid),
        label,
        [
            "t",
            "m",
            "type",
            "route",
            "geo",
            "dead",
            "cause",
            "surv",
            "nat",
            "location",
            "lon",
            "lat",
        ],
    )
    frame = to_numbers(frame, label, ["dead"])
    frame["year"] = pd.to_datetime(frame["t"], errors="coerce").dt.year
    bad = frame["year"].isna()
    raise_if_any(
        [
            Problem(label, int(i) + 1, "t", "not a date", str(frame["t"].iloc[i]))
            for i in np.flatnonzero(bad.to_numpy())[:20]
        ]
    )
    geo = frame["geo"].astype("string")
    frame["geo"] = inp.codes(geo.where(geo.notna() & (geo != ""), None), None, sid, "geo")
    return frame


def hdr(inp: Inputs) -> pd.DataFrame:
    sid = "hdr-2025"
    label = inp.label(sid)
    # Latin-1 without BOM; after the name columns, one column per variable and year (`hdi_2023`)
    frame = read_csv_text(
        inp.path(sid),
        label,
        ["iso3", "country", "hdicode", "region", "hdi_2023"],
        encoding="latin-1",
        allow_extra=lambda c: c[-5:-4] == "_" and c[-4:].isdigit(),
    )
    header = list(frame.columns)
    frame["row"] = frame.index + 1  # the file's data row, for messages
    keep = ~frame["iso3"].str.startswith("ZZ") | frame["iso3"].isin(
        inp.meta["countries"]["code_maps"]["hdr"].keys()
    )
    frame = frame[keep].assign(iso3=lambda f: inp.codes(f["iso3"], "hdr", sid, "iso3"))
    value_cols = [c for c in header if c[-5:-4] == "_" and c[-4:].isdigit()]
    long = frame.melt(
        id_vars=["iso3", "row"], value_vars=value_cols, var_name="column", value_name="value"
    )
    long = long[long["value"] != ""].reset_index(drop=True)
    values = pd.to_numeric(long["value"], errors="coerce")
    bad = values.isna()
    raise_if_any(
        [
            Problem(
                label,
                int(long["row"].iloc[i]),
                str(long["column"].iloc[i]),
                "not a number",
                str(long["value"].iloc[i]),
                "a number",
            )
            for i in np.flatnonzero(bad.to_numpy())[:20]
        ]
    )
    long["value"] = values
    long["var"] = long["column"].str[:-5]
    long["year"] = long["column"].str[-4:].astype(int)
    return long


def sdg_cost(inp: Inputs, sid: str, column: str, corridor: bool) -> pd.DataFrame:
    label = inp.label(sid)
    cols = (["counterpart"] if corridor else []) + ["geo_area", "nature", "units", "year", column]
    frame = read_csv_text(inp.path(sid), label, cols, numeric=["year", column])
    require_values(frame, label, "units", ["percent"], "unexpected unit")
    frame["iso3"] = inp.codes(m49_to_iso3(inp, frame["geo_area"]), "sdg_m49", sid, "geo_area")
    if corridor:
        iso2 = frame["counterpart"].str.upper().map(lambda c: c if c != "NOTSPEC" else "notspec")
        frame["to_iso3"] = inp.codes(iso2_to_iso3(inp, iso2), None, sid, "counterpart")
    return frame


def knomad_matrix(inp: Inputs, sid: str) -> pd.DataFrame:
    """A KNOMAD bilateral remittance matrix (sending down, receiving across) as long rows."""
    label = inp.label(sid)
    sheet = inp.meta["measures"]["remittances"]["matrices"][sid]["sheet"]
    grid = read_sheet(inp.path(sid), label, sheet, header=None)
    receivers = [str(c).strip() for c in grid.iloc[1, 1:]]
    if "WORLD" not in receivers:
        raise InputError([Problem(label, 2, None, "no WORLD column in the header row")])
    end = receivers.index("WORLD")
    receivers = receivers[:end]
    senders = [str(c).strip() for c in grid.iloc[2:, 0]]
    if "WORLD" not in senders:
        raise InputError([Problem(label, None, None, "no WORLD row below the senders")])
    last = senders.index("WORLD")
    body = grid.iloc[2 : 2 + last, 1 : 1 + end].copy()
    body.columns = receivers
    # '-' marks corridors the publisher set aside on purpose (e.g. India-Pakistan): no estimate
    body = to_numbers(
        body.reset_index(drop=True), label, receivers, blanks=("", "..", "-"), first_row=3
    )
    body.index = senders[:last]
    names = inp.wb_name_to_code()
    problems = [
        Problem(label, None, "name", "economy name matches no World Bank name", n)
        for n in sorted(set(receivers) | set(senders[:last]))
        if n.casefold() not in names
    ]
    raise_if_any(problems)
    long = body.stack(future_stack=True).reset_index()
    long.columns = ["sender", "receiver", "value"]
    long = long.dropna(subset=["value"])
    long["from_iso3"] = inp.codes(long["sender"].str.casefold().map(names), "wdi", sid, "sender")
    long["to_iso3"] = inp.codes(long["receiver"].str.casefold().map(names), "wdi", sid, "receiver")
    return long


def untc_participants(inp: Inputs) -> pd.DataFrame:
    """UNTC participants in the core human-rights instruments, status as at the source's date:
    one row per participant and treaty (mtdsg_no), with the kind of action (empty: signed only)
    and ISO dates. Participants that are no State today are left out (metadata/vocabularies.yaml);
    names are mapped to codes through UN DESA's names and metadata/countries.yaml."""
    sid = "untc-hr-status-2026"
    label = inp.label(sid)
    frame = read_csv_text(
        inp.path(sid),
        label,
        ["country_name", "treaty_id", "action_type", "action_date", "signature_date", "mtdsg_no"],
        allow_extra=["treaty_name", "treaty_open_year", "source_url"],
        unique=["country_name", "mtdsg_no"],
    )
    vocab = inp.meta["vocabularies"]
    actions = vocab["ratification_actions"]
    skip = {e["participant"] for e in vocab["ratification_exclusions"] if e["source"] == sid}
    frame = frame[~frame["country_name"].isin(skip)]
    problems = []
    for i in np.flatnonzero(~frame["action_type"].isin(["", *actions]).to_numpy()):
        problems.append(
            Problem(
                label,
                row_number(frame, int(i)),
                "action_type",
                "unknown kind of action",
                str(frame["action_type"].iloc[i]),
                ", ".join(actions) + " or empty (signed only)",
            )
        )
    for col in ("action_date", "signature_date"):
        text = frame[col].str.strip()
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        bad = (text != "") & parsed.isna()
        problems += [
            Problem(label, row_number(frame, int(i)), col, "not a date", text.iloc[i], "YYYY-MM-DD")
            for i in np.flatnonzero(bad.to_numpy())
        ]
    acted = frame["action_type"] != ""
    mismatch = acted != (frame["action_date"].str.strip() != "")
    problems += [
        Problem(
            label,
            row_number(frame, int(i)),
            "action_date",
            "a kind of action needs its date, and a date its kind of action",
            f"{frame['action_type'].iloc[i]}|{frame['action_date'].iloc[i]}",
        )
        for i in np.flatnonzero(mismatch.to_numpy())
    ]
    raise_if_any(problems)
    names = name_to_iso3(inp)
    mapped = frame["country_name"].map(lambda n: names.get(n.strip().casefold(), n))
    frame = frame.assign(
        iso3=inp.codes(mapped, None, sid, "country_name"),
        action=frame["action_type"].map(actions).fillna(""),
    )
    return frame


def untc_status(inp: Inputs, sid: str) -> pd.DataFrame:
    label = inp.label(sid)
    frame = read_csv_text(
        inp.path(sid),
        label,
        [
            "iso2",
            "member",
            "state party",
            "year ratification or accession",
            "signatory",
            "no action",
            "status",
        ],
        allow_extra=["note"],
        numeric=["year ratification or accession"],
        final_newline=False,  # the compiler's files end without a line break
    )
    frame["iso3"] = inp.codes(iso2_to_iso3(inp, frame["iso2"]), None, sid, "iso2")
    return frame


def oghist(inp: Inputs) -> pd.DataFrame:
    sid = "wb-oghist"
    label = inp.label(sid)
    grid = read_sheet(inp.path(sid), label, "Country Analytical History", header=None)
    fy = [str(c).strip() for c in grid.iloc[4]]
    cols = [i for i, c in enumerate(fy) if c.startswith("FY")]
    if not cols:
        raise InputError([Problem(label, 5, None, "no 'FYnn' header row", expected="FY89 … FY26")])
    rows = grid.iloc[11:]
    rows = rows[rows[0].notna() & (rows[0].astype(str).str.len() <= 4)]
    long = []
    for _, r in rows.iterrows():
        code = str(r[0]).strip()
        for i in cols:
            cell = r[i]
            if pd.isna(cell) or str(cell).strip() in ("", ".."):
                continue
            long.append((code, int(fy[i][2:]), str(cell).strip(), str(r[1]).strip()))
    frame = pd.DataFrame(long, columns=["code", "fy", "group", "name"])
    frame["fiscal_year"] = np.where(frame["fy"] >= 50, 1900 + frame["fy"], 2000 + frame["fy"])
    frame["iso3"] = inp.codes(frame["code"], "oghist", sid, "code")
    return frame
