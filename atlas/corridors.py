"""Analyse stage: the income gap along each migrant corridor — how much richer (or poorer) the
country migrants live in is than the country they come from.

The founding documents ask for "the gap between origin and destination income per migrant
corridor". For every origin × destination pair of UN DESA's bilateral stock in its latest year
(both sexes), this module puts the GDP per capita at purchasing power parity of both ends side by
side (the indicator and the rule for its year are in metadata/corridors.yaml) and divides them:

- `income_gap`: one row per corridor whose two ends both have a GDP value in the GDP year;
- `income_gap_origins`: per country of origin, all its emigrants in the table, those in the
  corridors above, those left out (no GDP at one end, or an unknown destination), and the
  stock-weighted mean of the ratio (Σ migrants × ratio / Σ migrants over the corridors kept).

One GDP year for both ends (the latest year of the indicator not after the stock year), so that
no corridor compares two different years. Nothing is filled in: a corridor with a missing end is
left out and counted as left out.
"""

from __future__ import annotations

import pandas as pd


def gdp_year(observations: pd.DataFrame, indicator: str, stock_year: int) -> int:
    """The latest year of `indicator` not after the stock year."""
    years = observations.loc[observations["indicator_id"] == indicator, "year"].astype(int)
    years = years[years <= stock_year]
    if years.empty:
        raise ValueError(f"income gap: indicator '{indicator}' has no year up to {stock_year}")
    return int(years.max())


def gdp_by_country(observations: pd.DataFrame, indicator: str, year: int) -> pd.Series:
    """iso3 -> the indicator's total value in `year` (countries without one are absent)."""
    rows = observations[
        (observations["indicator_id"] == indicator)
        & (observations["sex"] == "total")
        & (observations["year"].astype(int) == year)
    ]
    return pd.Series(pd.to_numeric(rows["value"]).to_numpy(), index=rows["iso3"].to_numpy())


def latest_stock(bilateral: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """(origin, destination, year, migrants): the total migrant stock of the latest year, origins
    of every kind (unknown origins count for no one's corridor but are kept for totals)."""
    rows = bilateral[(bilateral["measure"] == "migrant_stock") & (bilateral["sex"] == "total")]
    years = rows["year"].astype(int)
    rows = rows[years == years.max()]
    out = pd.DataFrame(
        {
            "origin": rows["from_iso3"].to_numpy(),
            "destination": rows["to_iso3"].to_numpy(),
            "year": rows["year"].astype(int).to_numpy(),
            "migrants": pd.to_numeric(rows["value"]).to_numpy(),
        }
    )
    places = set(countries.loc[countries["kind"] == "country", "iso3"])
    return out[out["origin"].isin(places)].reset_index(drop=True)


def income_gap(stock: pd.DataFrame, gdp: pd.Series, year: int) -> pd.DataFrame:
    """The `income_gap` resource: corridors whose two ends have GDP per capita in `year`."""
    out = stock.assign(
        gdp_year=year,
        gdp_origin=stock["origin"].map(gdp),
        gdp_destination=stock["destination"].map(gdp),
    ).dropna(subset=["gdp_origin", "gdp_destination"])
    out = out.assign(ratio=out["gdp_destination"] / out["gdp_origin"])
    return out.rename(columns={"origin": "origin_iso3", "destination": "destination_iso3"})


def income_gap_origins(stock: pd.DataFrame, gap: pd.DataFrame, gdp: pd.Series) -> pd.DataFrame:
    """The `income_gap_origins` resource: per origin, its emigrants, those in corridors with
    GDP at both ends, those left out, and the stock-weighted mean ratio (empty where none
    is kept)."""
    total = stock.groupby("origin").agg(year=("year", "max"), migrants=("migrants", "sum"))
    weighted = gap.assign(w=gap["migrants"] * gap["ratio"]).groupby("origin_iso3")
    kept = weighted.agg(
        migrants_covered=("migrants", "sum"),
        corridors=("migrants", "size"),
        weighted=("w", "sum"),
        gdp_year=("gdp_year", "max"),
    )
    out = total.join(kept).rename_axis("iso3").reset_index()
    out["migrants_covered"] = out["migrants_covered"].fillna(0)
    out["corridors"] = out["corridors"].fillna(0).astype(int)
    out["gdp_year"] = int(gap["gdp_year"].max())
    out["migrants_left_out"] = out["migrants"] - out["migrants_covered"]
    out["gdp_origin"] = out["iso3"].map(gdp)
    has = out["migrants_covered"] > 0
    out["mean_ratio"] = (out["weighted"] / out["migrants_covered"]).where(has)
    return out.drop(columns="weighted")


def income_gap_tables(
    bilateral: pd.DataFrame, observations: pd.DataFrame, countries: pd.DataFrame, config: dict
) -> dict[str, pd.DataFrame]:
    """Both income-gap resources, from the validated tables and metadata/corridors.yaml."""
    indicator = config["income_gap"]["indicator"]
    stock = latest_stock(bilateral, countries)
    year = gdp_year(observations, indicator, int(stock["year"].max()))
    gdp = gdp_by_country(observations, indicator, year)
    gap = income_gap(stock, gdp, year)
    return {"income_gap": gap, "income_gap_origins": income_gap_origins(stock, gap, gdp)}
