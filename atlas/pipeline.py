"""The pipeline: the stages in the order data flows, each timed.

fetch -> build (extract and transform, validated in memory, analysed, written) -> validate
(the written package) -> records -> render -> site -> release. The command line
(`atlas.cli`) only parses arguments and calls `run`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from atlas import analyse, composite, corridors, flows, package, release, site, validate
from atlas.base import ROOT, staging_dir, swap_in
from atlas.errors import InputError, Problem
from atlas.metadata import METADATA, load_metadata, unknown_transforms
from atlas.render import render_site
from atlas.sources import default_cache, default_mirror, fetch_all, load_sources
from atlas.transform import package_tables
from atlas.transform.series import TRANSFORMS


def _timed(label: str, timings: dict[str, float]):
    class Timer:
        def __enter__(self):
            self.t = time.perf_counter()

        def __exit__(self, *exc):
            timings[label] = time.perf_counter() - self.t

    return Timer()


def committed_descriptor(path: Path, expected: dict) -> dict:
    """The committed descriptor, refused when metadata changed and it was not regenerated."""
    try:
        committed = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            [Problem(str(path), None, None, "descriptor missing: run `python -m atlas descriptor`")]
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem(str(path), exc.lineno, None, f"malformed JSON: {exc.msg}")]
        ) from None
    if committed != expected:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    "stale: it differs from what metadata/ and sources.yaml give; run `python -m atlas descriptor` and commit it",
                )
            ]
        )
    return committed


def built_tables(paths: dict, meta: dict, sources: list[dict], desc: dict, timings: dict) -> dict:
    """Extract and transform every resource, validate them, then add the analyse stage's
    resources (aggregates, the Global Index), validated the same way. Nothing is written."""
    with _timed("build", timings):
        tables = package_tables(paths, meta, sources, desc)
    later = [n for n, r in meta["package"]["resources"].items() if r.get("stage") == "analyse"]
    built = [r["name"] for r in desc["resources"] if r["name"] not in later]
    with _timed("validate (in build)", timings):
        problems = validate.validate_tables(tables, desc, meta["measures"], built)
    if problems:
        raise InputError(problems)
    with _timed("analyse", timings):
        schemas = {r["name"]: r["schema"] for r in desc["resources"]}
        frames = {
            "aggregates": analyse.aggregates(tables["observations"], tables["countries"], meta)
        }
        frames |= flow_tables(tables, meta["aggregation"])
        frames |= corridors.income_gap_tables(
            tables["bilateral"], tables["observations"], tables["countries"], meta["corridors"]
        )
        frames |= composite.global_index(
            tables["observations"], tables["ratifications"], tables["countries"], meta["index"]
        )
        for name, frame in frames.items():
            tables[name] = package.sorted_text(frame, schemas[name])
        problems = validate.validate_tables(
            {k: tables[k] for k in [*frames, "countries", "indicators"]},
            desc,
            meta["measures"],
            list(frames),
        )
    if problems:
        raise InputError(problems)
    return tables


def flow_tables(tables: dict, config: dict) -> dict:
    """The South–South and regional-flow resources (atlas.flows), from the validated tables."""
    south = config["south_south"]
    pairs = flows.stock_by_income_groups(
        tables["bilateral"],
        tables["countries"],
        tables["income_groups"],
        south["fiscal_year_offset"],
    )
    matrix = flows.south_south(pairs)
    regions = flows.region_groups(config["groups"])
    return {
        "south_south": matrix,
        "south_south_world": flows.south_south_world(matrix, south["non_high"]),
        "south_south_countries": flows.south_south_countries(
            pairs, tables["countries"], south["non_high"]
        ),
        "south_south_development": flows.south_south(
            flows.stock_by_development_groups(
                tables["bilateral"], tables["countries"], config["development_groups"]
            )
        ),
        "regional_flows": flows.regional_flows(
            tables["bilateral"],
            tables["countries"],
            analyse.group_members(tables["countries"], regions),
        ),
    }


def write_package(tables: dict, data_dir: Path) -> None:
    """Every CSV into a staging folder, swapped in whole: a failed build leaves data/ as it was."""
    staging = staging_dir(data_dir)
    for name, frame in tables.items():
        package.write_csv(frame, staging / f"{name}.csv")
    swap_in(staging, data_dir)


def build_stage(
    paths: dict, meta: dict, sources: list[dict], desc_path: Path, meta_dir: Path, data_dir: Path
) -> dict[str, float]:
    timings: dict[str, float] = {}
    problems = unknown_transforms(meta, TRANSFORMS, meta_dir / "indicators.yaml")
    if problems:
        raise InputError(problems)
    desc = committed_descriptor(desc_path, package.descriptor(meta, sources))
    tables = built_tables(paths, meta, sources, desc, timings)
    with _timed("write", timings):
        write_package(tables, data_dir)
    return timings


def validate_stage(meta: dict, sources: list[dict], desc_path: Path, package_root: Path) -> None:
    desc = committed_descriptor(desc_path, package.descriptor(meta, sources))
    tables = validate.read_package_tables(package_root, desc)
    problems = validate.validate_tables(tables, desc, meta["measures"])
    if problems:
        raise InputError(problems)


def release_stage(package_root: Path, root: Path, dist: Path) -> None:
    problems = release.stale_records(release.build_record_texts(package_root, root))
    if problems:
        raise InputError(problems)
    files = release.release_files(package_root, root / "site", root)
    release.write_dist(files, dist)


def run(
    stages: list[str],
    *,
    root: Path = ROOT,
    package_root: Path | None = None,
    sources_path: Path | None = None,
    metadata_dir: Path | None = None,
    descriptor_path: Path | None = None,
    cache: Path | None = None,
    mirror: Path | None = None,
    allow_download: bool = True,
    dist: Path | None = None,
    docs_dir: Path | None = None,
    site_dir: Path | None = None,
) -> dict[str, float]:
    """Run stages in order; returns seconds per stage. (Longer than most functions: one
    short block per stage, in the order data flows, reads best in one place.)

    `package_root` is the folder whose `data/` receives the CSVs (default: the project root);
    `docs_dir` and `site_dir` receive the rendered pages and the built site (default:
    generated/docs and site/), so a second build (tests) never touches the first."""
    timings: dict[str, float] = {}
    package_root = package_root or root
    descriptor_path = descriptor_path or root / "datapackage.json"
    sources = load_sources(sources_path or root / "sources.yaml")
    paths: dict[str, Path] = {}
    if "fetch" in stages or "build" in stages:
        # the fetch stage verifies every file; a build alone needs the canonical ones only
        roles = ("canonical", "crosscheck") if "fetch" in stages else ("canonical",)
        with _timed("fetch", timings):
            paths = fetch_all(
                sources,
                cache or default_cache(),
                mirror or default_mirror(),
                roles=roles,
                allow_download=allow_download,
            )
    meta = None
    if {"descriptor", "build", "validate"} & set(stages):
        meta = load_metadata(metadata_dir, sources)
    if "descriptor" in stages:
        descriptor_path.write_text(
            package.descriptor_text(package.descriptor(meta, sources)), encoding="utf-8"
        )
    if "build" in stages:
        timings |= build_stage(
            paths,
            meta,
            sources,
            descriptor_path,
            metadata_dir or METADATA,
            package_root / "data",
        )
    if "validate" in stages:
        with _timed("validate", timings):
            validate_stage(meta, sources, descriptor_path, package_root)
    if "records" in stages:
        with _timed("records", timings):
            for path in release.write_records(release.build_record_texts(package_root, root)):
                print(f"updated {path.relative_to(root)}: commit it with the release")
    if "render" in stages:
        with _timed("render", timings):
            render_site(package_root, *([docs_dir] if docs_dir else []))
    if "site" in stages:
        with _timed("site (mkdocs build --strict)", timings):
            site.build_site(root, docs_dir, site_dir)
    if "release" in stages:
        with _timed("release", timings):
            release_stage(package_root, root, dist or root / "dist")
    return timings
