"""Corridors on country pages, from the package's `bilateral`: the cost of sending $200 in each
corridor of a country (SDG 10.c.1, World Bank Remittance Prices Worldwide), latest year per
corridor, with the SDG 10.c target and the corridor ceiling (metadata/pages.yaml)."""

from __future__ import annotations

import pandas as pd

from atlas.render.formats import jsonable


def corridor_costs(
    bilateral: pd.DataFrame, side: str, kinds: dict[str, str], names: dict[str, str], lines: dict
) -> dict[str, list[dict]]:
    """Per country: its corridors' latest cost (percent of $200), one row per partner country.
    `side` "origins": the country receives (partners send); "destinations": it sends. Partners
    that are not countries (the source's unspecified receivers) are left out."""
    place, partner = ("to_iso3", "from_iso3") if side == "origins" else ("from_iso3", "to_iso3")
    rows = bilateral[(bilateral["measure"] == "remittance_cost") & (bilateral["sex"] == "total")]
    rows = rows[rows[partner].map(kinds) == "country"]
    rows = rows.sort_values([place, partner, "year"]).groupby([place, partner]).tail(1)
    out: dict[str, list[dict]] = {}
    for iso3, p, year, value in zip(
        rows[place], rows[partner], rows["year"], rows["value"], strict=True
    ):
        out.setdefault(iso3, []).append(
            {
                "partner": names[p],
                "partner_iso3": p,
                "year": int(year),
                "value": jsonable(value),
                "target": lines["target"],
                "ceiling": lines["ceiling"],
            }
        )
    return {k: sorted(v, key=lambda r: -r["value"]) for k, v in out.items()}
