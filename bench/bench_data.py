"""Time each data stage on the full sources: fetch (cold cache, from the mirror), build,
validate (in the build, on text tables), write, and the stand-alone validate of data/ on disk.

Run: `make bench` (or `.venv/bin/python bench/bench_data.py [--repeat N]`). Prints one line per
stage and the total; writes nothing outside a temporary folder. Not a test: figures vary with
the machine, so targets live here, not in timed tests.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from runs import repeated_runs, spread

from atlas.base import ROOT
from atlas.pipeline import run

TARGET_SECONDS = 15.0  # fetch (cold) + build + validate, issue #8


def one_run(workdir: Path) -> dict[str, float]:
    cache = workdir / "cache"
    package_root = workdir / "package"
    (package_root / "data").mkdir(parents=True)
    start = time.perf_counter()
    timings = run(["fetch", "build"], package_root=package_root, cache=cache, allow_download=False)
    timings["fetch + build + validate + write"] = time.perf_counter() - start
    timings.update(
        {f"{k} (on disk)": v for k, v in run(["validate"], package_root=package_root).items()}
    )
    rows = sum(sum(1 for _ in p.open()) - 1 for p in (package_root / "data").glob("*.csv"))
    timings["rows published"] = rows
    return timings


def main() -> None:
    runs = repeated_runs(one_run, ROOT / ".cache" if (ROOT / ".cache").exists() else None)
    print(f"data stages, {len(runs)} runs (median; min–max):")
    for key in runs[0]:
        if key == "rows published":
            print(f"  {key:>34}: {int(runs[0][key]):,}")
        else:
            median, low, high = spread(runs, key)
            print(f"  {key:>34}: {median:6.2f} s  ({low:.2f}–{high:.2f})")
    core = statistics.median(r["fetch"] + r["build"] + r["validate (in build)"] for r in runs)
    with_write = statistics.median(
        r["fetch"] + r["build"] + r["validate (in build)"] + r["write"] for r in runs
    )
    verdict = "within" if core <= TARGET_SECONDS else "ABOVE"
    print(
        f"  target fetch (cold) + build + validate <= {TARGET_SECONDS:.0f} s: {verdict} "
        f"({core:.2f} s; {with_write:.2f} s with writing the CSVs; the analyse stage comes on top)"
    )


if __name__ == "__main__":
    main()
