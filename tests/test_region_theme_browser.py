"""Region, theme and five-countries pages in real Chromium: every chart draws visible marks, no
axis or legend label has an SI prefix, and no "NaN" shows (helpers of test_chart_browser)."""

from __future__ import annotations

import pytest
from test_browser import CHROMIUM, browser  # noqa: F401 (fixture)
from test_chart_browser import SI_LABEL, SITE, base, drawn_pages  # noqa: F401 (fixture)

PAGES = [
    "regions/UN-419/",
    "regions/UN-AFR/",
    "regions/UN-013/",
    "regions/UN-057/",
    "themes/five-countries/",
    "themes/people-on-the-move/",
    "themes/money-sent-home/",
    "themes/forced-from-home/",
    "themes/human-cost/",
    "themes/rights-on-paper/",
    "themes/ageing/",
    "themes/latin-america/",
    "countries/MEX/",
    "countries/MEX/corridors/",
    "countries/MEX/flows/",
    "countries/USA/corridors/",
]

pytestmark = pytest.mark.skipif(
    not (SITE / "regions" / "UN-419" / "index.html").exists() or not CHROMIUM.exists(),
    reason="needs the built site and Debian's chromium (`make site`)",
)


@pytest.fixture(scope="module")
def seen(browser, base):  # noqa: F811
    return drawn_pages(browser, base, PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_every_chart_has_visible_marks(seen, path):
    got = seen[path]
    assert got["figures"] >= 1, f"{path}: no chart"
    assert len(got["charts"]) == got["figures"], f"{path}: a figure was not drawn"
    blank = [c["id"] for c in got["charts"] if c["visible"] == 0]
    assert not blank, f"{path}: charts without a visible mark: {blank}"


@pytest.mark.parametrize("path", PAGES)
def test_no_si_prefix_and_no_nan(seen, path):
    labels = [lab for c in seen[path]["charts"] for lab in c["labels"]]
    assert not [lab for lab in labels if SI_LABEL.search(lab.strip())]
    assert "NaN" not in seen[path]["text"]


def test_corridor_cost_charts_on_country_pages(seen):
    # on each country's corridors sub-page (the main page links it)
    mex = [c["id"] for c in seen["countries/MEX/corridors/"]["charts"]]
    assert "chart-countries-MEX-cost-to" in mex
    flows = [c["id"] for c in seen["countries/MEX/flows/"]["charts"]]
    assert "chart-countries-MEX-remittance-senders-years" in flows
    usa = seen["countries/USA/corridors/"]["charts"]
    assert "chart-countries-USA-cost-from" in [c["id"] for c in usa]


def test_forced_from_home_states_the_2016_reconciliation():
    html = (SITE / "themes" / "forced-from-home" / "index.html").read_text(encoding="utf-8")
    assert "17,184,286 + 5,340,443 = 22,524,729" in html


def test_region_pages_reachable_from_countries_and_country_pages():
    assert 'href="../regions/"' in (SITE / "countries" / "index.html").read_text(encoding="utf-8")
    mex = (SITE / "countries" / "MEX" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../regions/UN-419/"' in mex and 'href="../../regions/UN-013/"' in mex


def test_new_pages_in_sitemap_and_search():
    sitemap = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    search = (SITE / "search" / "search_index.json").read_text(encoding="utf-8")
    for path in (
        "regions/UN-419/",
        "regions/UN-057/",
        "themes/five-countries/",
        "themes/human-cost/",
        "themes/rights-on-paper/",
        "themes/ageing/",
        "themes/latin-america/",
    ):
        assert path in sitemap, path
        assert path in search, path


@pytest.mark.parametrize(
    "path,count",
    [("themes/rights-on-paper/", 4), ("themes/ageing/", 3), ("themes/latin-america/", 3)],
)
def test_new_theme_pages_draw_all_their_charts(seen, path, count):
    assert seen[path]["figures"] == count, path
