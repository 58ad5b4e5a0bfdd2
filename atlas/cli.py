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
    docs_dir: Path | None = None,
    site_dir: Path | None = None,
) -> dict[str, float]:
    """Run stages in order; returns seconds per stage.

    `package_root` is the folder whose `data/` receives the CSVs (default: the project root);
    `docs_dir` and `site_dir` receive the rendered pages and the built site (default:
    build/docs and site/), so a second build (tests) never touches the first."""
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
            if docs_dir is None:
                render_site(package_root)
            else:
                render_site(package_root, out=docs_dir)
    if "site" in stages:
        with _timed("site (mkdocs build --strict)", timings):
            build_site(root, docs_dir, site_dir)
    if "release" in stages:
        from atlas import release

        with _timed("release", timings):
            problems = release.stale_records(release.build_record_texts(package_root, root))
            if problems:
                raise InputError(problems)
            files = release.release_files(package_root, root / "site", root)
            release.write_dist(files, dist or root / "dist")
    return timings


def source_date_epoch(root: Path) -> str:
    """The build's one date (sitemap `lastmod`, gzip headers), never the clock: SOURCE_DATE_EPOCH
    when set, else the date of the committed release record (releases/<version>/release.yaml),
    so two builds of the same inputs agree."""
    import os

    from atlas.release import current_release, release_epoch

    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    return str(release_epoch(current_release(root / "releases")))


def mkdocs_config(root: Path, docs_dir: Path) -> Path:
    """mkdocs.yml for another docs folder: written beside it, with the paths it names (docs,
    hooks, theme overrides) made absolute, since MkDocs resolves them against the config file."""
    import yaml

    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir.resolve())
    config["hooks"] = [str((root / h).resolve()) for h in config.get("hooks", [])]
    if config.get("theme", {}).get("custom_dir"):
        config["theme"]["custom_dir"] = str((root / config["theme"]["custom_dir"]).resolve())
    path = docs_dir.resolve().parent / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def build_site(root: Path, docs_dir: Path | None = None, site_dir: Path | None = None) -> None:
    """`mkdocs build --strict` into a staging folder, swapped in for site/ only on success."""
    import os
    import subprocess

    site_dir = site_dir or root / "site"
    staging = site_dir.parent / f"{site_dir.name}.staging-{os.getpid()}"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(root))
    config = mkdocs_config(root, docs_dir) if docs_dir else root / "mkdocs.yml"
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--config-file",
        str(config),
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
    package.swap_in(staging, site_dir)


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
        "--docs-dir", type=Path, help="folder for the rendered pages (default: build/docs)"
    )
    parser.add_argument("--site-dir", type=Path, help="folder for the built site (default: site/)")
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
            docs_dir=args.docs_dir,
            site_dir=args.site_dir,
        )
    except AtlasError as exc:
        print(f"atlas: {exc}", file=sys.stderr)
        return 1
    for stage, seconds in timings.items():
        print(f"{stage:>22}: {seconds:6.2f} s")
    return 0
