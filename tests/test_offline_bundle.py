"""The offline site zip of a release, unpacked and served by `python3 -m http.server` as its
README says, draws its charts in Chromium with no request leaving the machine."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from test_browser import CHROMIUM, Visit, browser  # noqa: F401 (fixture)

from atlas.base import current_release

ROOT = Path(__file__).resolve().parent.parent
VERSION = current_release()["version"]
BUNDLE = ROOT / "dist" / f"atlas-site-{VERSION}.zip"

pytestmark = pytest.mark.skipif(
    not BUNDLE.exists() or not CHROMIUM.exists(),
    reason="needs dist/ and Debian's chromium (`make test` provides both)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The bundle unpacked in a fresh folder and served exactly as its README says."""
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(BUNDLE) as z:
        z.extractall(folder)
    site = folder / f"atlas-site-{VERSION}"
    readme = (site / "README.txt").read_text(encoding="utf-8")
    assert "python3 -m http.server" in readme
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base, site
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("path", "min_charts"),
    [("", 0), ("countries/PHL/", 10), ("indicators/remittances_received_pct_gdp/", 2)],
)
def test_the_unpacked_site_draws_its_charts_offline(browser, served, path, min_charts):  # noqa: F811
    base, _ = served
    visit = Visit(browser, base + path)
    try:
        charts = visit.wait_for_charts() if min_charts else []
        assert len(charts) >= min_charts
        for c in charts:
            assert c["drawn"] and c["marks"] > 0, c
        assert visit.errors == [], visit.errors
        assert visit.outside() == [], f"requests left the machine: {visit.outside()}"
        if min_charts:  # the reader's access date is filled in by the browser
            dates = visit.page.eval_on_selector_all(
                ".atlas-accessed[data-format=iso]", "els => els.map(e => e.textContent)"
            )
            assert dates and all(d[:2] == "20" and len(d) == 10 for d in dates), dates[:3]
    finally:
        visit.close()


def test_the_release_page_is_in_the_bundle(served):
    _, site = served
    assert (site / "releases" / VERSION / "index.html").is_file()
    assert (site / "catalog.jsonld").is_file() and (site / "sitemap.xml").is_file()
