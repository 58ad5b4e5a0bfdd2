"""Accessibility in real Chromium: axe-core (npm, self-hosted) finds no violation at any impact
level on pages of every kind, with every rule on and nothing excluded; every chart has a text
alternative and a data table; the keyboard reaches every control of a country page.

axe is injected as a script, which the page's Content-Security-Policy rightly refuses: the axe
pass runs in a context that bypasses CSP (the CSP pass in test_browser.py does not).
"""

from __future__ import annotations

import pytest
from test_browser import ROOT, Visit, base, browser  # noqa: F401 (fixtures)

from atlas.base import release_records

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Pages checked, by path under the site root: extend the list when a page kind is added.
AXE_PAGES = [
    "",
    # Spanish and French samples (issue #22): the translated page kinds
    "es/",
    "fr/",
    "es/countries/",
    "fr/countries/",
    "es/data/",
    "es/about/sources/",
    f"es/releases/{release_records()[-1]['version']}/",
    "es/countries/MEX/",  # a chart page in Spanish
    "fr/countries/MAR/corridors/",
    "es/indicators/hdi/",  # issue 22g: indicator, compare and coverage pages in es/fr
    "fr/compare/",
    "fr/coverage/",
    "es/index/",  # the Global Index, explorer, SDG and sub-pages in es/fr (this stop)
    "fr/index/methodology/",
    "fr/corridors/",
    "es/sdg/10-c/",
    "es/countries/MEX/flows/",
    "fr/countries/MAR/origin-costs/",
    "es/themes/origin-costs/",  # issue-22k: the origin-costs theme in es/fr
    "fr/themes/origin-costs/methodology/",
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
    "indicators/remittances_received_pct_gdp/",
    "indicators/refugees_originating/",
    "compare/",
    "coverage/",
    "index/",
    "index/methodology/",
    "releases/",
    "themes/origin-costs/",
    "themes/origin-costs/methodology/",
    "sdg/",
    "sdg/10-c/",
    "sdg/16-2/",
    "regions/",
    "regions/UN-419/",
    "themes/",
    "themes/people-on-the-move/",
    "themes/five-countries/",
    "themes/human-cost/",
    "themes/rights-on-paper/",
    "themes/ageing/",
    "themes/latin-america/",
]

pytestmark = pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by `npm ci`")


def axe_violations(visit: Visit) -> list[dict]:
    """axe's violations of the page at rest, every rule on, the whole document. Transitions
    still running (Material fades its tabs out when the page scrolls) are finished first:
    axe measures colours as drawn, and a tab caught half-faded fails contrast at random."""
    visit.page.add_script_tag(path=str(AXE))
    return visit.page.evaluate(
        """async () => {
            document.getAnimations().forEach(a => { try { a.finish(); } catch (e) { a.cancel(); } });
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
        }"""
    )


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_violation(browser, base, path):  # noqa: F811
    visit = Visit(browser, base + path, bypass_csp=True)
    try:
        if visit.page.query_selector("figure.atlas-chart"):
            visit.wait_for_charts()
        violations = axe_violations(visit)
        assert violations == [], f"/{path}: {len(violations)} axe rules violated: {violations}"
    finally:
        visit.close()


@pytest.mark.parametrize("path", ["countries/MEX/", "indicators/migrant_stock/", "coverage/"])
def test_every_chart_has_a_text_alternative_and_a_data_table(browser, base, path):  # noqa: F811
    visit = Visit(browser, base + path)
    try:
        charts = visit.page.eval_on_selector_all(
            "figure.atlas-chart",
            """figs => figs.map(f => ({id: f.id,
                alt: (f.querySelector('.atlas-chart__view[role=img]') || {}).ariaLabel || '',
                table: f.querySelectorAll('table tbody tr').length,
                caption: (f.querySelector('table caption') || {}).textContent || ''}))""",
        )
        assert charts
        for c in charts:
            assert len(c["alt"]) > 20, c
            assert c["table"] > 0 and c["caption"], c
        assert visit.page.get_attribute("html", "lang") == "en"
    finally:
        visit.close()


# Every control a keyboard user must reach (content of a closed <details> is reached once its
# summary, itself a control, opens it), numbered in the page (data-kbd) so that focus can be
# matched to it; described by its opening tag for the failure message.
CONTROLS = """() => Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
  .filter(e => !e.disabled && !e.closest('[hidden]') && !e.closest('details:not([open]) > :not(summary)') && e.getAttribute('tabindex') !== '-1' && e.getClientRects().length > 0
          && getComputedStyle(e).visibility !== 'hidden')
  .map((e, i) => { e.dataset.kbd = String(i); return e.outerHTML.slice(0, 100); })"""
RECORD_FOCUS = """() => { window.__reached = new Set();
  document.addEventListener('focusin', e => window.__reached.add(e.target.dataset.kbd)); }"""


def test_keyboard_reaches_every_control_of_a_country_page(browser, base):  # noqa: F811
    visit = Visit(browser, base + "countries/MEX/")
    try:
        page = visit.page
        visit.wait_for_charts()
        wanted = page.evaluate(CONTROLS)
        # per chart: its selected tab and its Download, Share and Cite disclosures (what they
        # hold is reached once opened; the Table tab with the arrow keys, tests/test_chart_block)
        assert len(wanted) > 60
        page.evaluate(RECORD_FOCUS)
        # each <summary> (one "Cite this chart" per chart) is a Tab stop CONTROLS does not number
        summaries = page.evaluate("() => document.querySelectorAll('summary').length")
        for _ in range(len(wanted) + summaries + 20):
            page.keyboard.press("Tab")
        reached = set(page.evaluate("() => Array.from(window.__reached)"))
        missing = [c for i, c in enumerate(wanted) if str(i) not in reached]
        assert missing == [], f"{len(missing)} controls never reached with Tab: {missing[:10]}"
        # focus is visible: the focused element draws an outline (Material and atlas.css)
        page.eval_on_selector(
            "figure.atlas-chart .atlas-downloads", "b => { b.closest('details').open = true; }"
        )
        page.focus("figure.atlas-chart .atlas-export")
        outline = page.eval_on_selector(
            "figure.atlas-chart .atlas-export", "e => getComputedStyle(e).outlineStyle"
        )
        assert outline != "none"
    finally:
        visit.close()
