"""UNHCR's series: populations by origin or asylum, solutions, flows, IDMC and UNRWA, asylum
applications (new and repeat claims) and recognition rates. One small function per kind of
series, registered in `atlas.transform.series.TRANSFORMS`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from atlas.extract import readers as raw
from atlas.extract.inputs import Inputs
from atlas.extract.read import require_values
from atlas.transform.tidy import Built, Series, not_reported_columns, sum_by, tidy, zeros_as_missing

UNHCR_TABLES = {
    "unhcr-population": [
        "refugees",
        "asylum_seekers",
        "returned_refugees",
        "idps",
        "returned_idps",
        "stateless",
        "ooc",
        "oip",
        "hst",
    ],
    "unhcr-solutions": ["returned_refugees", "resettlement", "naturalisation", "returned_idps"],
    "unhcr-flows": ["refugees", "asylum_seekers", "refugee_like", "oip"],
    "unhcr-idmc": ["total"],
    "unhcr-unrwa": ["total"],
}


def unhcr_table(inp: Inputs, sid: str) -> pd.DataFrame:
    """A UNHCR table, with the zeros metadata marks as 'not reported' already missing."""

    def read(i: Inputs) -> pd.DataFrame:
        frame = raw.unhcr(i, sid, UNHCR_TABLES[sid])
        return zeros_as_missing(frame, not_reported_columns(i.meta, sid))

    return inp.table(sid, read)


def _unhcr_by(inp: Inputs, sid: str, column: str, by: str) -> Series:
    side = {"asylum": "coa_iso", "origin": "coo_iso"}[by]
    summed = sum_by(unhcr_table(inp, sid), [side, "year"], column)
    return tidy(summed.rename(columns={side: "iso3", column: "value"}))


def unhcr_population(inp: Inputs, built: Built, *, column: str, by: str) -> Series:
    return _unhcr_by(inp, "unhcr-population", column, by)


def unhcr_solutions(inp: Inputs, built: Built, *, column: str, by: str) -> Series:
    return _unhcr_by(inp, "unhcr-solutions", column, by)


def unhcr_total(inp: Inputs, built: Built, *, source: str, by: str) -> Series:
    return _unhcr_by(inp, source, "total", by)


def asylum_table(inp: Inputs, sid: str) -> pd.DataFrame:
    """Asylum applications or decisions, with NA kept as a code (UNHCR's 'New applications')."""

    def read(i: Inputs) -> pd.DataFrame:
        if sid == "unhcr-asylum-applications":
            numeric, extra = ["applied"], ["procedure_type", "app_type", "dec_level", "app_pc"]
        else:
            numeric = ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"]
            extra = ["procedure_type", "dec_level", "dec_pc"]
        frame = raw.unhcr(i, sid, numeric, extra)
        unit = "app_pc" if "app_pc" in frame else "dec_pc"
        require_values(frame, i.label(sid), unit, ["P", "C"], "unknown count unit")
        return frame.rename(columns={unit: "pc"})

    return inp.table(sid, read)


def _one_unit(frame: pd.DataFrame, side: str) -> pd.DataFrame:
    """Keep persons where a country-year has any; else cases, flagged (never mix the two)."""
    has_p = (frame["pc"] == "P").groupby([frame[side], frame["year"]]).transform("any")
    keep = frame[(frame["pc"] == "P") | ~has_p].copy()
    keep["flag"] = np.where(keep["pc"] == "C", "cases_not_persons", "")
    return keep


def new_and_repeat(frame: pd.DataFrame, stages: dict[str, list[str]]) -> pd.DataFrame:
    """Applications lodged as new or repeat claims: rows at an appeal or review stage (app_type
    or dec_level in metadata/vocabularies.yaml asylum_appeal_stages) are a later step of a
    claim already counted, not an application for protection lodged in the year."""
    appeal = frame["app_type"].isin(stages["app_type"]) | frame["dec_level"].isin(
        stages["dec_level"]
    )
    return frame[~appeal]


def persons_else_cases(frame: pd.DataFrame, side: str) -> pd.DataFrame:
    """Rows in persons where a country-year has any, else in cases (never summed together).
    Cases-only country-years are flagged cases_not_persons; persons counts of country-years
    that also report cases are flagged cases_omitted: they leave those applications out."""
    keys = [frame[side], frame["year"]]
    has_p = (frame["pc"] == "P").groupby(keys).transform("any")
    has_c = (frame["pc"] == "C").groupby(keys).transform("any")
    keep = frame[(frame["pc"] == "P") | ~has_p].copy()
    keep["flag"] = np.select(
        [keep["pc"] == "C", has_c[keep.index]], ["cases_not_persons", "cases_omitted"], ""
    )
    return keep


def asylum_applications(inp: Inputs, built: Built, *, by: str) -> Series:
    side = {"asylum": "coa_iso", "origin": "coo_iso"}[by]
    lodged = new_and_repeat(
        asylum_table(inp, "unhcr-asylum-applications"),
        inp.meta["vocabularies"]["asylum_appeal_stages"],
    )
    apps = persons_else_cases(lodged, side)
    summed = apps.groupby([side, "year", "flag"])["applied"].sum(min_count=1).reset_index()
    return tidy(summed.rename(columns={side: "iso3", "applied": "value"}))


def recognition_rate(inp: Inputs, built: Built, *, by: str) -> Series:
    """UNHCR's total recognition rate: (Convention + complementary) / (those + rejected)."""
    side = {"asylum": "coa_iso", "origin": "coo_iso"}[by]
    dec = _one_unit(asylum_table(inp, "unhcr-asylum-decisions"), side)
    cols = ["dec_recognized", "dec_other", "dec_rejected"]
    summed = dec.groupby([side, "year", "flag"])[cols].sum(min_count=1).reset_index()
    granted = summed["dec_recognized"].fillna(0) + summed["dec_other"].fillna(0)
    denominator = granted + summed["dec_rejected"].fillna(0)
    summed["value"] = (granted / denominator * 100).where(denominator > 0)
    return tidy(summed.rename(columns={side: "iso3"}))
