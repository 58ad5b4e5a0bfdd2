"""Time each data stage on the full sources: fetch (cold cache, from the mirror), build,
validate (in the build, on text tables), write, and the stand-alone validate of data/ on disk.

Run: `make bench` (or `.venv/bin/python bench/bench_data.py [--repeat N]`). Prints one line per
stage and the total; writes nothing outside a temporary folder. Not a test: figures vary with
the machine, so targets live here, not in timed tests.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

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
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(
            dir=ROOT / ".cache" if (ROOT / ".cache").exists() else None
        ) as tmp:
            runs.append(one_run(Path(tmp)))
    print(f"data stages, {args.repeat} runs (median; min–max):")
    for key in runs[0]:
        values = [r[key] for r in runs]
        if key == "rows published":
            print(f"  {key:>34}: {int(values[0]):,}")
        else:
            print(
                f"  {key:>34}: {statistics.median(values):6.2f} s  ({min(values):.2f}–{max(values):.2f})"
            )
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
