"""Acceptance tests of the Global Index, second edition (issue 21, Part 2), written before the
work: they fail on the first edition and are marked xfail until Part 2 lands (not strict, so
that other work on the index is not blocked; an unexpected pass is reported as XPASS: then
drop the marker).

- Separation: on every dimension, at most 25 % of scored countries lie within 5 points of the
  dimension's maximum (the first edition's human cost: 72 %).
- Trend: four editions, 2010, 2015, 2020 and 2025, computed with the same rules.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.package
PART2 = "issue 21 Part 2 (Global Index second edition) is not done yet"


@pytest.fixture(scope="module")
def index(tables):
    frame = tables["index"]
    return frame[frame["status"] == "scored"].assign(score=lambda f: f["score"].astype(float))


@pytest.mark.xfail(strict=False, reason=PART2)
def test_every_dimension_separates_countries(index):
    latest = index[index["edition"] == index["edition"].max()]
    crowded = {}
    for dim, g in latest[latest["dimension"] != "index"].groupby("dimension"):
        share = float((g["score"] >= g["score"].max() - 5).mean())
        if share > 0.25:
            crowded[dim] = round(share, 3)
    assert crowded == {}, (
        f"dimensions with > 25 % of countries within 5 points of the max: {crowded}"
    )


@pytest.mark.xfail(strict=False, reason=PART2)
def test_four_editions_are_published(index):
    assert sorted(set(index["edition"].astype(int))) == [2010, 2015, 2020, 2025]
