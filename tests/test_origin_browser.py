"""The "Origin costs" theme page and a country's section in real Chromium (issue 21): every
chart is drawn with visible marks (items of non-zero size) at a laptop's and a phone's width,
every experimental chart says so in its title, and the pages pass check_page (no console
error, no CSP violation, nothing leaves the machine, tables match the data files)."""

from __future__ import annotations

import pytest
import yaml
from test_browser import ROOT, Visit, base, browser, check_page  # noqa: F401 (fixtures)

WIDTHS = [1366, 360]
# per chart: its id, title, and how many mark items have a non-zero box
VISIBLE = """sel => Array.from(document.querySelectorAll(sel)).map(f => ({
  id: f.id, title: f.querySelector('.atlas-chart__title').textContent,
  kind: f.dataset.kind, drawn: f.classList.contains('is-drawn'),
  visible: Array.from(f.querySelectorAll('.atlas-vega svg .role-mark > *')).filter(m => {
    const b = m.getBBox ? m.getBBox() : {width: 0, height: 0};
    return b.width > 0.5 || b.height > 0.5; }).length}))"""
PAGES = {
    "themes/origin-costs/": ("figure.atlas-chart", 10),
    # the origin costs of a country are on its sub-page (the main page links it)
    "countries/MEX/origin-costs/": ("figure.atlas-chart[id^='chart-countries-MEX-origin']", 10),
}


def test_theme_page_passes_the_page_checks(browser, base):  # noqa: F811
    check_page(browser, base + "themes/origin-costs/", min_charts=10)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", list(PAGES))
def test_every_origin_chart_has_visible_marks(browser, base, path, width):  # noqa: F811
    selector, at_least = PAGES[path]
    visit = Visit(browser, base + path, viewport={"width": width, "height": 900})
    try:
        visit.wait_for_charts()
        charts = visit.page.evaluate(VISIBLE, selector)
        assert len(charts) >= at_least, f"{path}: {len(charts)} origin charts"
        for c in charts:
            assert c["drawn"], f"{path} at {width}px: {c['id']} not drawn"
            assert c["visible"] > 0, f"{path} at {width}px: {c['id']} has no visible mark"
            if "estimate" in c["id"]:
                assert c["title"].startswith("Experimental"), c
        assert visit.errors == [], visit.errors
    finally:
        visit.close()


def test_methodology_page_states_every_assumption(browser, base):  # noqa: F811
    est = yaml.safe_load((ROOT / "metadata" / "origin_costs.yaml").read_text("utf-8"))["estimate"]
    visit = Visit(browser, base + "themes/origin-costs/methodology/")
    try:
        text = visit.page.inner_text("article")
        assert "experimental" in text.lower()
        for a in est["assumptions"]:
            assert a["en"].split(":")[0][:40] in text, a["id"]
        for name in est["variants"]:
            assert est["indicators"][name], name
    finally:
        visit.close()
