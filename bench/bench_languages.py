"""What the Spanish and French pages cost the build (issue #22: a cold `make site` stays within
×1.5 of the English site's). Works on a throwaway copy of the repository with the data built
once (not timed), then times `python -m atlas render site` alternately with every language and
with English alone (metadata/i18n.yaml and mkdocs.yml's i18n languages cut to English in the
copy). The SVG and link-preview caches are shared with the working tree, warm: Spanish and French
figures draw no static SVG (they show the English chart's size, empty, until drawn in the
language), so what the other languages add is the same on a cold build, whose SVGs cost the same
with or without them — the ratio printed is therefore the upper bound of the cold build's.

Run: `.venv/bin/python bench/bench_languages.py [--repeat N]`, nothing else running.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bench_build import project_copy, timed
from runs import repeated_runs, spread

from atlas.base import ROOT
from atlas.sources import default_mirror

TARGET = 1.5


def english_only(root: Path) -> None:
    """Cut the other languages out of the copy's metadata and MkDocs config."""
    for name, pattern in (
        ("metadata/i18n.yaml", r"^  - \{code: (?!en\b).*\n"),
        ("mkdocs.yml", r"^ +- \{locale: (?!en\b).*\n"),
    ):
        path = root / name
        text, n = re.subn(pattern, "", path.read_text(encoding="utf-8"), flags=re.M)
        assert n, f"{name}: no other language found to cut"
        path.write_text(text, encoding="utf-8")


def one_run(tmp: Path) -> dict[str, float]:
    root = tmp / "atlas"
    project_copy(root)
    (root / ".cache").mkdir()
    for cache in ("svg", "og", "raw"):
        (root / ".cache" / cache).symlink_to(ROOT / ".cache" / cache)
    env = dict(os.environ, ATLAS_MIRROR=str(default_mirror()), PYTHONPATH=str(root))
    atlas = [sys.executable, "-m", "atlas"]
    subprocess.run([*atlas, "fetch", "build"], cwd=root, env=env, check=True, capture_output=True)
    out = {"every language": timed([*atlas, "render", "site"], root, env)}
    english_only(root)
    out["English only"] = timed([*atlas, "render", "site"], root, env)
    out["ratio"] = out["every language"] / out["English only"]
    return out


def main() -> None:
    runs = repeated_runs(one_run)
    print(
        f"render + site, warm caches, {len(runs)} runs (median; min–max), {os.cpu_count()} cores:"
    )
    for key in ("every language", "English only"):
        median, low, high = spread(runs, key)
        print(f"  {key:>15}: {median:6.1f} s ({low:.1f}–{high:.1f})")
    ratio, low, high = spread(runs, "ratio")
    verdict = "within" if ratio <= TARGET else "ABOVE"
    print(f"  {'ratio':>15}: {ratio:6.2f} ({low:.2f}–{high:.2f}); target <= {TARGET}: {verdict}")


if __name__ == "__main__":
    main()
