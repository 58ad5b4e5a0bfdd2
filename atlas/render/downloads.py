"""Stable downloads: the package as files, and CSV/JSON per indicator and per country
(`/data/package/`, `/data/indicators/<id>.csv|json`, `/data/countries/<ISO3>.csv|json`)."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pandas as pd

from atlas.render.context import Context
from atlas.render.formats import dump_json, records


def downloads(ctx: Context, package_root: Path) -> dict:
    """The package as files, and stable per-indicator and per-country CSV/JSON files."""
    out = ctx.out / "data"
    (out / "package" / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(package_root / "datapackage.json", out / "package" / "datapackage.json")
    sizes = package_sizes(package_root)
    for name in sizes:
        shutil.copyfile(
            package_root / "data" / f"{name}.csv", out / "package" / "data" / f"{name}.csv"
        )
    obs = ctx.tables["observations"]
    cols = ["indicator_id", "iso3", "year", "sex", "value", "flag"]
    for iid, rows in obs.groupby("indicator_id", sort=True):
        rows = rows[cols].assign(name=rows["iso3"].map(ctx.names))
        _write_both(out / "indicators" / iid, rows)
    for iso3, rows in obs.groupby("iso3", sort=True):
        _write_both(out / "countries" / iso3, rows[cols])
    # every country page links its files: a country with no series gets them empty (header only)
    listed = set(obs["iso3"])
    for iso3 in sorted(c for c, k in ctx.kinds.items() if k == "country" and c not in listed):
        _write_both(out / "countries" / iso3, obs.iloc[0:0][cols])
    return sizes


def package_sizes(package_root: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_size for p in sorted((package_root / "data").glob("*.csv"))}


def downloads_in_background(ctx: Context, package_root: Path):
    """Write the downloads in a forked process while the pages render (two cores, two jobs)."""
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: write them now
        downloads(ctx, package_root)
        return None
    proc = context.Process(target=downloads, args=(ctx, package_root), name="atlas-downloads")
    proc.start()
    return proc


def _write_both(stem: Path, frame: pd.DataFrame) -> None:
    stem.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(stem.with_suffix(".csv"), index=False, lineterminator="\n")
    dump_json(stem.with_suffix(".json"), records(frame))
