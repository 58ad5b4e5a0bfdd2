"""Browser tests in real Chromium (Debian's, driven by Playwright): charts draw, tables match
their data files, no console errors, no Content-Security-Policy violation, no request leaves
127.0.0.1, the compare URL restores."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists() or not CHROMIUM.exists(),
    reason="needs the built site and Debian's chromium (`make test` provides both)",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the tests report what matters
        pass


@pytest.fixture(scope="module")
def base():
    handler = functools.partial(QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


# Every violation of the page's Content-Security-Policy, as the browser reports it to the page.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  [e.violatedDirective, e.blockedURI, e.sourceFile + ":" + e.lineNumber, e.sample].join(" ")));
"""


# Charts are drawn as they scroll into view (atlas.js): bring each into view in turn, a frame
# or two apart, as a reader scrolling down the page would, then back to the top.
SCROLL_THROUGH = """async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (const f of document.querySelectorAll("figure.atlas-chart")) { f.scrollIntoView(); await frame(); }
  window.scrollTo(0, 0);
  // back at the top, Material shows its navigation tabs again with a fade (opacity .25 s,
  // transform .4 s, staggered per tab): wait until no transition runs in the header, or a
  // check of colour contrast reads the tabs half faded
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const fading = () => document.getAnimations().some((a) => a.effect && a.effect.target
    && a.effect.target.closest && a.effect.target.closest(".md-tabs, .md-header"));
  await wait(200);
  for (let i = 0; i < 100 && fading(); i++) await wait(50);
  await wait(100);
}"""


class Visit:
    """A page opened in a fresh context, recording console errors, Content-Security-Policy
    violations and every request. `bypass_csp` only for injecting test tools (axe)."""

    def __init__(
        self,
        browser,
        url: str,
        javascript: bool = True,
        bypass_csp: bool = False,
        viewport: dict | None = None,
    ):
        self.context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900},
            java_script_enabled=javascript,
            bypass_csp=bypass_csp,
        )
        self.context.add_init_script(RECORD_CSP)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url, wait_until="load")

    def outside(self) -> list[str]:
        return [
            u
            for u in self.requests
            if urlparse(u).scheme not in ("data", "blob") and urlparse(u).hostname != "127.0.0.1"
        ]

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("() => window.__cspViolations || []")

    def wait_for_charts(self) -> list[dict]:
        self.page.evaluate(SCROLL_THROUGH)
        self.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('figure.atlas-chart')).every(f => f.classList.contains('is-drawn') || f.querySelector('.atlas-status'))",
            timeout=30000,
        )
        # tableRows: the table's rows once opened (a long one's are parsed in then: atlas.js)
        return self.page.eval_on_selector_all(
            "figure.atlas-chart",
            """els => els.map(f => ({
                id: f.id, drawn: f.classList.contains('is-drawn'), data: f.dataset.data || null,
                rows: Number(f.dataset.rows), tableRows: f.querySelector('tbody') ? window.AtlasTables.expand(f.querySelector('table')).tBodies[0].rows.length : null,
                marks: f.querySelectorAll('.atlas-vega svg .role-mark > *').length,
                fallback: !!f.querySelector('.atlas-fallback')}))""",
        )

    def close(self):
        self.context.close()


def data_rows(page_url: str, data_url: str) -> int:
    path = urlparse(page_url).path
    local = (SITE / path.lstrip("/") / data_url).resolve()
    return len(json.loads(local.read_text(encoding="utf-8")))


def check_page(browser, url: str, min_charts: int) -> list[dict]:
    visit = Visit(browser, url)
    try:
        charts = visit.wait_for_charts() if min_charts else []
        assert len(charts) >= min_charts, url
        for c in charts:
            assert c["drawn"], f"{url}: chart {c['id']} not drawn"
            assert c["marks"] > 0, f"{url}: chart {c['id']} has no mark items"
            assert not c["fallback"], f"{url}: fallback of {c['id']} not removed"
            if c["data"]:
                assert c["tableRows"] == c["rows"] == data_rows(url, c["data"]), c
        assert visit.errors == [], f"{url}: console errors {visit.errors}"
        assert visit.csp_violations() == [], f"{url}: CSP violations {visit.csp_violations()}"
        assert visit.outside() == [], f"{url}: requests left the machine: {visit.outside()}"
        return charts
    finally:
        visit.close()


def test_home(browser, base):
    check_page(browser, base, 0)


@pytest.mark.parametrize("iso3", ["MEX", "PHL", "IND", "MAR", "TUR"])
def test_country_pages(browser, base, iso3):
    check_page(browser, f"{base}countries/{iso3}/", 10)
    # the corridor charts are on the country's corridors sub-page (the main page links it)
    charts = check_page(browser, f"{base}countries/{iso3}/corridors/", 2)
    ids = {c["id"] for c in charts}
    assert (
        f"chart-countries-{iso3}-origins" in ids and f"chart-countries-{iso3}-destinations" in ids
    )


@pytest.mark.parametrize(
    "indicator", ["remittances_received_pct_gdp", "migrant_stock", "refugees_originating"]
)
def test_indicator_pages(browser, base, indicator):
    check_page(browser, f"{base}indicators/{indicator}/", 2)


