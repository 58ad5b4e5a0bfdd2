"""The SDG tracker in real Chromium (issue 20): every chart of /sdg/ and of each target page
draws visible marks (the helpers of test_chart_browser: painted, non-zero marks, not only mark
elements), no NaN, no SI prefix, maps with every country shape; the 10.c page draws its target
lines; a country page's "SDG migration targets" section has a row per indicator, values with
their year or "not reported"."""

from __future__ import annotations

import re

import pytest
import yaml
from test_browser import browser  # noqa: F401 (fixture)
from test_chart_browser import SI_LABEL, SITE, base, drawn_pages, world_shapes  # noqa: F401

from atlas.base import ROOT

TARGETS = yaml.safe_load((ROOT / "metadata" / "sdg_targets.yaml").read_text(encoding="utf-8"))
PAGES = ["sdg/"] + [f"sdg/{t['slug']}/" for t in TARGETS["targets"]]

pytestmark = pytest.mark.skipif(
    not (SITE / "sdg" / "index.html").exists(), reason="needs the built site (`make site`)"
)


@pytest.fixture(scope="module")
def seen(browser, base):  # noqa: F811
    return drawn_pages(browser, base, PAGES)


def test_every_target_page_has_charts_and_every_chart_shows_marks(seen):
    for path, got in seen.items():
        assert got["figures"] >= 1, path
        assert got["figures"] == len(got["charts"]), f"{path}: figures not drawn"
    blank = [f"{p} {c['id']}" for p, g in seen.items() for c in g["charts"] if c["visible"] == 0]
    assert not blank, f"charts without a visible mark: {blank}"
    assert sum(len(g["charts"]) for g in seen.values()) >= 25


def test_no_nan_and_no_si_prefix(seen):
    assert not [p for p, g in seen.items() if re.search(r"\bNaN\b", g["text"])]
    bad = [
        f"{p} {c['id']}: {label}"
        for p, g in seen.items()
        for c in g["charts"]
        for label in c["labels"]
        if SI_LABEL.search(label.strip())
    ]
    assert not bad, bad


def test_maps_draw_every_country_shape(seen):
    maps = [(p, c) for p, g in seen.items() for c in g["charts"] if c["kind"] == "map"]
    assert len(maps) >= 8
    world = world_shapes()
    assert not [f"{p} {c['id']}" for p, c in maps if c["shapes"] < world]


def test_the_10c_page_draws_its_targets(seen):
    got = seen["sdg/10-c/"]
    kinds = [c["kind"] for c in got["charts"]]
    assert kinds.count("targetlines") == 2 and "map" in kinds
    assert "SDG target: average cost below 3 %" in got["text"]
    assert "SDG target: no corridor above 5 %" in got["text"]


def test_the_tracker_names_each_target_and_what_is_not_measured(seen):
    text = seen["sdg/"]["text"]
    for t in TARGETS["targets"]:
        assert f"{t['id']} {t['title']['en']}" in text
    assert text.count("What no series measures yet") == len(TARGETS["targets"])
    assert "no aggregate published" in text  # 16.2.2 and 8.8.1 have no World value


def test_country_page_has_its_sdg_section(browser, base):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "countries/MEX/sdg/", wait_until="load")
    table = page.locator("h2#sdg + p + div table")
    rows = table.locator("tbody tr")
    assert rows.count() >= 15
    text = table.inner_text()
    assert "not reported" in text  # e.g. 10.7.1: two countries only
    assert re.search(r"Cost of sending remittances to the country.*\d %\s+20\d\d", text)
    assert "the 3 % target" in text
    assert "16.2.2" in text and "Detected victims of human trafficking" in text
    page.close()
