"""Command line: `python -m atlas fetch|descriptor|build|validate|records|render|site|release|all`.

A thin layer over the stage functions. Errors the Atlas raises on purpose are printed as they
are (file, row, field, rule, value) with exit status 1; nothing is half-written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from atlas import analyse, composite, package, validate
from atlas.errors import AtlasError, InputError, Problem
from atlas.metadata import load_metadata
from atlas.sources import ROOT, default_cache, default_mirror, fetch_all, load_sources


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
) -> dict[str, float]:
    """Run stages in order; returns seconds per stage.

    `package_root` is the folder whose `data/` receives the CSVs (default: the project root)."""
    timings: dict[str, float] = {}
    sources_path = sources_path or root / "sources.yaml"
    package_root = package_root or root
    data_dir = package_root / "data"
    descriptor_path = descriptor_path or root / "datapackage.json"
    sources = load_sources(sources_path)
    paths: dict[str, Path] = {}
    if "fetch" in stages or "build" in stages:
        with _timed("fetch", timings):
            roles = ("canonical", "crosscheck") if "fetch" in stages else ("canonical",)
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
        from atlas.build import package_tables

        desc = committed_descriptor(descriptor_path, package.descriptor(meta, sources))
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
        with _timed("write", timings):
            staging = package.staging_dir(data_dir)
            for name, frame in tables.items():
                package.write_csv(frame, staging / f"{name}.csv")
            package.swap_in(staging, data_dir)
    if "validate" in stages:
        desc = committed_descriptor(descriptor_path, package.descriptor(meta, sources))
        with _timed("validate", timings):
            tables = validate.read_package_tables(package_root, desc)
            problems = validate.validate_tables(tables, desc, meta["measures"])
        if problems:
            raise InputError(problems)
    if "records" in stages:
        from atlas import release

        with _timed("records", timings):
            for path in release.write_records(release.build_record_texts(package_root, root)):
                print(f"updated {path.relative_to(root)}: commit it with the release")
    if "render" in stages:
        from atlas.pages import render_site

        with _timed("render", timings):
            render_site(package_root)
    if "site" in stages:
        with _timed("site (mkdocs build --strict)", timings):
            build_site(root)
    if "release" in stages:
        from atlas import release

        with _timed("release", timings):
            problems = release.stale_records(release.build_record_texts(package_root, root))
            if problems:
                raise InputError(problems)
            files = release.release_files(package_root, root / "site", root)
            release.write_dist(files, dist or root / "dist")
    return timings


def build_site(root: Path) -> None:
    """`mkdocs build --strict` into a staging folder, swapped in for site/ only on success."""
    import os
    import subprocess

    staging = root / f"site.staging-{os.getpid()}"
    from atlas.release import current_release, release_epoch

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # the sitemap's lastmod and its gzip header: the release date, not the clock
    env.setdefault("SOURCE_DATE_EPOCH", str(release_epoch(current_release(root / "releases"))))
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--site-dir",
        str(staging),
    ]
    result = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(
            [
                Problem(
                    "mkdocs.yml",
                    None,
                    None,
                    "mkdocs build --strict failed:\n" + result.stderr[-4000:],
                )
            ]
        )
    package.swap_in(staging, root / "site")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="atlas", description=__doc__)
    parser.add_argument(
        "stages",
        nargs="+",
        choices=[
            "fetch",
            "descriptor",
            "build",
            "validate",
            "records",
            "render",
            "site",
            "release",
            "all",
        ],
    )
    parser.add_argument(
        "--offline", action="store_true", help="never download; cache and mirror only"
    )
    parser.add_argument(
        "--package-root",
        type=Path,
        help="folder whose data/ receives the CSVs (default: project root)",
    )
    parser.add_argument(
        "--cache", type=Path, help="raw-file cache (default: $ATLAS_CACHE or .cache/raw)"
    )
    parser.add_argument(
        "--mirror", type=Path, help="mirror folder (default: $ATLAS_MIRROR or ../shared/sources)"
    )
    parser.add_argument("--dist", type=Path, help="folder of the release files (default: dist/)")
    args = parser.parse_args(argv)
    stages = ["fetch", "build", "validate"] if "all" in args.stages else args.stages
    try:
        timings = run(
            stages,
            package_root=args.package_root,
            cache=args.cache,
            mirror=args.mirror,
            allow_download=not args.offline,
            dist=args.dist,
        )
    except AtlasError as exc:
        print(f"atlas: {exc}", file=sys.stderr)
        return 1
    for stage, seconds in timings.items():
        print(f"{stage:>22}: {seconds:6.2f} s")
    return 0
