"""The chart block and page speed, in real Chromium: Chart / Table tabs work by keyboard (the ARIA
tabs pattern); a chart below the fold is not drawn (and Vega not loaded) until it is scrolled to,
then it has visible marks; pages without charts never load Vega; the search index is fetched only
when search opens; an exported SVG carries the footer (source, license, site, URL, version); a
CSV made in the browser for countries a reader picks has the build's columns and rows."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from site_charts import chart_csv, chart_of, csv_text, site_figures
from test_browser import SITE, Visit, base, browser, open_search  # noqa: F401 (fixtures)

from atlas.base import current_release

MEX = "countries/MEX/"
VEGA = re.compile(r"/assets/vendor/vega[-a-z.]*\.js$")
# a chart's data marks painted with a non-zero size
VISIBLE_MARKS = """(f) => Array.from(f.querySelectorAll(".atlas-vega svg .role-mark > *")).filter((el) => {
  const r = el.getBoundingClientRect();
  const paint = (c) => c && c !== "none" && c !== "transparent";
  return (r.width > 0 || r.height > 0) && (paint(el.getAttribute("fill")) || paint(el.getAttribute("stroke")));
}).length"""


def test_chart_and_table_tabs_work_by_keyboard(browser, base):  # noqa: F811
    visit = Visit(browser, base + MEX)
    try:
        page = visit.page
        fig = page.locator("figure.atlas-chart").first
        fid = fig.get_attribute("id")
        chart_tab, table_tab = f"#{fid}-tab-chart", f"#{fid}-tab-table"
        assert page.get_attribute(chart_tab, "aria-selected") == "true"
        assert page.is_hidden(f"#{fid}-table") and page.is_visible(f"#{fid}-chart")
        page.focus(chart_tab)
        page.keyboard.press("ArrowRight")
        assert page.evaluate("() => document.activeElement.id") == f"{fid}-tab-table"
        assert page.get_attribute(table_tab, "aria-selected") == "true"
        assert page.get_attribute(chart_tab, "aria-selected") == "false"
        assert page.is_visible(f"#{fid}-table") and page.is_hidden(f"#{fid}-chart")
        assert page.locator(f"#{fid}-table tbody tr").count() > 0
        # only the selected tab is in the tab order: Tab leaves the tab list for the panel's table
        assert page.get_attribute(chart_tab, "tabindex") == "-1"
        page.keyboard.press("Home")
        assert page.evaluate("() => document.activeElement.id") == f"{fid}-tab-chart"
        assert page.is_visible(f"#{fid}-chart") and page.is_hidden(f"#{fid}-table")
        page.keyboard.press("End")
        assert page.get_attribute(table_tab, "aria-selected") == "true"
        page.keyboard.press("ArrowRight")  # wraps round to the first tab
        assert page.get_attribute(chart_tab, "aria-selected") == "true"
        assert visit.errors == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_the_title_is_said_once(browser, base):  # noqa: F811
    visit = Visit(browser, base + MEX)
    try:
        charts = visit.wait_for_charts()
        assert charts and all(c["drawn"] for c in charts)
        repeated = visit.page.eval_on_selector_all(
            "figure.atlas-chart",
            """figs => figs.filter(f => {
                const title = f.querySelector('.atlas-chart__title').textContent;
                const drawn = Array.from(f.querySelectorAll('.atlas-vega svg .role-title text')).map(t => t.textContent);
                return drawn.length > 0 || drawn.includes(title);
            }).map(f => f.id)""",
        )
        assert repeated == [], f"titles drawn again inside the chart: {repeated}"
        # and the table's caption is for screen readers only
        caption = visit.page.locator("figure.atlas-chart table caption").first
        assert caption.evaluate("c => c.getBoundingClientRect().width") <= 1
    finally:
        visit.close()


def test_a_chart_below_the_fold_is_drawn_only_when_scrolled_to(browser, base):  # noqa: F811
    visit = Visit(browser, base + MEX, viewport={"width": 1280, "height": 900})
    try:
        page = visit.page
        page.wait_for_timeout(1500)
        last = page.locator("figure.atlas-chart").last
        assert last.evaluate("f => f.getBoundingClientRect().top") > 2000
        assert not last.evaluate("f => f.classList.contains('is-drawn')")
        assert last.locator("img.atlas-fallback").count() == 1  # its static SVG meanwhile
        assert page.evaluate("() => typeof window.vega") == "undefined"
        assert not [u for u in visit.requests if VEGA.search(u)], "Vega loaded before any chart"
        last.scroll_into_view_if_needed()
        page.wait_for_function(
            "(f) => f.classList.contains('is-drawn')", arg=last.element_handle(), timeout=60000
        )
        assert last.evaluate(VISIBLE_MARKS) > 0
        assert last.locator("img.atlas-fallback").count() == 0
        # the charts between the top and the last were not all drawn on the way
        assert [u for u in visit.requests if VEGA.search(u)]
        assert visit.errors == [] and visit.csp_violations() == []
    finally:
        visit.close()


@pytest.mark.parametrize("path", ["", "countries/", "about/", "data/", "about/sources/"])
def test_pages_without_charts_load_no_vega(browser, base, path):  # noqa: F811
    visit = Visit(browser, base + path)
    try:
        assert visit.page.locator("figure.atlas-chart").count() == 0
        visit.page.mouse.wheel(0, 600)  # a reader scrolls
        visit.page.wait_for_timeout(800)
        assert not [u for u in visit.requests if VEGA.search(u)], path
        assert visit.page.evaluate("() => typeof window.vega") == "undefined"
    finally:
        visit.close()


def test_search_index_is_fetched_only_when_search_opens(browser, base):  # noqa: F811
    visit = Visit(browser, base + MEX)
    try:
        page = visit.page
        page.wait_for_timeout(2000)
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(500)
        assert not [u for u in visit.requests if "search_index.json" in u]
        open_search(page)
        assert [u for u in visit.requests if "search_index.json" in u]
        page.locator("input.md-search__input").press_sequentially("Philippines")
        page.wait_for_selector(".md-search-result__item a[href*='countries/PHL']", timeout=60000)
        assert visit.errors == [] and visit.csp_violations() == []
    finally:
        visit.close()


def _download(page, fid: str, target: str) -> bytes:
    """Open the chart's Download disclosure (if closed), click `target`, read the file."""
    page.eval_on_selector(f"#{fid} .atlas-downloads", "b => { b.closest('details').open = true; }")
    with page.expect_download(timeout=60000) as got:
        page.click(f"#{fid} {target}")
    return open(got.value.path(), "rb").read()


