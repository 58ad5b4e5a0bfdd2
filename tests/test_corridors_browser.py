"""The corridor explorer (/corridors/) in real Chromium: the page address restores the corridor
(?from=MEX&to=USA), every chart shown has visible marks once scrolled into view, the tables hold
the values of the build's files (the page only picks them), one end alone shows its partners,
a corridor without an estimate says so (never a 0), the CSV follows what is shown, no request
leaves the machine, and axe finds nothing; the country page shows the income gap chart."""

from __future__ import annotations

import json

import pytest
from test_accessibility import AXE, axe_violations
from test_browser import SITE, Visit, base, browser  # noqa: F401 (fixtures)
from test_chart_browser import CHARTS
from test_pickers_browser import chips, type_and_pick

pytestmark = pytest.mark.skipif(
    not (SITE / "corridors" / "index.html").exists(), reason="needs the built site (`make site`)"
)

SHOWN = """() => Array.from(document.querySelectorAll("figure.atlas-corridor-chart:not([hidden])"))
  .map((f) => ({id: f.id, missing: !f.querySelector(".atlas-corridor-missing").hidden,
    drawn: f.classList.contains("is-drawn"), rows: f.querySelector("tbody").rows.length}))"""

SCROLL_EACH = """async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (const f of document.querySelectorAll("figure.atlas-corridor-chart:not([hidden])")) {
    f.scrollIntoView(); await frame(); }
  window.scrollTo(0, 0);
}"""


