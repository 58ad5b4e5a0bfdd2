"""Resources of other shapes than observations: countries, income groups, bilateral pairs,
ratifications, dead and missing migrants by route and cause, asylum decisions by outcome."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pycountry
from babel import Locale

from atlas.errors import Problem, raise_if_any
from atlas.extract import readers as raw
from atlas.extract.inputs import Inputs, m49_names, wb_country_metadata
from atlas.extract.read import row_number
from atlas.transform.unhcr import asylum_table, unhcr_table

LANGS = ("en", "es", "fr")


# --- bilateral ---------------------------------------------------------------------------------
def bilateral(inp: Inputs) -> pd.DataFrame:
    parts = [_bilateral_stock(inp)]
    pop = unhcr_table(inp, "unhcr-population")
    for col in ("refugees", "asylum_seekers", "oip"):
        parts.append(_pairs(pop, col, col))
    flows = unhcr_table(inp, "unhcr-flows")
    for col in ("refugees", "asylum_seekers", "refugee_like", "oip"):
        parts.append(_pairs(flows, col, f"arrivals_{col}"))
    for sid, matrix_meta in inp.meta["measures"]["remittances"]["matrices"].items():
        matrix = inp.table(sid, lambda i, s=sid: raw.knomad_matrix(i, s))
        parts.append(
            matrix.assign(
                measure="remittances", year=matrix_meta["year"], sex="total", flag="estimate"
            )
        )
    for sid, column, measure in (
        ("sdg-10c1-corridor", "si_rmt_cost_bc", "remittance_cost"),
        ("sdg-10c1-corridor-smart", "si_rmt_cost_sc", "remittance_cost_smart"),
    ):
        frame = inp.table(sid, lambda i, s=sid, c=column: raw.sdg_cost(i, s, c, corridor=True))
        frame = frame.rename(columns={"iso3": "from_iso3", column: "value"})
        parts.append(frame.assign(measure=measure, sex="total", flag=""))
    out = pd.concat(
        [p[["measure", "from_iso3", "to_iso3", "year", "sex", "value", "flag"]] for p in parts]
    )
    out = out.dropna(subset=["value"])
    # Zero counts and zero remittance estimates are not published (the bilateral description in
    # metadata/package.yaml says an absent pair means none or not reported); costs keep zeros.
    counts = (
        out["measure"].isin(["migrant_stock", "refugees", "asylum_seekers", "oip"])
        | out["measure"].str.startswith("arrivals_")
        | (out["measure"] == "remittances")
    )
    out = out[~(counts & (out["value"] == 0))]
    out["year"] = out["year"].astype(int)
    return out.reset_index(drop=True)


def _bilateral_stock(inp: Inputs) -> pd.DataFrame:
    stocks = inp.table("undesa_stocks", raw.undesa_stocks)
    by_sex = (
        stocks.groupby(["from", "geo", "t", "sex"], sort=False)["n"].sum(min_count=1).reset_index()
    )
    total = (
        by_sex.groupby(["from", "geo", "t"], sort=False)["n"]
        .sum(min_count=1)
        .reset_index()
        .assign(sex="total")
    )
    both = pd.concat([by_sex, total]).rename(
        columns={"from": "from_iso3", "geo": "to_iso3", "t": "year", "n": "value"}
    )
    return both.assign(measure="migrant_stock", flag="")


def _pairs(frame: pd.DataFrame, column: str, measure: str) -> pd.DataFrame:
    summed = (
        frame.groupby(["coo_iso", "coa_iso", "year"], sort=False)[column]
        .sum(min_count=1)
        .reset_index()
    )
    summed = summed.rename(columns={"coo_iso": "from_iso3", "coa_iso": "to_iso3", column: "value"})
    return summed.assign(measure=measure, sex="total", flag="")


# --- ratifications -----------------------------------------------------------------------------
def ratifications(inp: Inputs, sources: list[dict]) -> pd.DataFrame:
    """Status of each State for each instrument, from UNTC's current participants (with dates
    and the kind of action); UN member States UNTC lists no action for are 'none' (membership
    from the May-2022 compilation, whose denunciation notes are carried into `note`)."""
    participants = raw.untc_participants(inp)
    parts = []
    for inst in inp.meta["instruments"]:
        as_of = source_as_of(sources, inst["source"])
        rows = participants[participants["mtdsg_no"].str.strip() == inst["untc"]]
        members = compilation_2022(inp, inst["members_source"])
        acted = rows["action"] != ""
        current = pd.DataFrame(
            {
                "iso3": rows["iso3"],
                "status": np.where(acted, "party", "signatory"),
                "year": rows["action_date"].str[:4].where(acted),
                "action": rows["action"],
                "action_date": rows["action_date"].str.strip(),
                "signature_date": rows["signature_date"].str.strip(),
            }
        )
        absent = members[~members["iso3"].isin(set(current["iso3"]))]
        none = pd.DataFrame({"iso3": absent["iso3"], "status": "none"})
        out = pd.concat([current, none], ignore_index=True)
        out = out.merge(members[["iso3", "note"]], on="iso3", how="left")
        parts.append(out.assign(instrument=inst["id"], as_of=as_of))
    out = pd.concat(parts, ignore_index=True)
    for col in ("action", "action_date", "signature_date", "note"):
        out[col] = out[col].fillna("")
    out["year"] = pd.to_numeric(out["year"]).astype("Int64")
    return out[
        [
            "instrument",
            "iso3",
            "status",
            "year",
            "action",
            "action_date",
            "signature_date",
            "note",
            "as_of",
        ]
    ]


def source_as_of(sources: list[dict], source_id: str) -> str:
    """The status date of a source (its `as_of` in sources.yaml): one place for the date."""
    entry = next((s for s in sources if s["id"] == source_id), None)
    if entry is None or not str(entry.get("as_of") or "").strip():
        raise_if_any([Problem("sources.yaml", None, source_id, "no as_of date for the source")])
    return str(entry["as_of"]).strip()


def compilation_2022(inp: Inputs, sid: str) -> pd.DataFrame:
    """The UN member States of one May-2022 status file, with the notes carried forward
    (metadata/vocabularies.yaml `ratification_notes_carried`). Its statuses must be known
    words: a malformed file stops the build, naming the file's own row (also after a row
    excluded in metadata, issue 16)."""
    vocab = inp.meta["vocabularies"]
    statuses = vocab["ratification_status"]
    frame = raw.untc_status(inp, sid)
    excluded = {
        e["iso2"] for e in vocab["ratification_exclusions"] if e["source"] == sid and "iso2" in e
    }
    frame = frame[~frame["iso2"].isin(excluded)]
    status = frame["status"].str.strip().map(statuses)
    raise_if_any(
        [
            Problem(
                inp.label(sid),
                row_number(frame, int(i)),
                "status",
                "unknown status",
                str(frame["status"].iloc[i]),
                ", ".join(statuses),
            )
            for i in np.flatnonzero(status.isna().to_numpy())
        ]
    )
    note = frame["note"].str.strip() if "note" in frame else pd.Series("", index=frame.index)
    carried = note.str.startswith(tuple(vocab["ratification_notes_carried"]))
    return pd.DataFrame({"iso3": frame["iso3"], "note": note.where(carried, "")})


# --- income groups -----------------------------------------------------------------------------
YEMEN_NOTE = "Yemen PDR (L) and Yemen Arab Rep. (LM) combined would have been LM (OGHIST footnote)"


def income_groups(inp: Inputs) -> pd.DataFrame:
    frame = inp.table("oghist", raw.oghist)
    star = frame["group"].str.endswith("*")
    groups = frame["group"].str.rstrip("*")
    known = set(inp.meta["vocabularies"]["income_groups"])
    bad = ~groups.isin(known)
    raise_if_any(
        [
            Problem(
                inp.label("wb-oghist"),
                None,
                f"{frame['code'].iloc[i]} FY{frame['fy'].iloc[i]:02d}",
                "unknown income group",
                str(frame["group"].iloc[i]),
                "L, LM, UM, H",
            )
            for i in np.flatnonzero(bad.to_numpy())
        ]
    )
    return pd.DataFrame(
        {
            "iso3": frame["iso3"],
            "fiscal_year": frame["fiscal_year"],
            "income_group": groups,
            "note": np.where(star, YEMEN_NOTE, ""),
        }
    )


# --- dead and missing migrants by route and cause ------------------------------------------------
def missing_migrants_by_route(inp: Inputs) -> pd.DataFrame:
    mmp = inp.table("iom_mmp", raw.missing_migrants)
    vocab = inp.meta["vocabularies"]
    causes, routes = vocab["missing_migrants_causes"], set(vocab["missing_migrants_routes"])
    label = inp.label("iom-missing-migrants")
    problems = []
    split = []
    for i, text in enumerate(mmp["cause"].astype("string").fillna("")):
        found = split_causes(text, causes)
        if found is None:
            problems.append(
                Problem(label, i + 1, "cause", "cause not in metadata/vocabularies.yaml", text)
            )
        split.append("; ".join(found or []))
    route = mmp["route"].astype("string").fillna("")
    for i in np.flatnonzero(~route.isin(routes).to_numpy()):
        problems.append(
            Problem(
                label,
                int(i) + 1,
                "route",
                "route not in metadata/vocabularies.yaml",
                str(route.iloc[i]),
            )
        )
    raise_if_any(problems[:50])
    frame = mmp.assign(causes=split, route=route, records=1)
    out = (
        frame.groupby(["year", "route", "causes"])
        .agg(dead_and_missing=("dead", "sum"), records=("records", "sum"))
        .reset_index()
    )
    out["dead_and_missing"] = out["dead_and_missing"].round().astype(int)
    return out


def split_causes(text: str, causes: list[str]) -> list[str] | None:
    """Split a comma-joined cause list against the known categories (longest match first)."""
    found, rest = [], text.strip()
    ordered = sorted(causes, key=len, reverse=True)
    while rest:
        match = next((c for c in ordered if rest.startswith(c)), None)
        if match is None:
            return None
        found.append(match)
        rest = rest[len(match) :].lstrip(",").strip()
    return sorted(found) if found else None


# --- asylum decisions by outcome ----------------------------------------------------------------
OUTCOMES = {
    "dec_recognized": "recognized",
    "dec_other": "complementary_protection",
    "dec_rejected": "rejected",
    "dec_closed": "otherwise_closed",
    "dec_total": "total",
}


def asylum_decisions(inp: Inputs) -> pd.DataFrame:
    dec = asylum_table(inp, "unhcr-asylum-decisions")
    summed = dec.groupby(["coa_iso", "year", "pc"])[list(OUTCOMES)].sum(min_count=1).reset_index()
    long = summed.melt(
        id_vars=["coa_iso", "year", "pc"], var_name="outcome", value_name="value"
    ).dropna(subset=["value"])
    long["outcome"] = long["outcome"].map(OUTCOMES)
    long["count_unit"] = long["pc"].map({"P": "persons", "C": "cases"})
    long["year"] = long["year"].astype(int)
    return long.rename(columns={"coa_iso": "iso3"})[
        ["iso3", "year", "count_unit", "outcome", "value"]
    ]


# --- countries ---------------------------------------------------------------------------------
def countries(inp: Inputs, used: set[str]) -> pd.DataFrame:
    """Every code used in the package, with kind, names (CLDR via babel) and groupings."""
    cm = inp.meta["countries"]
    table = inp.country_table().set_index("iso3")
    oghist = inp.table("oghist", raw.oghist)
    latest_fy = oghist["fiscal_year"].max()
    current = oghist[oghist["fiscal_year"] == latest_fy].set_index("iso3")["group"].str.rstrip("*")
    wb_meta = inp.table("wb-country-metadata-2025", wb_country_metadata)
    wb_codes = wb_meta["Country Code"].map(lambda c: cm["code_maps"]["wdi"].get(c, c))
    wb = pd.Series(wb_meta["Region"].to_numpy(), index=wb_codes)
    locales = {lang: Locale(lang).territories for lang in LANGS}
    un_names = un_english_names(inp)
    rows, problems = [], []
    for code in sorted(used):
        row = {"iso3": code}
        if code in cm["aggregates"]:
            kind = "aggregate"
        elif code in cm["former_codes"]:
            kind = "former"
        elif code in cm["other_codes"]:
            kind = "other"
        else:
            kind = "country"
        row["kind"] = kind
        src = table.loc[code] if code in table.index else None
        iso2 = str(src["iso2"]) if src is not None else ""
        row["iso2"] = iso2
        row["m49"] = int(src["m49"]) if src is not None and not pd.isna(src["m49"]) else None
        names = cm["names"].get(code) or cm["aggregates"].get(code) or {}
        override = cm["name_overrides"].get(code, {})
        un_name = un_names.get(code) if kind == "country" else None
        region = region_code(code) if kind == "aggregate" else None
        for lang in LANGS:
            cldr = locales[lang].get(iso2 or region) if iso2 or region else None
            # a region's name in metadata/countries.yaml is where CLDR lacks it or differs
            # from the UN's usage (the file says why): it comes before CLDR's
            hand = names.get(lang) if region else None
            name = (
                override.get(lang)
                or (un_name if lang == "en" else None)
                or hand
                or cldr
                or names.get(lang)
            )
            if not name and lang == "en":
                name = _fallback_name(code, src)
            if not name:
                problems.append(
                    Problem(
                        "metadata/countries.yaml", None, code, f"no {lang} name for country code"
                    )
                )
            row[f"name_{lang}"] = name or ""
        row["aliases_en"] = aliases(row["name_en"], cm["aliases"].get(code, []))
        row["un_region"] = _text(src, "region")
        row["un_subregion"] = _text(src, "subregion")
        row["un_intermediate_region"] = _text(src, "intregion")
        row["wb_region"] = str(wb.get(code, "") or "") if kind == "country" else ""
        row["income_group"] = str(current.get(code, "")) if kind == "country" else ""
        for flag in ("ldc", "lldc", "sids"):
            row[flag] = bool(src[flag] == 1) if src is not None and kind == "country" else False
        rows.append(row)
    raise_if_any(problems)
    return pd.DataFrame(rows)


def region_code(code: str) -> str | None:
    """The UN M49 numeric code of an aggregate of UN regions ("UN-419", "M49-202" -> "419",
    "202"; "WLD" -> "001"), under which CLDR names regions; None for other aggregates."""
    if code == "WLD":
        return "001"
    m = re.fullmatch(r"(?:UN|M49)-(\d{3})", code)
    return m.group(1) if m else None


def un_english_names(inp: Inputs) -> dict[str, str]:
    """Atlas code -> the UN's English name (M49, as UNSD's SDG geo area list gives it), for every
    code of the UN DESA country table with an M49 code, and the codes the SDG code map names."""
    by_m49 = dict(zip(*(m49_names(inp)[c] for c in ("geo_area", "name")), strict=True))
    table = inp.country_table().dropna(subset=["m49"])
    codes = {str(int(m)): iso3 for m, iso3 in zip(table["m49"], table["iso3"], strict=True)}
    codes.update(inp.meta["countries"]["code_maps"]["sdg_m49"])
    return {iso3: by_m49[m] for m, iso3 in codes.items() if m in by_m49}


def aliases(name: str, candidates: list) -> str:
    """Other names readers search for ("Turkey", "Burma", "DRC"), from metadata/countries.yaml,
    other than the name itself; '; ' between."""
    out = []
    for a in candidates:
        if a and a != name and a not in out:
            out.append(str(a))
    return "; ".join(out)


def _text(src, col: str) -> str:
    if src is None or pd.isna(src[col]):
        return ""
    return str(src[col]).strip()


def _fallback_name(code: str, src) -> str | None:
    """English name from pycountry, else the source's own name table."""
    hit = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
    if hit is not None:
        return getattr(hit, "common_name", None) or hit.name
    return None if src is None else str(src["name"])
