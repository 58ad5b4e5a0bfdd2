"""Time the site stages and weigh pages by kind.

Run: `make bench` (after `make site` has built data/). Times `render` and `mkdocs build
--strict` on the full package, then weighs every page of each kind: its HTML plus the JSON files
the page itself fetches (chart data; the shared per-kind specs, theme, vega/vega-lite/vega-embed,
CSS, fonts and map are counted apart, as shared and cached). Targets (issue #9): `make site`
with dependencies installed <= 60 s; heaviest country page <= 150 KB before shared files.
"""

from __future__ import annotations

import gzip
import re
import time
from pathlib import Path

from atlas.base import ROOT
from atlas.pipeline import run

SITE = ROOT / "site"
SHARED = re.compile(r"/(kinds|vendor)/|atlas-theme\.json")
PAGE_TARGET_KB = 150


def page_weight(page_dir: Path) -> tuple[int, int, int]:
    html = (page_dir / "index.html").read_bytes()
    urls = re.findall(rb'data-(?:spec|data)="([^"]+)"', html)
    fetched = [(page_dir / u.decode()).resolve() for u in urls if not SHARED.search(u.decode())]
    json_bytes = sum(p.stat().st_size for p in fetched)
    gz = len(gzip.compress(html)) + sum(len(gzip.compress(p.read_bytes())) for p in fetched)
    return len(html) + json_bytes, len(html), gz


def kinds() -> dict[str, list[Path]]:
    return {
        "home": [SITE],
        "country": [p for p in (SITE / "countries").iterdir() if p.is_dir()],
        "indicator": [p for p in (SITE / "indicators").iterdir() if p.is_dir()],
        "compare": [SITE / "compare"],
        "coverage": [SITE / "coverage"],
        "data & downloads": [SITE / "data"],
    }


def main() -> None:
    timings = {}
    for stage in (["build"], ["render"], ["site"]):
        start = time.perf_counter()
        run(stage)
        timings[stage[0]] = time.perf_counter() - start
    print("site stages (seconds):")
    for k, v in timings.items():
        print(f"  {k:>8}: {v:6.2f}")
    print(
        f"  {'total':>8}: {sum(timings.values()):6.2f}  (make site adds fetch and the on-disk validate)"
    )
    shared = sum(p.stat().st_size for p in (SITE / "assets").rglob("*") if p.is_file())
    print(f"shared, cached assets (JS, CSS, map, theme): {shared / 1024:,.0f} KB")
    print("page weight per kind: HTML + JSON it fetches (KB, uncompressed; gzip in brackets)")
    for kind, pages in kinds().items():
        weights = sorted((page_weight(p), p.name) for p in pages)
        (total, html, gz), name = weights[-1]
        median = weights[len(weights) // 2][0][0]
        print(
            f"  {kind:>16}: heaviest {total / 1024:6.1f} ({gz / 1024:5.1f}) {name}; median {median / 1024:6.1f}; pages {len(pages)}"
        )
    heaviest = max(page_weight(p)[0] for p in kinds()["country"]) / 1024
    verdict = "within" if heaviest <= PAGE_TARGET_KB else "ABOVE"
    print(f"  target heaviest country page <= {PAGE_TARGET_KB} KB: {verdict} ({heaviest:.1f} KB)")


if __name__ == "__main__":
    main()
