"""Command line: `python -m atlas fetch|descriptor|build|validate|records|render|site|release|all`.

Argument parsing only: the stages are `atlas.pipeline.run`'s. Errors the Atlas raises on
purpose are printed as they are (file, row, field, rule, value) with exit status 1; nothing is
half-written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from atlas.errors import AtlasError
from atlas.pipeline import run

STAGES = ["fetch", "descriptor", "build", "validate", "records", "render", "site", "release"]
# `all`: everything that makes the site from the pinned sources (what `make site` runs, checked)
ALL = ["fetch", "build", "validate", "render", "site"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="atlas", description=__doc__)
    parser.add_argument(
        "stages",
        nargs="+",
        choices=[*STAGES, "all"],
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
        "--docs-dir", type=Path, help="folder for the rendered pages (default: generated/docs)"
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
    stages = ALL if "all" in args.stages else args.stages
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
