"""Hostile text in the data is shown as text, never run: a site is built (render + MkDocs, once
for every case) from a copy of the package whose country names, indicator title, definition and
caveats (the indicator's note) carry markup, script, Markdown and attribute-list syntax, then
checked in Chromium. The browser context bypasses the page's Content-Security-Policy, so what is
tested is the escaping itself: were any markup let through, it would run here.

Very long names (one unbroken word of 120 letters) wrap inside a phone-sized viewport.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_browser import CHROMIUM, Visit, browser, open_search  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent

# Each vector calls window.__xss(<name>) if it ever runs; together in one string per field.
VECTORS = [
    "<script>window.__xss('script')</script>",
    "<img src=x onerror=\"window.__xss('img')\">",
    '"><svg onload="window.__xss(\'attribute\')">',
    "'><svg onload='window.__xss(1)'>",
    "</title><script>window.__xss('title')</script>",
    "&lt;img src=x onerror=window.__xss('entity')&gt;",
    "[a link](javascript:window.__xss('markdown'))",
    "{: onclick=\"window.__xss('attr_list')\" }",
    "*emphasis* _under_ `code` {{ jinja }} {% raw %}",
]
HOSTILE = "Hostile " + " ".join(VECTORS)
LONG = "Long" + "x" * 120 + " " + " ".join(["Republic of the Long Name"] * 12)
COUNTRY, LONG_COUNTRY, INDICATOR = "TUV", "NRU", "hdi"
FIELDS = {
    ("countries", COUNTRY, "name_en"): HOSTILE + " (country)",
    ("countries", LONG_COUNTRY, "name_en"): LONG,
    ("indicators", INDICATOR, "title_en"): HOSTILE + " (title)",
    ("indicators", INDICATOR, "definition_en"): HOSTILE + " (definition)",
    ("indicators", INDICATOR, "caveats_en"): HOSTILE + " (note)",
}
# Pages where the hostile text appears, by path under the site root.
PAGES = [
    f"countries/{COUNTRY}/",
    "countries/",
    f"indicators/{INDICATOR}/",
    "indicators/",
    "compare/",
    "coverage/",
    "data/",
    "index/",
    f"embed/?chart=countries/{COUNTRY}/ageing",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")


def tamper(package: Path) -> None:
    """Write the hostile texts into the package copy (CSV rows keyed by the first column)."""
    for (resource, key, column), text in FIELDS.items():
        path = package / "data" / f"{resource}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        first = frame.columns[0]
        assert (frame[first] == key).sum() == 1, (resource, key)
        frame.loc[frame[first] == key, column] = text
        frame.to_csv(path, index=False, lineterminator="\n")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, package_root) -> Path:
    import shutil

    tmp = tmp_path_factory.mktemp("hostile")
    package = tmp / "package"
    shutil.copytree(package_root / "data", package / "data")
    shutil.copyfile(package_root / "datapackage.json", package / "datapackage.json")
    tamper(package)
    cmd = [sys.executable, "-m", "atlas", "render", "site", "--package-root", str(package)]
    cmd += ["--docs-dir", str(tmp / "generated" / "docs"), "--site-dir", str(tmp / "site")]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return tmp / "site"


@pytest.fixture(scope="module")
def hostile_base(hostile_site):
    import functools
    import http.server
    import threading

    from test_browser import QuietHandler

    handler = functools.partial(QuietHandler, directory=str(hostile_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


RECORD_XSS = "window.__ran = []; window.__xss = (what) => window.__ran.push(String(what));"
INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(el.tagName + '[' + a.name + ']');
      if (/^\\s*javascript:/i.test(a.value) && ['href', 'src', 'action'].includes(a.name))
        bad.push(el.tagName + '[' + a.name + '=javascript:]');
    }
  }
  // JSON-LD is data, not script: hostile text may sit in it, escaped (\\u003c), and it must parse
  for (const s of document.querySelectorAll('script:not([type="application/ld+json"])'))
    if (s.textContent.includes('__xss')) bad.push('script');
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    try { JSON.parse(s.textContent); } catch (e) { bad.push('ld+json broken'); }
  }
  return bad;
}"""


def open_hostile(browser, url: str, **kwargs) -> Visit:  # noqa: F811
    visit = Visit(browser, "about:blank", bypass_csp=True, **kwargs)
    visit.dialogs = []
    visit.page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
    visit.context.add_init_script(RECORD_XSS)
    visit.page.goto(url, wait_until="load")
    if "/embed/" in url:  # a chart-only page reads its chart from the chart's page
        visit.page.wait_for_selector("figure.atlas-chart", timeout=60000)
    if visit.page.query_selector("figure.atlas-chart:not(.atlas-chart--live)"):
        visit.wait_for_charts()
    return visit


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_never_runs(browser, hostile_base, path):  # noqa: F811
    visit = open_hostile(browser, hostile_base + path)
    try:
        page = visit.page
        assert page.evaluate("() => window.__ran") == [], path
        assert visit.dialogs == []
        assert page.evaluate(INJECTED) == [], path
        # long tables skip layout while off screen (content-visibility: auto), and innerText
        # leaves skipped content out: lay them out before reading what a reader would see
        page.evaluate(
            "() => document.querySelectorAll('.atlas-table-wrap--tall')"
            ".forEach(e => { e.style.contentVisibility = 'visible'; })"
        )
        assert "Hostile" in page.evaluate("() => document.body.innerText"), path
    finally:
        visit.close()


def test_hostile_text_is_shown_as_written(browser, hostile_base):  # noqa: F811
    visit = open_hostile(browser, f"{hostile_base}countries/{COUNTRY}/")
    try:
        page = visit.page
        assert page.inner_text("article h1") == FIELDS[("countries", COUNTRY, "name_en")]
        assert page.title().startswith(FIELDS[("countries", COUNTRY, "name_en")])
        subtitle = page.inner_text("figure.atlas-chart .atlas-chart__subtitle")
        assert FIELDS[("countries", COUNTRY, "name_en")] in subtitle
    finally:
        visit.close()
    visit = open_hostile(browser, f"{hostile_base}indicators/{INDICATOR}/")
    try:
        page = visit.page
        assert page.inner_text("article h1") == FIELDS[("indicators", INDICATOR, "title_en")]
        lede = page.inner_text("article .atlas-lede")
        assert lede == FIELDS[("indicators", INDICATOR, "definition_en")]
        facts = page.inner_text("article .atlas-facts")
        assert FIELDS[("indicators", INDICATOR, "caveats_en")] in facts
    finally:
        visit.close()


def test_hostile_text_in_search_results_never_runs(browser, hostile_base):  # noqa: F811
    visit = open_hostile(browser, hostile_base)
    try:
        page = visit.page
        open_search(page)
        page.locator("input.md-search__input").press_sequentially("Hostile")
        page.wait_for_selector(".md-search-result__item", timeout=60000)
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.__ran") == [] and visit.dialogs == []
        assert page.evaluate(INJECTED) == []
    finally:
        visit.close()


def test_very_long_names_wrap_on_a_phone(browser, hostile_base):  # noqa: F811
    for path in (f"countries/{LONG_COUNTRY}/", f"countries/{COUNTRY}/"):
        visit = open_hostile(browser, hostile_base + path, viewport={"width": 360, "height": 740})
        try:
            widths = visit.page.evaluate(
                """() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,
                           h1: document.querySelector('article h1').scrollWidth,
                           box: document.querySelector('article h1').clientWidth})"""
            )
            assert widths["page"] <= widths["view"], (path, widths)
            assert widths["h1"] <= widths["box"], (path, widths)
        finally:
            visit.close()