def ready(page) -> None:
    page.wait_for_selector("#corridors[data-ready=true]", timeout=30000)
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll("figure.atlas-corridor-chart:not([hidden])"))
            .every((f) => f.classList.contains("is-drawn")
              || !f.querySelector(".atlas-corridor-missing").hidden)""",
        timeout=60000,
    )
    page.evaluate(SCROLL_EACH)


def corridor_file(iso3: str) -> dict:
    return json.loads((SITE / "charts" / "corridors" / f"{iso3}.json").read_text(encoding="utf-8"))


def test_address_restores_the_corridor_and_every_chart_draws(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}corridors/?from=MEX&to=USA")
    try:
        page = visit.page
        ready(page)
        assert chips(page, "cor-from") == ["MEX"] and chips(page, "cor-to") == ["USA"]
        shown = page.evaluate(SHOWN)
        assert [s["id"] for s in shown] == [
            "corridor-stock-pair",
            "corridor-remittances-pair",
            "corridor-cost-pair",
            "corridor-refugees-pair",
        ]
        assert all(s["drawn"] and not s["missing"] for s in shown), shown
        marks = {c["id"]: c["visible"] for c in page.evaluate(CHARTS)}
        assert all(marks[s["id"]] > 0 for s in shown), marks
        # the stock table holds the build's values: women, men and both, each year
        entry = corridor_file("MEX")["origin"]["USA"]
        assert page.locator("#corridor-stock-pair tbody tr").count() == 3 * len(entry["s"])
        last = entry["s"][-1]
        cells = page.eval_on_selector_all(
            "#corridor-stock-pair tbody td", "tds => tds.map(t => t.textContent)"
        )
        assert f"{last[1]:,}" in cells and f"{last[2]:,}" in cells
        # remittances: the two KNOMAD years side by side
        assert page.locator("#corridor-remittances-pair tbody tr").count() == sum(
            v is not None for v in entry["r"]
        )
        # the income gap, in words, from the build's numbers
        gap = page.locator("#corridor-gap-text").inner_text()
        assert f"{entry['g'][0]:.2f}" in gap and "Mexico" in gap
        # the CSV link downloads the rows shown
        href = page.get_attribute("#corridor-cost-pair a[data-csv]", "href")
        assert href.startswith("blob:")
        assert visit.errors == [] and visit.csp_violations() == []
        assert visit.outside() == [], visit.outside()
    finally:
        visit.close()


def test_one_end_shows_its_partners_and_the_address_follows(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}corridors/?from=PHL")
    try:
        page = visit.page
        ready(page)
        shown = page.evaluate(SHOWN)
        assert all(s["id"].endswith("-partners") for s in shown) and len(shown) == 4
        marks = {c["id"]: c["visible"] for c in page.evaluate(CHARTS)}
        assert all(marks.get(s["id"], 0) > 0 for s in shown if not s["missing"]), marks
        top = corridor_file("PHL")["top"]["origin"]["stock"]["partners"]
        first = page.locator("#corridor-stock-partners tbody tr td").first.inner_text()
        assert first == page.evaluate(
            "c => document.querySelector(`#cor-from option[value='${c}']`).textContent", top[0][0]
        )
        # pick a destination by typing: the page becomes that corridor, kept in the address
        type_and_pick(page, "cor-to", "Saudi", "SAU")
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('to') === 'SAU'", timeout=10000
        )
        ready(page)
        assert all(s["id"].endswith("-pair") for s in page.evaluate(SHOWN))
        # swap: the other direction of the corridor
        page.click("#cor-swap")
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('from') === 'SAU'", timeout=10000
        )
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_missing_is_said_never_drawn_as_zero(browser, base):  # noqa: F811
    """A corridor the sources do not cover: each chart says there is no estimate and draws
    nothing (no bar or line at 0)."""
    files = corridor_file("TUV")
    partner = next(p for p in sorted(corridor_file("ISL")["origin"]) if p not in files["origin"])
    visit = Visit(browser, f"{base}corridors/?from=TUV&to={partner}")
    try:
        page = visit.page
        ready(page)
        shown = page.evaluate(SHOWN)
        assert shown and all(s["missing"] and s["rows"] == 0 for s in shown), shown
        assert "No estimate for this corridor" in page.inner_text("main")
    finally:
        visit.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by `npm ci`")
@pytest.mark.parametrize("query", ["?from=MEX&to=USA", "?to=DEU"])
def test_axe_finds_no_violation(browser, base, query):  # noqa: F811
    visit = Visit(browser, f"{base}corridors/{query}", bypass_csp=True)
    try:
        ready(visit.page)
        violations = axe_violations(visit)
        assert violations == [], violations
    finally:
        visit.close()


def test_country_page_shows_the_income_gap(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}countries/MEX/")
    try:
        page = visit.page
        fig = page.locator("#chart-countries-MEX-income-gap")
        assert fig.count() == 1
        fig.scroll_into_view_if_needed()
        page.wait_for_selector("#chart-countries-MEX-income-gap.is-drawn", timeout=60000)
        marks = {c["id"]: c["visible"] for c in page.evaluate(CHARTS)}
        assert marks["chart-countries-MEX-income-gap"] > 0
        assert "corridors/?from=MEX" in page.inner_html("main")
    finally:
        visit.close()


def test_remittance_dots_keep_each_place_on_one_line(browser, base):  # noqa: F811
    """One end's remittance partners (one row of dots each, 22 px apart): a long name goes by
    its short name on the axis, so no label breaks into two lines that crowd the next row; the
    table keeps the full name."""
    visit = Visit(browser, f"{base}corridors/?from=PHL")
    try:
        page = visit.page
        ready(page)
        fig = "#corridor-remittances-partners"
        lines = page.eval_on_selector_all(
            f"{fig} .atlas-vega svg .role-axis-label text",
            "ts => ts.map(t => Math.max(1, t.querySelectorAll('tspan').length))",
        )
        assert lines and max(lines) == 1, lines
        shown = page.eval_on_selector_all(
            f"{fig} tbody tr td:first-child", "tds => tds.map(t => t.textContent)"
        )
        long_names = [n for n in shown if len(n) > 24]
        assert long_names, "PHL's partners include long names (United Kingdom of …)"
    finally:
        visit.close()
