"""Readers of the origin-side raw tables (issue 21): IAB emigration rates by education, UIS
education finance, attainment and student mobility (open-numbers DDF builds), WPP 2024 total
fertility. Each checks the shape PROVENANCE describes and maps codes onto the Atlas's codes, so
an unknown code stops the build with the file, row and value.
"""

from __future__ import annotations

import pandas as pd

from atlas.errors import InputError, Problem, raise_if_any
from atlas.extract.inputs import Inputs
from atlas.extract.read import read_csv_text, require_values, to_numbers
from atlas.extract.readers import wpp_years

IAB_COLUMNS = ["origin", "ccode_origin", "gender", "year", "tot_rate", "low_rate", "med_rate"]
IAB_SEXES = {"Male and Female": "total", "Female": "female", "Male": "male"}


def iab_rates(inp: Inputs) -> pd.DataFrame:
    """IAB emigration rates, long: iso3, year, sex, level (tot/low/med/high), value as a
    fraction (0-1, as published). `SRB&MNE` (Serbia and Montenegro together, no country today)
    is left out; `WLD` is IAB's own world figure and kept under WLD."""
    sid = "iab-emigration-rates"
    label = inp.label(sid)
    try:
        frame = pd.read_stata(inp.path(sid), convert_categoricals=False)
    except (ValueError, OSError) as err:
        raise InputError([Problem(label, None, None, f"not a readable Stata file: {err}")]) from err
    missing = [c for c in [*IAB_COLUMNS, "high_rate"] if c not in frame.columns]
    raise_if_any([Problem(label, 0, c, "missing column") for c in missing])
    frame = frame.astype({"ccode_origin": str, "gender": str})
    require_values(frame, label, "gender", list(IAB_SEXES), "unknown gender")
    frame = frame[frame["ccode_origin"] != "SRB&MNE"]
    rates = ["tot_rate", "low_rate", "med_rate", "high_rate"]
    bad = frame[rates].lt(0).any(axis=1) | frame[rates].gt(1).any(axis=1)
    raise_if_any(
        [
            Problem(label, int(i) + 1, None, "rate outside 0-1 (rates are fractions)", "", "0-1")
            for i in frame.index[bad][:20]
        ]
    )
    frame = frame.assign(
        iso3=inp.codes(frame["ccode_origin"], "iab", sid, "ccode_origin"),
        sex=frame["gender"].map(IAB_SEXES),
    )
    long = frame.melt(
        id_vars=["iso3", "year", "sex"], value_vars=rates, var_name="level", value_name="value"
    )
    long["level"] = long["level"].str.removesuffix("_rate")
    long["year"] = long["year"].astype(int)
    return long.dropna(subset=["value"])


def ddf_country_year(inp: Inputs, sid: str, column: str, family: str = "uis") -> pd.DataFrame:
    """A DDF datapoint file (`country`/`location`/`geo`, `year`/`time`, value): iso3, year, value.
    Numeric location codes are UIS aggregates and are left out (the Atlas computes its own);
    0 is read as missing because the DDF build dropped UIS's qualifiers (nil vs not reported)."""
    path, label = inp.path(sid), inp.label(sid)
    head = open_header(path)
    geo = next((c for c in ("country", "location", "geo") if c in head), "country")
    year = "year" if "year" in head else "time"
    frame = read_csv_text(
        path, label, [geo, year, column], numeric=[year, column], unique=[geo, year]
    )
    if family == "uis":  # UIS aggregates: numeric codes and 'wb' (Gapminder ids are all places)
        frame = frame[frame[geo].str.fullmatch(r"[a-z]{3}")]
    frame = to_numbers(frame, label, [year, column])
    frame = frame.assign(iso3=inp.codes(frame[geo].str.upper(), family, sid, geo))
    frame = frame.rename(columns={year: "year", column: "value"})
    frame["value"] = frame["value"].mask(frame["value"] == 0)
    return frame[["iso3", "year", "value"]].dropna(subset=["value"])


def open_header(path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return handle.readline().strip().split(",")


def wpp_tfr(inp: Inputs) -> pd.DataFrame:
    """WPP 2024 total fertility estimates 1950-2023, countries and areas only."""
    return wpp_years(
        inp, "wpp2024-tfr", ["country_code", "country", "1950", "2023", "last.observed"]
    )
