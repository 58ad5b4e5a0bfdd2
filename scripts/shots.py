"""Full-page screenshots of a sample of every page kind, at a laptop's and a phone's width, into
shots/ (git-ignored): for people to look at what readers see. Serves site/ on 127.0.0.1 and
drives Debian's chromium through Playwright (never a downloaded browser); waits until every chart
of the page is drawn (`is-drawn`) or has said why not.

    .venv/bin/python scripts/shots.py [path ...]
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
OUT = ROOT / "shots"
PAGES = [
    "",
    "countries/MEX/",
    "countries/MEX/corridors/",
    "countries/MEX/origin-costs/",
    "countries/TON/",
    "indicators/hdi/",
    "compare/",
    "index/",
    "sdg/",
    "sdg/10-c/",
]
WIDTHS = [1366, 360]
# a chart is done when drawn, or when its status line says it could not be
# charts draw as they scroll into view: each is brought into view in turn, as a reader scrolls
SCROLL_THROUGH = """async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (const f of document.querySelectorAll("figure.atlas-chart")) { f.scrollIntoView(); await frame(); }
  window.scrollTo(0, 0);
}"""
VISIBLE = """() => document.querySelectorAll(".atlas-chart").forEach(
  (el) => { el.style.contentVisibility = "visible"; })"""
# (a hidden figure is not waited for: the corridor explorer shows the charts of its mode only)
DRAWN = """() => Array.from(document.querySelectorAll("figure.atlas-chart")).every(
  (f) => f.hidden || f.classList.contains("is-drawn")
    || (f.querySelector(".atlas-status") || {}).textContent)"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def shoot(paths: list[str]) -> list[Path]:
    """Screenshots of `paths` at every width; returns the files written."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    OUT.mkdir(exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking"],
        )
        for path in paths:
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                started = time.monotonic()
                page.goto(base + path, wait_until="load")
                page.evaluate(SCROLL_THROUGH)
                page.wait_for_function(DRAWN, timeout=120_000)
                page.wait_for_timeout(500)  # the last chart's transition
                # a full-page screenshot paints only what is near the viewport: charts far
                # from it (content-visibility: auto, atlas.css) are painted first
                page.evaluate(VISIBLE)
                name = re.sub(r"[/?&=]+", "-", path.strip("/")) or "home"
                name += f"-{width}.png"
                page.screenshot(path=str(OUT / name), full_page=True)
                height = page.evaluate("document.documentElement.scrollHeight")
                print(f"{name}: {time.monotonic() - started:.1f} s, page height {height} px")
                written.append(OUT / name)
                page.close()
        browser.close()
    httpd.shutdown()
    return written


if __name__ == "__main__":
    shoot(sys.argv[1:] or PAGES)
