"""A real link checker (LinkChecker, PyPI, pinned) crawls the built site over HTTP: no broken
internal link and no broken anchor.

LinkChecker parses pages in Python, ~40 URLs a second here: the whole site (≈4,000 pages with
the chart-only embeds, ≈20,000 links) would take most of ten minutes. So it starts from a sample
of every page kind (CRAWL_FROM) and checks every link on them one level deep, anchors included:
that reaches every country, indicator and list page, and the embeds of the sampled pages. Our
own fast test (tests/test_site_links.py) resolves every link, anchor, download, spec and data URL
of every page against site/. Links to other sites are not followed (no network here; they are
the publishers' pages, listed on the Sources page).
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
LINKCHECKER = ROOT / ".venv" / "bin" / "linkchecker"

# Start pages, by path under the site root: extend when a page kind is added.
CRAWL_FROM = [
    "",
    "index/",
    "index/methodology/",
    "releases/",
    "countries/",
    "es/",
    "fr/",
    "es/countries/",
    "fr/countries/",
    "indicators/",
    "data/",
    "about/",
    "about/sources/",
    "compare/",
    "corridors/",
    "coverage/",
    "sdg/",
    "sdg/10-c/",
    "countries/MEX/",
    "countries/MEX/corridors/",
    "countries/MEX/flows/",
    "countries/MEX/origin-costs/",
    "countries/MEX/sdg/",
    "countries/PHL/",
    "countries/IND/",
    "countries/MAR/",
    "countries/TUR/",
    "indicators/migrant_stock/",
    "indicators/hdi/",
    "indicators/remittance_cost_receiving/",
    "404.html",
]

# No rate limit for our own server (it answers with a `LinkChecker` header, which LinkChecker
# requires before it goes above 10 requests a second). Not crawled here: files the fast test
# resolves one by one (downloads, chart specs and data).
CONFIG = """
[checking]
threads=16
timeout=30
maxrequestspersecond=1000
recursionlevel=1
[filtering]
checkextern=0
ignore=
  /charts/
  /data/(indicators|countries|package)/
  [.](csv|json|svg|png|js|css)$
[AnchorCheck]
"""

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists() or not LINKCHECKER.exists(),
    reason="needs the built site and the pinned linkchecker (`make test` provides both)",
)


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # LinkChecker hangs up once it has read what it needs


def broken(rows: list[dict]) -> list[str]:
    """Failed checks, and anchor warnings (LinkChecker reports a missing anchor as a warning)."""
    out = []
    for r in rows:
        anchor = "anchor" in (r.get("warningstring") or "").lower()
        if r.get("valid") != "True" or anchor:
            out.append(
                f"{r.get('parentname')} -> {r.get('urlname')}: {r.get('result')} {r.get('warningstring')}"
            )
    return out


def test_no_broken_internal_link_or_anchor(tmp_path):
    httpd = Server(("127.0.0.1", 0), functools.partial(Handler, directory=str(SITE)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    try:
        result = subprocess.run(
            [
                str(LINKCHECKER),
                "--config",
                str(config),
                "--output",
                "csv",
                "--verbose",
                "--no-status",
                *(f"http://127.0.0.1:{httpd.server_address[1]}/{p}" for p in CRAWL_FROM),
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        httpd.shutdown()
    text = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    checked = [r for r in rows if r.get("valid") == "True"]
    pages = {r["url"] for r in checked if r.get("result", "").startswith("200")}
    assert len(pages) > 300, f"the crawl reached too few pages:\n{result.stderr[-2000:]}"
    assert broken(rows) == [], f"{len(broken(rows))} broken: {broken(rows)[:20]}"
    assert result.returncode == 0, result.stderr[-2000:]
