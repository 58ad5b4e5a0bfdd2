"""The home page's "What's new in this release": the summary is arranged from the committed
changelog (atlas.render.release_figures), checked against the release records read here with
the csv and json modules alone."""

from __future__ import annotations

import csv
import json

from atlas.base import ROOT, current_release
from atlas.render.release_figures import new_indicators, release_news

LOG = {
    "version": "2030.01.1",
    "date": "2030-01-15",
    "previous": "2030.01.0",
    "first_release": False,
    "series": 10,
    "added": [{"indicator_id": "b", "iso3": "MEX"}, {"indicator_id": "a", "iso3": "MEX"}],
    "removed": [{"indicator_id": "a", "iso3": "TON"}],
    "revised": 3,
    "by_indicator": [
        {"indicator_id": "a", "added": 1, "removed": 1, "revised": 3},
        {"indicator_id": "b", "added": 1, "removed": 0, "revised": 0},
        {"indicator_id": "c", "added": 0, "removed": 0, "revised": 0},
    ],
    "sources": {
        "added": ["src-new"],
        "changed": [{"id": "src-old", "vintage_old": "2023", "vintage_new": "2024"}],
        "removed": [],
    },
}
INDICATORS = {"a": {"title_en": "Indicator A"}, "b": {"title_en": "Indicator B"}}
SOURCES = {
    "src-new": {"reader_publisher": "New publisher"},
    "src-old": {"reader_publisher": "Old publisher; New publisher"},
}


def test_counts_and_names_come_from_the_changelog() -> None:
    news = release_news(LOG, {"a", "c"}, INDICATORS, SOURCES)
    assert (news["added"], news["removed"], news["revised"], news["series"]) == (2, 1, 3, 10)
    # only b had no series in the previous release; c added nothing
    assert news["new_indicators"] == [{"id": "b", "title": {"en": "Indicator B"}}]
    assert news["new_sources"] == ["New publisher"]
    assert news["new_vintages"] == ["New publisher", "Old publisher"]
    assert (news["n_new_indicators"], news["more_indicators"]) == (1, 0)
    shorter = release_news(
        {**LOG, "by_indicator": LOG["by_indicator"][:2]}, set(), INDICATORS, SOURCES, shown=1
    )
    assert [i["id"] for i in shorter["new_indicators"]] == ["a"]
    assert (shorter["n_new_indicators"], shorter["more_indicators"]) == (2, 1)
    assert news["previous"] == "2030.01.0"


def test_a_first_release_lists_no_new_indicators_and_no_changelog_gives_none() -> None:
    assert new_indicators({**LOG, "first_release": True}, set()) == []
    assert release_news(None, set(), INDICATORS, SOURCES) is None


def test_the_current_release_summary_matches_its_records() -> None:
    record = current_release()
    folder = ROOT / "releases" / record["version"]
    log = json.loads((folder / "changelog.json").read_text(encoding="utf-8"))
    if log["first_release"]:
        return
    with (ROOT / "releases" / log["previous"] / "manifest.csv").open(encoding="utf-8") as fh:
        before = {r["indicator_id"] for r in csv.DictReader(fh)}
    with (folder / "manifest.csv").open(encoding="utf-8") as fh:
        now = {r["indicator_id"] for r in csv.DictReader(fh)}
    ids = [r["indicator_id"] for r in log["by_indicator"]]
    titles = {i: {"title_en": i.upper()} for i in ids}
    news = release_news(log, before, titles, {})
    # new indicators: in this release's manifest and not in the previous one's
    news = release_news(log, before, titles, {}, shown=len(ids))
    assert {n["id"] for n in news["new_indicators"]} == now - before
    assert news["added"] == sum(r["added"] for r in log["by_indicator"])
    assert news["removed"] == sum(r["removed"] for r in log["by_indicator"])
