"""Country pages that read well and load fast on a phone (issue 18): key figures and the main
charts on the page, the corridors, origin costs and SDG targets on sub-pages it links; every
chart of a country reachable from its pages, in search and in the sitemap; no layout shift as
a reader scrolls (charts far off screen reserve their real height); the world map readable on a
phone."""

from __future__ import annotations

import json
import re

import pytest
from test_browser import SITE, Visit, base, browser  # noqa: F401 (fixtures)

SUB_PAGES = ["corridors", "flows", "origin-costs", "sdg"]
# the main page of Mexico, every chart drawn (it was 22,942 px at 1366 px with the sub-pages'
# sections on it, 13,199 px before they were added)
MAX_HEIGHT = {1366: 14_000, 360: 17_000}
FIGURE_ID = re.compile(r'<figure class="atlas-chart" id="chart-countries-([A-Z0-9]+)-([^"]+)"')

pytestmark = pytest.mark.skipif(
    not (SITE / "countries" / "MEX" / "corridors" / "index.html").exists(),
    reason="needs the built site (`make site`)",
)


def country_codes() -> list[str]:
    return sorted(p.parent.name for p in (SITE / "countries").glob("*/index.html"))


def test_every_country_chart_is_on_one_of_its_pages():
    """Each chart file of a country (charts/countries/<iso3>/) is a figure on the country's page
    or one of its sub-pages, once; each sub-page is linked from the main page."""
    missing, twice, unlinked = {}, {}, {}
    for iso3 in country_codes():
        folder = SITE / "countries" / iso3
        html = (folder / "index.html").read_text(encoding="utf-8")
        unlinked[iso3] = [s for s in SUB_PAGES if f'href="../../countries/{iso3}/{s}/"' not in html]
        for s in SUB_PAGES:
            html += (folder / s / "index.html").read_text(encoding="utf-8")
        shown = [key for code, key in FIGURE_ID.findall(html) if code == iso3]
        charts = SITE / "charts" / "countries" / iso3
        files = {
            p.relative_to(charts).as_posix().removesuffix(".json").replace("/", "-")
            for p in charts.rglob("*.json")
        }
        missing[iso3] = sorted(files - set(shown))
        twice[iso3] = sorted({k for k in shown if shown.count(k) > 1})
    assert len(unlinked) > 200
    assert not {k: v for k, v in unlinked.items() if v}, "sub-pages not linked"
    assert not {k: v for k, v in missing.items() if v}, "charts on no page"
    assert not {k: v for k, v in twice.items() if v}, "charts on two pages"


def test_sub_pages_in_sitemap_and_search():
    sitemap = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    search = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in search["docs"]}
    for iso3 in ("MEX", "TON", "DEU"):
        for s in SUB_PAGES:
            assert f"countries/{iso3}/{s}/</loc>" in sitemap
            assert f"countries/{iso3}/{s}/" in locations
    titles = {d["title"] for d in search["docs"]}
    assert "Mexico: corridors" in titles


# a reader scrolling down the page 400 px at a time; the layout shift on the way (Lighthouse's
# CLS: shifts right after an input aside), every chart drawn as it comes near
SCROLL_AND_SHIFT = """async () => {
  let shift = 0;
  new PerformanceObserver((l) => l.getEntries().forEach((e) => {
    if (!e.hadRecentInput) shift += e.value; })).observe({ type: "layout-shift", buffered: true });
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let y = 0; y < document.body.scrollHeight; y += 400) {
    window.scrollTo(0, y); await frame(); await new Promise((r) => setTimeout(r, 60));
  }
  await new Promise((r) => setTimeout(r, 1500));
  return shift;
}"""


@pytest.mark.parametrize("width", [1366, 360])
@pytest.mark.parametrize("path", ["index/", "countries/TON/", "indicators/hdi/"])
def test_no_layout_shift_while_scrolling(browser, base, path, width):  # noqa: F811
    visit = Visit(browser, base + path, viewport={"width": width, "height": 800})
    try:
        shift = visit.page.evaluate(SCROLL_AND_SHIFT)
        assert shift < 0.1, f"{path} at {width}px: cumulative layout shift {shift:.3f}"
    finally:
        visit.close()


@pytest.mark.parametrize("width", [1366, 360])
def test_country_page_is_short_and_does_not_shift(browser, base, width):  # noqa: F811
    """Mexico's page, every chart drawn as a reader scrolls down it: no taller than the limit,
    and no layout shift on the way; a click lands where it was aimed."""
    visit = Visit(browser, base + "countries/MEX/", viewport={"width": width, "height": 800})
    try:
        page = visit.page
        shift = page.evaluate(SCROLL_AND_SHIFT)
        assert shift < 0.1, f"{width}px: cumulative layout shift {shift:.3f}"
        visit.wait_for_charts()
        height = page.evaluate("() => document.documentElement.scrollHeight")
        assert height <= MAX_HEIGHT[width], f"{width}px: page is {height} px tall"
        # a mouse click on a link far down the page lands on it
        page.click("a[href$='countries/MEX/sdg/']")
        page.wait_for_url(re.compile(r"countries/MEX/sdg/$"))
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_world_map_is_readable_on_a_phone(browser, base):  # noqa: F811
    """At 360 px the index map is drawn 640 px wide in a view that scrolls sideways (and
    takes the keyboard focus for that), not shrunk to the screen."""
    visit = Visit(browser, base + "index/", viewport={"width": 360, "height": 800})
    try:
        page = visit.page
        view = page.locator("figure[data-kind=map] .atlas-chart__view").first
        view.scroll_into_view_if_needed()
        page.wait_for_selector("figure[data-kind=map].is-drawn", timeout=60000)
        size = view.evaluate(
            "v => ({view: v.clientWidth, map: v.querySelector('svg').getBoundingClientRect().width,"
            " scroll: v.scrollWidth, tab: v.tabIndex})"
        )
        assert size["map"] >= 600 and size["view"] < 360, size
        assert size["scroll"] > size["view"] and size["tab"] == 0, size
    finally:
        visit.close()
