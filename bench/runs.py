"""What every benchmark script shares: run one measurement N times, each in a fresh temporary
folder, and summarise each figure as median and range."""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path


def repeated_runs(one_run: Callable[[Path], dict], tmp_parent: Path | None = None) -> list[dict]:
    """`one_run` as often as `--repeat` says (default 3), each in its own temporary folder."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(dir=tmp_parent) as tmp:
            runs.append(one_run(Path(tmp)))
    return runs


def spread(runs: list[dict], key: str) -> tuple[float, float, float]:
    """Median, minimum and maximum of one figure over the runs."""
    values = [r[key] for r in runs]
    return statistics.median(values), min(values), max(values)
