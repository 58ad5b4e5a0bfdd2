"""The "Flows and shares" section of country pages (issue 19) in real Chromium: on Mexico's and
the Philippines' pages each of its charts is drawn with visible marks, the remittance corridors
show 2017 beside 2021, and no label has an SI prefix; the people-on-the-move page draws the UN
development-groups chart. Helpers of test_chart_browser."""

from __future__ import annotations

import pytest
from test_browser import CHROMIUM, browser  # noqa: F401 (fixture)
from test_chart_browser import SI_LABEL, SITE, base, drawn_pages  # noqa: F401 (fixture)

PAGES = ["countries/MEX/flows/", "countries/PHL/flows/", "themes/people-on-the-move/"]
SECTION = [
    "south-shares",
    "women-emigrants",
    "refugees-per-100k",
    "net-migration",
    "remittance-senders-years",
    "remittance-receivers-years",
]

pytestmark = pytest.mark.skipif(
    not (SITE / "countries" / "MEX" / "index.html").exists() or not CHROMIUM.exists(),
    reason="needs the built site and Debian's chromium (`make site`)",
)


@pytest.fixture(scope="module")
def seen(browser, base):  # noqa: F811
    return drawn_pages(browser, base, PAGES)


def _charts(seen, path):
    return {c["id"]: c for c in seen[path]["charts"]}


@pytest.mark.parametrize("iso3", ["MEX", "PHL"])
@pytest.mark.parametrize("chart", SECTION)
def test_flows_chart_draws_visible_marks(seen, iso3, chart):
    charts = _charts(seen, f"countries/{iso3}/flows/")
    key = f"chart-countries-{iso3}-{chart}"
    assert key in charts, f"{key} not on the page"
    assert charts[key]["visible"] > 0, f"{key}: no visible mark"
    bad = [lab for lab in charts[key]["labels"] if SI_LABEL.search(lab.strip())]
    assert not bad, f"{key}: SI-prefixed labels {bad}"


@pytest.mark.parametrize("iso3", ["MEX", "PHL"])
def test_remittance_corridors_show_both_years(seen, iso3):
    labels = _charts(seen, f"countries/{iso3}/flows/")[
        f"chart-countries-{iso3}-remittance-senders-years"
    ]
    assert {"2017", "2021"} <= {lab.strip() for lab in labels["labels"]}, labels["labels"]


def test_development_groups_chart_on_the_theme_page(seen):
    charts = _charts(seen, "themes/people-on-the-move/")
    key = "chart-themes-people-on-the-move-development-groups"
    assert key in charts and charts[key]["visible"] > 0
    assert "The South in the UN's terms" in seen["themes/people-on-the-move/"]["text"]


ROOM = """(id) => {
  const svg = document.querySelector(`#${id} .atlas-vega svg`);
  const box = (els) => Array.from(els).map((e) => e.getBoundingClientRect());
  const domain = box(svg.querySelectorAll(".role-axis-domain line, .role-axis-domain path"))
    .filter((r) => r.width > r.height)[0];
  const bars = box(svg.querySelectorAll(".mark-rect.role-mark path"));
  const labels = box(svg.querySelectorAll(".mark-text.role-mark text"));
  return {left: domain.left, right: domain.right, bars: bars.map((r) => r.right),
    labels: labels.filter((r) => r.width > 0).map((r) => r.right)};
}"""


@pytest.mark.parametrize("iso3", ["MEX", "PHL"])
@pytest.mark.parametrize("chart", ["remittance-senders-years", "remittance-receivers-years"])
def test_year_bars_leave_the_room_their_labels_need(browser, base, iso3, chart):  # noqa: F811
    """The x scale reaches as far as the value labels need, no further: every label ends
    inside the plot, and the bar whose label sets the room ends within a label's width of the
    right edge (a fixed 2.2 times the longest bar left twice the room needed on a wide screen)."""
    from test_browser import Visit

    fig = f"chart-countries-{iso3}-{chart}"
    for width in (1366, 360):
        visit = Visit(
            browser,
            f"{base}countries/{iso3}/flows/#{fig}",
            viewport={"width": width, "height": 900},
        )
        try:
            visit.page.wait_for_selector(f"#{fig}.is-drawn .atlas-vega svg", timeout=60000)
            room = visit.page.evaluate(ROOM, fig)
            assert room["labels"] and room["bars"]
            assert max(room["labels"]) <= room["right"] + 2, (width, room)
            # the tightest label ends near the plot's right edge: no room left over
            assert room["right"] - max(room["labels"]) < 0.15 * (room["right"] - room["left"]), (
                width,
                room,
            )
        finally:
            visit.close()