def test_map_year_can_be_picked_and_typed(browser, base):
    url = f"{base}indicators/migrant_stock/"
    visit = Visit(browser, url)
    try:
        visit.wait_for_charts()
        fig = "#chart-indicators-migrant_stock-map"
        visit.page.select_option(f"{fig} select.atlas-year", "2000")
        visit.page.wait_for_function(
            f"() => document.querySelector('{fig} .atlas-chart__subtitle').textContent.startsWith('2000')"
        )
        visit.page.wait_for_function(
            f"() => document.querySelector('{fig}').dataset.rows === String({data_rows(url, '../../charts/indicators/migrant_stock/map-2000.json')})"
        )
        rows = visit.page.eval_on_selector(f"{fig} tbody", "b => b.rows.length")
        assert rows == data_rows(url, "../../charts/indicators/migrant_stock/map-2000.json")
        visit.page.fill(f"{fig} input.atlas-year-input", "1995")
        visit.page.dispatch_event(f"{fig} input.atlas-year-input", "change")
        visit.page.wait_for_function(
            f"() => document.querySelector('{fig} .atlas-chart__subtitle').textContent.startsWith('1995')"
        )
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_compare_selection_is_restored_from_the_url(browser, base):
    url = f"{base}compare/?i=migrant_stock_pct_population&j=hdi&c=MEX,PHL&y=2020"
    visit = Visit(browser, url)
    try:
        charts = visit.wait_for_charts()
        assert all(c["drawn"] and c["marks"] > 0 for c in charts)
        page = visit.page
        assert page.input_value("#cmp-indicator") == "migrant_stock_pct_population"
        assert page.input_value("#cmp-second") == "hdi"
        assert page.input_value("#cmp-year") == "2020"
        chosen = page.eval_on_selector(
            "#cmp-countries", "s => Array.from(s.selectedOptions).map(o => o.value)"
        )
        assert sorted(chosen) == ["MEX", "PHL"]
        series = page.eval_on_selector_all(
            "#compare-lines tbody tr td:first-child",
            "tds => [...new Set(tds.map(t => t.textContent))]",
        )
        assert sorted(series) == ["Mexico", "Philippines"]
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


@pytest.mark.parametrize(
    "key",
    ["countries/MEX/stocks", "countries/MEX/cost-to", "indicators/migrant_stock/map"],
)
def test_chart_only_embed_page(browser, base, key):
    """One page shows any chart alone (embed/?chart=<key>), read from the page that shows it:
    drawn, without its table, its title as the page's, nothing asked of another site. The
    address is the one the chart's Share panel gives (a chart on a sub-page names its page)."""
    fid = "chart-" + key.replace("/", "-")
    visit = Visit(browser, f"{base}{FIRST_PAGE[key]}")
    try:
        href = visit.page.get_attribute(f"#{fid} .atlas-share a[href*='embed/']", "href")
        assert href.split("embed/")[1].startswith(f"?chart={key}")
    finally:
        visit.close()
    visit = Visit(browser, f"{base}{href.split('../')[-1]}")
    try:
        visit.page.wait_for_selector(f"figure#{fid}", timeout=60000)
        charts = visit.wait_for_charts()
        assert len(charts) == 1 and charts[0]["drawn"] and charts[0]["marks"] > 0
        assert visit.page.locator(f"#{fid} table").count() == 0
        assert visit.page.title().startswith(visit.page.inner_text(f"#{fid} .atlas-chart__title"))
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


# the page of each embed test's chart
FIRST_PAGE = {
    "countries/MEX/stocks": "countries/MEX/",
    "countries/MEX/cost-to": "countries/MEX/corridors/",
    "indicators/migrant_stock/map": "indicators/migrant_stock/",
}


@pytest.mark.parametrize("key", ["countries/MEX/stocks", "countries/MEX/cost-to"])
def test_an_old_embed_address_still_shows_its_chart(browser, base, key):
    """embed/countries-MEX-stocks.html (the chart-only pages up to release 2026.11.3, named by
    their citations) answers with the 404 page, as static hosts serve it; atlas.js sends it on
    to the one chart-only page, which finds the chart by that name (embed/charts.json)."""
    fid = "chart-" + key.replace("/", "-")
    old = f"{base}embed/{key.replace('/', '-')}.html"
    not_found = (SITE / "404.html").read_text(encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.route(old, lambda r: r.fulfill(status=404, body=not_found, content_type="text/html"))
        page.goto(old, wait_until="load")
        page.wait_for_selector(f"figure#{fid}.is-drawn", timeout=60000)
        assert page.url.startswith(f"{base}embed/?chart={key}")
    finally:
        context.close()


def test_an_embed_address_naming_no_chart_says_so(browser, base):
    visit = Visit(browser, f"{base}embed/?chart=countries/MEX/no-such-chart")
    try:
        visit.page.wait_for_function(
            "() => /could not be read|names no chart/.test(document.body.innerText)"
        )
        assert visit.page.locator("figure.atlas-chart").count() == 0
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_coverage_page(browser, base):
    check_page(browser, f"{base}coverage/", 1)


def test_without_javascript_the_first_chart_has_a_static_fallback_and_tables(browser, base):
    visit = Visit(browser, f"{base}countries/MEX/", javascript=False)
    try:
        first = visit.page.eval_on_selector(
            "figure.atlas-chart", "f => !!f.querySelector('img.atlas-fallback')"
        )
        assert first
        assert (
            visit.page.eval_on_selector_all("figure.atlas-chart table tbody tr", "r => r.length")
            > 50
        )
    finally:
        visit.close()


SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && meta.textContent.trim() === 'Type to start searching';
}"""


def open_search(page) -> None:
    """Open the search dialog and wait until its worker has built the index. Then type with
    key events: Material searches on key presses, so a value merely filled in after the index
    is ready is never searched (the test passed only when the index was still loading)."""
    page.click("label.md-search__icon, .md-search__input")
    page.wait_for_function(SEARCH_READY, timeout=90000)


def test_offline_search_finds_a_country(browser, base):
    visit = Visit(browser, base)
    try:
        page = visit.page
        open_search(page)
        page.locator("input.md-search__input").press_sequentially("Philippines")
        page.wait_for_selector(".md-search-result__item a[href*='countries/PHL']", timeout=60000)
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()
