"""The arrangements of the country-page flows section and the UN development groups
(atlas/render/flow_figures.py, atlas/flows.py) on small hand-made tables: ranks, missing years,
percent, and the group rules."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.flows import development_groups
from atlas.render.flow_figures import development_facts, remittance_years, south_shares

KINDS = {"MEX": "country", "USA": "country", "CAN": "country", "ESP": "country", "OOO": "other"}


def _remittances(rows):
    return pd.DataFrame(
        [
            {
                "measure": "remittances",
                "from_iso3": f,
                "to_iso3": t,
                "year": y,
                "sex": "total",
                "value": v,
            }
            for f, t, y, v in rows
        ]
    )


def test_remittance_years_rank_by_the_latest_year_and_keep_missing_years_missing():
    table = _remittances(
        [
            ("USA", "MEX", 2017, 28000.0),
            ("USA", "MEX", 2021, 45000.0),
            ("CAN", "MEX", 2021, 600.0),  # no 2017 estimate: one bar, not a zero
            ("ESP", "MEX", 2017, 900.0),
            ("ESP", "MEX", 2021, 400.0),
            ("OOO", "MEX", 2021, 99999.0),  # not a country: never a partner
        ]
    )
    got = remittance_years(table, "origins", 10, KINDS, str)["MEX"]
    assert [(r["partner_iso3"], r["year"], r["rank"]) for r in got] == [
        ("USA", 2017, 1),
        ("USA", 2021, 1),
        ("CAN", 2021, 2),
        ("ESP", 2017, 3),
        ("ESP", 2021, 3),
    ]
    assert {r["series"] for r in got} == {"2017", "2021"}
    assert remittance_years(table, "origins", 1, KINDS, str)["MEX"][-1]["partner_iso3"] == "USA"
    sent = remittance_years(table, "destinations", 10, KINDS, str)
    assert set(sent) == {"USA", "CAN", "ESP"} and sent["CAN"][0]["partner_iso3"] == "MEX"


def test_south_shares_in_percent_both_sexes_only():
    table = pd.DataFrame(
        {
            "iso3": ["MEX", "MEX", "MEX"],
            "year": ["2020", "2024", "2024"],
            "sex": ["total", "total", "female"],
            "emigrants_share_non_high": ["0.02", "0.025", "0.9"],
            "immigrants_share_non_high": ["", "0.4", "0.9"],
        }
    )
    labels = {"emigrants_share_non_high": "E", "immigrants_share_non_high": "I"}
    got = south_shares(table, labels)["MEX"]
    assert got == [
        {"series": "E", "year": 2020, "value": pytest.approx(2.0)},
        {"series": "E", "year": 2024, "value": pytest.approx(2.5)},
        {"series": "I", "year": 2024, "value": pytest.approx(40.0)},
    ]


def test_development_groups_rules():
    countries = pd.DataFrame(
        {
            "iso3": ["FRA", "JPN", "USA", "AUS", "AFG", "MEX", "WLD"],
            "kind": ["country"] * 6 + ["aggregate"],
            "un_region": ["Europe", "Asia", "Americas", "Oceania", "Asia", "Americas", ""],
            "un_subregion": [
                "",
                "Eastern Asia",
                "Northern America",
                "Australia and New Zealand",
                "Southern Asia",
                "Latin America and the Caribbean",
                "",
            ],
            "ldc": ["false", "false", "false", "false", "true", "false", ""],
        }
    )
    rules = {
        "developed": [
            {"un_region": "Europe"},
            {"un_subregion": "Northern America"},
            {"un_subregion": "Australia and New Zealand"},
            {"iso3": "JPN"},
        ],
        "least_developed": {"ldc": True},
    }
    got = dict(development_groups(countries, rules).itertuples(index=False))
    assert got == {
        "FRA": "developed",
        "JPN": "developed",
        "USA": "developed",
        "AUS": "developed",
        "AFG": "least_developed",
        "MEX": "less_developed_other",
    }


def test_development_facts_shares():
    matrix = pd.DataFrame(
        {
            "year": ["2024"] * 4,
            "sex": ["total"] * 4,
            "origin_group": ["least_developed", "less_developed_other", "developed", "unknown"],
            "destination_group": ["less_developed_other", "developed", "developed", "developed"],
            "value": ["10", "30", "50", "10"],
        }
    )
    f = development_facts(matrix)[2024]
    assert f["migrants"] == 100
    assert f["from_pct"] == pytest.approx(40)
    assert f["least_pct"] == pytest.approx(10)
    assert f["between_pct"] == pytest.approx(10)
    assert f["unknown_pct"] == pytest.approx(10)
