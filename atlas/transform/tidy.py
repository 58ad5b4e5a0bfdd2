"""What every transform shares: the tidy series shape (iso3, year, sex, value, flag), sums, and
the per-source rule that a zero means "not reported" (metadata/vocabularies.yaml)."""

from __future__ import annotations

import pandas as pd

COLUMNS = ["iso3", "year", "sex", "value", "flag"]
Series = pd.DataFrame
Built = dict[str, Series]


def tidy(frame: pd.DataFrame, sex: str = "total", flag: str = "") -> Series:
    out = frame.assign(sex=frame.get("sex", sex), flag=frame.get("flag", flag))
    out = out.dropna(subset=["value"])
    out["year"] = out["year"].astype(int)
    return out[COLUMNS].reset_index(drop=True)


def not_reported_columns(meta: dict, sid: str) -> list[str]:
    """Columns of a source in which 0 means 'not reported' (metadata/vocabularies.yaml)."""
    rules = meta["vocabularies"].get("zero_means_not_reported") or []
    return [c for rule in rules if rule["source"] == sid for c in rule["columns"]]


def zeros_as_missing(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The frame with 0 in `columns` replaced by missing: where a source writes 0 for 'not
    reported', a sum over such cells must stay missing, never become a published 0."""
    out = frame.copy()
    for column in columns:
        out[column] = out[column].mask(out[column] == 0)
    return out


def sum_by(frame: pd.DataFrame, keys: list[str], column: str) -> pd.DataFrame:
    """Sum a count over keys; a group whose values are all missing stays missing."""
    return frame.groupby(keys, sort=False)[column].sum(min_count=1).reset_index()
