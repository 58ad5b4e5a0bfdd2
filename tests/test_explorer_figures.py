"""The corridor explorer's files (atlas/render/explorer_figures.py) on a tiny hand-made table:
every series lands on the corridor read one way (people from the origin to the destination,
money from the destination back to the origin), missing stays missing (null or absent, never
0), and non-places never become partners."""

from __future__ import annotations

import pandas as pd

from atlas.corridors import income_gap, income_gap_origins
from atlas.render.explorer_figures import corridor_series, country_files


def _bilateral(rows):
    return pd.DataFrame(rows, columns=["measure", "from_iso3", "to_iso3", "year", "sex", "value"])


BILATERAL = _bilateral(
    [
        ("migrant_stock", "MEX", "USA", 2020, "total", 100.0),
        ("migrant_stock", "MEX", "USA", 2020, "female", 40.0),
        ("migrant_stock", "MEX", "USA", 2024, "total", 110.0),
        ("refugees", "MEX", "USA", 2023, "total", 7.0),
        # money flows the other way: from the destination (USA) to the origin (MEX)
        ("remittances", "USA", "MEX", 2021, "total", 50.0),
        ("remittance_cost", "USA", "MEX", 2017, "total", 4.5),
        ("remittance_cost", "USA", "MEX", 2016, "total", 6.0),
        ("remittance_cost", "USA", "OOO", 2016, "total", 9.0),  # unspecified receiver
        ("migrant_stock", "OOO", "USA", 2024, "total", 5.0),  # unknown origin
    ]
)
GAP = pd.DataFrame(
    {
        "origin_iso3": ["MEX"],
        "destination_iso3": ["USA"],
        "ratio": [3.5],
        "gdp_origin": [20.0],
        "gdp_destination": [70.0],
    }
)


def test_every_series_lands_on_the_corridor_read_one_way():
    series = corridor_series(BILATERAL, GAP)
    mex_usa = series[("MEX", "USA")]
    assert mex_usa["s"] == [[2020, 100, 40, None], [2024, 110, None, None]]  # men not given
    assert mex_usa["r"] == [None, 50]  # no 2017 estimate: null, never 0
    assert mex_usa["c"] == [[2016, 6], [2017, 4.5]]  # sorted by year
    assert mex_usa["u"] == [[2023, 7]]
    assert mex_usa["g"] == [3.5, 20, 70]
    assert ("USA", "MEX") not in series  # nothing about migrants from the US in Mexico


def test_files_hold_both_ends_and_no_non_places():
    series = corridor_series(BILATERAL, GAP)
    files = country_files(
        series, {"origin": {}, "destination": {}}, pd.DataFrame(), ["MEX", "USA"], {"MEX", "USA"}
    )
    assert set(files["MEX"]["origin"]) == {"USA"} and files["MEX"]["destination"] == {}
    assert set(files["USA"]["destination"]) == {"MEX"}  # OOO (unknown origin) left out
    assert "OOO" not in files["USA"]["origin"]  # unspecified receiver left out
    assert files["USA"]["destination"]["MEX"] is files["MEX"]["origin"]["USA"]


def test_income_gap_leaves_out_what_it_cannot_compare():
    stock = pd.DataFrame(
        {
            "origin": ["MEX", "MEX", "SYR"],
            "destination": ["USA", "GTM", "TUR"],
            "year": [2024, 2024, 2024],
            "migrants": [90.0, 10.0, 50.0],
        }
    )
    gdp = pd.Series({"MEX": 20.0, "USA": 70.0, "TUR": 35.0})  # no GDP for GTM nor SYR
    gap = income_gap(stock, gdp, 2023)
    assert list(zip(gap["origin_iso3"], gap["destination_iso3"], strict=True)) == [("MEX", "USA")]
    origins = income_gap_origins(stock, gap, gdp).set_index("iso3")
    assert origins.loc["MEX", "mean_ratio"] == 3.5  # only the corridor with both ends
    assert origins.loc["MEX", "migrants_left_out"] == 10
    assert pd.isna(origins.loc["SYR", "mean_ratio"])  # missing, not 0
    assert origins.loc["SYR", "migrants_left_out"] == 50
