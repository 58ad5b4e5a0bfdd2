"""The `sdg_series` resource: official SDG series on the migration targets, as the UN SDG Global
Database publishes them (metadata/sdg_series.yaml).

Their breakdowns (age, migratory status, policy domain, form of exploitation) do not fit the
`observations` resource, so they get one tidy table of their own. Nothing is recomputed: parts
that do not add up to their total (16.2.2, 8.7.1) are published as they are, missing stays
missing, and only the aggregates the package cannot name are left out.
"""

from __future__ import annotations

import pandas as pd

from atlas.extract.inputs import Inputs
from atlas.extract.sdg import sdg_datapoints

# resource column <- DDF dimension column
DIMENSIONS = {
    "sex": "sex",
    "age": "age",
    "migratory_status": "migratory_status",
    "policy_domain": "policy_domains",
    "observation_status": "observation_status",
}
NOT_APPLICABLE = "na"  # the series has no such breakdown (the DDF file has no such column)


def published_codes(frame: pd.DataFrame, series: dict, vocab: dict) -> pd.DataFrame:
    """The DDF codes in the package's words (`bothsex` -> total, `15` -> 15+, NOTSPEC ->
    not_specified); a breakdown the series does not have is `na`, so every key is filled."""
    out = frame.copy()
    for column, ddf in DIMENSIONS.items():
        if ddf in series["dimensions"]:
            mapping = vocab.get(ddf)
            out[column] = out[ddf].map(mapping) if isinstance(mapping, dict) else out[ddf]
        else:
            out[column] = NOT_APPLICABLE
    return out


def one_series(inp: Inputs, series: dict, config: dict) -> pd.DataFrame:
    """One series' published rows: countries and the aggregates the package names."""
    rows = sdg_datapoints(inp, series, config)
    rows = rows[rows["iso3"].notna()]
    rows = published_codes(rows, series, config["vocabularies"])
    return rows.assign(
        series=series["code"],
        exploitation_form=series.get("exploitation_form", NOT_APPLICABLE),
    )


def sdg_series(inp: Inputs) -> pd.DataFrame:
    """Every series of metadata/sdg_series.yaml, stacked in the resource's columns."""
    config = inp.meta["sdg_series"]
    frames = [one_series(inp, s, config) for s in config["series"]]
    columns = [
        "series",
        "iso3",
        "year",
        *DIMENSIONS,
        "exploitation_form",
        "value",
        "value_text",
        "nature",
        "publisher_aggregate",
    ]
    return pd.concat(frames, ignore_index=True)[columns]
