"""The data behind the "Flows and shares" charts of country pages (issue 19), recomputed from the
package with the csv module: each remittance corridor's 2017 and 2021 estimates and the top
partners' order, and the South–South shares in percent."""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest

from atlas.base import ROOT

CHARTS = ROOT / "site" / "charts" / "countries"

pytestmark = pytest.mark.skipif(
    not (CHARTS / "MEX" / "south-shares.json").exists(), reason="needs the built site"
)


def _rows(package_root, name):
    with open(package_root / "data" / f"{name}.csv", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _chart(iso3, key):
    return json.loads((CHARTS / iso3 / f"{key}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def countries(package_root):
    return {r["iso3"] for r in _rows(package_root, "countries") if r["kind"] == "country"}


@pytest.mark.parametrize("iso3", ["MEX", "PHL", "IND"])
@pytest.mark.parametrize(
    ("key", "side"), [("remittance-senders-years", "to"), ("remittance-receivers-years", "from")]
)
def test_remittance_corridors_two_years(package_root, countries, iso3, key, side):
    here, there = ("to_iso3", "from_iso3") if side == "to" else ("from_iso3", "to_iso3")
    est = defaultdict(dict)
    for r in _rows(package_root, "bilateral"):
        if r["measure"] == "remittances" and r[here] == iso3 and r[there] in countries:
            est[r[there]][int(r["year"])] = float(r["value"])
    ranked = sorted(est, key=lambda p: (-est[p].get(2021, 0), -est[p].get(2017, 0), p))
    ranked = [p for p in ranked if sum(est[p].values()) > 0][:10]
    got = _chart(iso3, key)
    assert list(dict.fromkeys(r["partner_iso3"] for r in got)) == ranked
    for r in got:
        assert r["value"] == pytest.approx(est[r["partner_iso3"]][r["year"]], rel=1e-12)
    # a corridor with both years shows both bars; KNOMAD's two matrices for the country
    assert {r["year"] for r in got} == {2017, 2021}


@pytest.mark.parametrize("iso3", ["MEX", "PHL"])
def test_south_shares_in_percent(package_root, iso3):
    published = {
        int(r["year"]): r
        for r in _rows(package_root, "south_south_countries")
        if r["iso3"] == iso3 and r["sex"] == "total"
    }
    got = _chart(iso3, "south-shares")
    assert len(got) == 2 * len(published)
    for r in got:
        column = "emigrants" if r["series"].startswith("Emigrants") else "immigrants"
        row = published[r["year"]]
        share = float(row[f"{column}_non_high"]) / float(row[column]) * 100
        assert r["value"] == pytest.approx(share, rel=1e-9)