def _export(page, fid: str, fmt: str) -> bytes:
    return _download(page, fid, f"button.atlas-export[data-format={fmt}]")


def test_exports_carry_a_footer(browser, base):  # noqa: F811
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + MEX, wait_until="load")
        fid = "chart-countries-MEX-stocks"
        svg = _export(page, fid, "svg").decode("utf-8")
        version = current_release()["version"]
        title = page.text_content(f"#{fid} .atlas-chart__title")
        assert svg.startswith("<svg") and title in svg
        assert "Source: United Nations" in svg and "License:" in svg
        assert f"Migration &amp; Development Atlas, version {version}" in svg
        assert "countries/MEX/#chart-countries-MEX-stocks" in svg
        png = _export(page, fid, "png")
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        context.close()


def test_a_csv_made_for_the_countries_picked_has_the_builds_columns(browser, base):  # noqa: F811
    """The indicator page's place picker: the chart's CSV link then downloads the rows shown,
    in the columns of the build's CSV (the default selection gives the build's own rows)."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + "indicators/migrant_stock/", wait_until="load")
        fig = "#chart-indicators-migrant_stock-series"
        built = chart_csv("indicators/migrant_stock/series")
        codes = page.evaluate(
            "() => Array.from(document.querySelector('select.atlas-picker').selectedOptions)"
            ".map((o) => o.value).join(',')"
        )
        # the default selection again, picked through the page address (picker.js)
        page.goto(base + "indicators/migrant_stock/?c=" + codes, wait_until="load")
        page.wait_for_function(
            f"() => document.querySelector('{fig} .atlas-downloads a[data-csv]')", timeout=60000
        )
        shown = _download(page, fig[1:], ".atlas-downloads a[data-csv]").decode("utf-8")
        b_rows = list(csv.DictReader(io.StringIO(built)))
        s_rows = list(csv.DictReader(io.StringIO(shown)))
        assert set(b_rows[0]) == set(s_rows[0])
        assert list(s_rows[0])[:2] == ["entity", "code"]
        key = lambda r: (r["code"], r["year"])  # noqa: E731
        assert sorted(b_rows, key=key) == sorted(s_rows, key=key)
    finally:
        context.close()


def test_every_chart_csv_names_entity_code_year_unit_and_source():
    """Over every chart of the site (not a sample): its CSV as the writer writes it from the
    chart's JSON and its figure (the browser's twin, `csvText`, is compared with it in
    tests/test_chart_csv_browser.py)."""
    charts = {f: d for f, d in site_figures().items() if d[0].get("data")}
    assert len(charts) > 1000
    bad = []
    for fid, (data, fields, _) in sorted(charts.items()):
        rows = json.loads((SITE / data["data"].split("../")[-1]).read_text(encoding="utf-8"))
        reader = csv.DictReader(io.StringIO(csv_text(chart_of(data, fields, rows), rows)))
        names = reader.fieldnames or []
        table = list(reader)
        missing = {"entity", "code", "year", "unit", "source", "license"} - set(names)
        empty = [r for r in table if not r["entity"] or not r["source"]]
        if missing or names[:2] != ["entity", "code"] or empty:
            bad.append((fid, sorted(missing), len(empty)))
    assert not bad, bad[:10]
