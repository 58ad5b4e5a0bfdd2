"""Cold and incremental builds of the whole site, as a developer runs them (issue #16).

Run: `.venv/bin/python bench/bench_build.py [--repeat N]` (or `make bench`), with dependencies
installed and nothing else running. Each run:
- cold: empty raw cache and SVG cache, no data/, generated/ or site/ -> `python -m atlas fetch
  build render site` (what `make site` runs once set up);
- one definition edited: a word appended to one indicator's English definition in a copy of
  metadata/indicators.yaml (restored afterwards) -> `python -m atlas build render site`.
Prints the median and range of each, against the targets (<= 60 s cold, <= 15 s after one edit).
Works on a throwaway copy of the repository, so the working tree is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from runs import repeated_runs, spread

from atlas.base import ROOT
from atlas.sources import default_mirror

TARGETS = {"cold make site": 60.0, "after one definition edit": 15.0}
COPY = [
    "atlas",
    "metadata",
    "templates",
    "docs",
    "overrides",
    "scripts",
    "releases",
    "data",
    "locale",
]
FILES = ["sources.yaml", "datapackage.json", "mkdocs.yml", "pyproject.toml", "babel.cfg"]


def project_copy(target: Path) -> None:
    for name in COPY:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("*.csv"))
    for name in FILES:
        shutil.copyfile(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")


def timed(cmd: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def edit_one_definition(path: Path) -> None:
    """Append a word to the first indicator's English definition (`definition: {en: "…"}`)."""
    text = path.read_text(encoding="utf-8")
    marker = 'definition: {en: "'
    at = text.index(marker) + len(marker)
    end = text.index('"}', at)
    path.write_text(text[:end] + " (edited)" + text[end:], encoding="utf-8")


def one_run(tmp: Path) -> dict[str, float]:
    root = tmp / "atlas"
    project_copy(root)
    env = dict(
        os.environ,
        ATLAS_CACHE=str(tmp / "raw"),
        ATLAS_MIRROR=str(default_mirror()),
        PYTHONPATH=str(root),
    )
    atlas = [sys.executable, "-m", "atlas"]
    out = {"cold make site": timed([*atlas, "fetch", "build", "render", "site"], root, env)}
    edit_one_definition(root / "metadata" / "indicators.yaml")
    timed([*atlas, "descriptor"], root, env)  # what an editor runs after a metadata edit
    out["after one definition edit"] = timed([*atlas, "build", "render", "site"], root, env)
    return out


def main() -> None:
    runs = repeated_runs(one_run)
    print(f"whole-site builds, {len(runs)} runs (median; min–max), {os.cpu_count()} cores:")
    for key, target in TARGETS.items():
        median, low, high = spread(runs, key)
        verdict = "within" if median <= target else "ABOVE"
        print(
            f"  {key:>26}: {median:6.1f} s ({low:.1f}–{high:.1f}); "
            f"target <= {target:.0f} s: {verdict}"
        )


if __name__ == "__main__":
    main()
