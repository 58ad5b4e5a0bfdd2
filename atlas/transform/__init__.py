"""Transform stage: the extracted raw tables -> the tables of one data package (as text,
sorted).

The package is the composition of the indicator series of `series` (one small function per kind
of series, named in metadata/indicators.yaml) and the other shapes of `tables` (bilateral pairs,
ratifications, income groups, routes and causes, asylum decisions, countries); this module only
assembles their outputs into resources, in schema order.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.extract import readers as raw
from atlas.extract.inputs import Inputs
from atlas.extract.read import rda_parsed_in_background
from atlas.package import indicators_table, instruments_table, sorted_text
from atlas.transform import tables
from atlas.transform.sdg import sdg_series
from atlas.transform.series import indicator_series


def package_frames(
    paths: dict[str, Path], meta: dict, sources: list[dict]
) -> dict[str, pd.DataFrame]:
    """Every resource of the package as a frame (typed values, not yet formatted)."""
    inp = Inputs(paths, meta)
    with rda_parsed_in_background([p for p in paths.values() if p.suffix == ".rda"]):
        read_other_tables(inp)
    series = indicator_series(inp, meta["indicators"])
    observations = pd.concat(
        [s.assign(indicator_id=iid) for iid, s in series.items() if not s.empty], ignore_index=True
    )
    frames = {
        "indicators": indicators_table(meta, sources),
        "observations": observations,
        "bilateral": tables.bilateral(inp),
        "instruments": instruments_table(meta),
        "ratifications": tables.ratifications(inp, sources),
        "income_groups": tables.income_groups(inp),
        "missing_migrants_routes": tables.missing_migrants_by_route(inp),
        "asylum_decisions": tables.asylum_decisions(inp),
        "sdg_series": sdg_series(inp),
    }
    used = set(observations["iso3"])
    used |= set(frames["bilateral"]["from_iso3"]) | set(frames["bilateral"]["to_iso3"])
    for name in ("ratifications", "income_groups", "asylum_decisions", "sdg_series"):
        used |= set(frames[name]["iso3"])
    used |= set(meta["aggregation"]["groups"])  # the analyse stage's groups
    frames["countries"] = tables.countries(inp, {c for c in used if isinstance(c, str)})
    return frames


def read_other_tables(inp: Inputs) -> None:
    """Parse the spreadsheets and CSVs now (cached in `inp`), while R files parse elsewhere."""
    inp.table("hdr", raw.hdr)
    inp.table("oghist", raw.oghist)
    inp.wb_aggregate_codes()
    for sid in inp.meta["measures"]["remittances"]["matrices"]:
        inp.table(sid, lambda i, s=sid: raw.knomad_matrix(i, s))
    for ind in inp.meta["indicators"]:
        if ind["transform"] == "wdi_api_series":
            inp.table(ind["source"], lambda i, s=ind["source"]: raw.wdi_api_long(i, s))
    inp.table("wpp_end_of_year", raw.wpp_end_of_year)


def package_tables(
    paths: dict[str, Path], meta: dict, sources: list[dict], descriptor: dict
) -> dict[str, pd.DataFrame]:
    """The package's tables as the exact text written to CSV, sorted by primary key."""
    frames = package_frames(paths, meta, sources)
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    return {name: sorted_text(frame, schemas[name]) for name, frame in frames.items()}
