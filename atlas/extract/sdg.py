"""Reader of the UN SDG Global Database's DDF datapoints files (open-numbers build), one series
per file, as metadata/sdg_series.yaml describes each.

Strict, because the DDF build hides what the API said: it fills empty dimensions with NOTSPEC
and drops footnotes, so the only way to notice a changed file is to insist on its exact shape.
An unknown column, dimension code, unit, M49 code or a value that is neither a number nor one of
the series' text answers (10.7.2's "N") stops the build naming the file, row and field.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from atlas.errors import Problem, raise_if_any
from atlas.extract.inputs import Inputs, m49_to_iso3
from atlas.extract.read import YEARS, read_csv_text, require_values, row_number, to_numbers

KEYS = ("geo_area", "nature", "units", "year")


def ddf_columns(series: dict) -> list[str]:
    """The header the DDF build writes: key columns in alphabetical order, then the value."""
    return sorted([*KEYS, *series["dimensions"]]) + [series["code"].lower()]


def split_text_values(
    frame: pd.DataFrame, label: str, column: str, text_values: list[str]
) -> pd.DataFrame:
    """Numbers in `value`, the series' declared text answers in `value_text` (never coerced
    to a number: 10.7.2's "N" is not a zero); any other text is refused by `to_numbers`."""
    raw = frame[column].astype(object)
    is_text = raw.isin(text_values)
    numbers = to_numbers(frame.assign(**{column: raw.where(~is_text, "")}), label, [column])
    return frame.assign(value=numbers[column], value_text=raw.where(is_text, ""))


def classify_geo(
    inp: Inputs, frame: pd.DataFrame, sid: str, unnamed: set[str]
) -> tuple[pd.Series, pd.Series]:
    """(iso3, publisher_aggregate) per row. Countries map through the country table; World and
    the SDG regions through metadata/countries.yaml (kept, flagged); the aggregates listed in
    `unnamed` get no code (left out by the transform); any other code stops the build."""
    mapped = m49_to_iso3(inp, frame["geo_area"])
    aggregates = set(inp.meta["countries"]["aggregates"])
    known = inp.known_codes()
    left_out = frame["geo_area"].isin(unnamed)
    bad = ~mapped.isin(known) & ~left_out
    label = inp.label(sid)
    raise_if_any(
        [
            Problem(
                label,
                row_number(frame, i),
                "geo_area",
                "unknown M49 code",
                str(frame["geo_area"].iloc[i]),
                "a country's M49 code, an aggregate of metadata/countries.yaml (sdg_m49) or of "
                "unnamed_aggregates in metadata/sdg_series.yaml",
            )
            for i in np.flatnonzero(bad.to_numpy())[:20]
        ]
    )
    iso3 = mapped.where(~left_out, None)
    return iso3, iso3.isin(aggregates)


def sdg_datapoints(inp: Inputs, series: dict, config: dict) -> pd.DataFrame:
    """One series' rows as published: geo_area, iso3, publisher_aggregate, year, the raw
    dimension codes, nature, value and value_text (rows of unnamed aggregates have no iso3)."""
    sid = series["source"]
    label = inp.label(sid)
    column = series["code"].lower()
    cols = ddf_columns(series)
    frame = read_csv_text(
        inp.path(sid),
        label,
        cols,
        numeric=["year"],
        unique=cols[:-1],
        ranges={"year": YEARS},
    )
    require_values(frame, label, "units", [series["units"]], "unexpected unit")
    vocab = config["vocabularies"]
    require_values(frame, label, "nature", vocab["nature"], "unknown nature code")
    for dim in series["dimensions"]:
        require_values(frame, label, dim, list(vocab[dim]), f"unknown {dim} code")
    frame = split_text_values(frame, label, column, series.get("text_values", []))
    unnamed = {str(c) for c in config["unnamed_aggregates"]}
    frame["iso3"], frame["publisher_aggregate"] = classify_geo(inp, frame, sid, unnamed)
    frame["year"] = frame["year"].astype(int)
    return frame.drop(columns=[column, "units"])
