"""What the flows section of country pages shows (issue 19), arranged from the validated package:
the South–South shares of `south_south_countries` over time, and each remittance corridor's
KNOMAD estimates for 2017 beside 2021. Lookups and rankings only: every number is in the
package."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from atlas.render.formats import jsonable

# the two shares of `south_south_countries` charted, in percent
SOUTH_SHARES = ("emigrants_share_non_high", "immigrants_share_non_high")


def _numbers(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns as numbers (the package's analyse resources are read as text)."""
    return frame.assign(**{c: pd.to_numeric(frame[c]) for c in columns})


def south_shares(table: pd.DataFrame, labels: dict[str, str]) -> dict[str, list[dict]]:
    """Per country: line rows (series, year, value in percent) of the share of its emigrants
    living in non-high-income countries and of its immigrants born in them (both sexes);
    `labels` names each share column's series. Missing shares are left out."""
    rows = _numbers(table[table["sex"] == "total"], ["year", *SOUTH_SHARES])
    out: dict[str, list[dict]] = {}
    for column in SOUTH_SHARES:
        part = rows[["iso3", "year", column]].dropna()
        for iso3, year, share in zip(part["iso3"], part["year"], part[column], strict=True):
            out.setdefault(iso3, []).append(
                {"series": labels[column], "year": int(year), "value": jsonable(share * 100)}
            )
    return out


def unknown_origins(table: pd.DataFrame) -> dict[str, dict]:
    """Per country: its latest year's immigrants and those of unknown origin (both sexes), for
    the sentence that says the immigrant share is a lower bound."""
    columns = ["year", "immigrants", "immigrants_unknown_origin"]
    rows = _numbers(table[table["sex"] == "total"], columns)
    rows = rows[rows["immigrants"].notna()]
    rows = rows.sort_values(["iso3", "year"]).groupby("iso3").tail(1)
    return {
        iso3: {"year": int(y), "immigrants": jsonable(i), "unknown": jsonable(u)}
        for iso3, y, i, u in zip(
            rows["iso3"],
            rows["year"],
            rows["immigrants"],
            rows["immigrants_unknown_origin"],
            strict=True,
        )
    }


def remittance_years(
    bilateral: pd.DataFrame,
    side: str,
    n: int,
    kinds: dict[str, str],
    label: Callable[[float], str],
) -> dict[str, list[dict]]:
    """Per country: its top-n remittance partners (by the latest year's estimate, then the
    earlier's) with a row per year (KNOMAD's 2017 and 2021 matrices), so a corridor's two
    estimates sit side by side. `side` "origins": partners send to the country; "destinations":
    the country sends to them. Places and partners that are not countries are left out; a year a matrix
    has no estimate for is missing, not zero."""
    place, partner = ("to_iso3", "from_iso3") if side == "origins" else ("from_iso3", "to_iso3")
    rows = bilateral[(bilateral["measure"] == "remittances") & (bilateral["sex"] == "total")]
    rows = rows[(rows[partner].map(kinds) == "country") & (rows[place].map(kinds) == "country")]
    rows = _numbers(rows[[place, partner, "year", "value"]], ["year", "value"])
    rows["year"] = rows["year"].astype(int)
    latest = rows.pivot_table(index=[place, partner], columns="year", values="value")
    years = sorted(latest.columns, reverse=True)
    latest = latest[latest.fillna(0).sum(axis=1) > 0].reset_index()
    latest = latest.sort_values(
        [place, *years, partner], ascending=[True, *[False] * len(years), True]
    )
    latest["rank"] = latest.groupby(place).cumcount() + 1
    top = latest[latest["rank"] <= n]
    out: dict[str, list[dict]] = {}
    for r in top.to_dict("records"):
        for year in sorted(years):
            value = r[year]
            if pd.isna(value):
                continue
            out.setdefault(r[place], []).append(
                {
                    "partner_iso3": r[partner],
                    "rank": int(r["rank"]),
                    "year": int(year),
                    "series": str(year),
                    "value": jsonable(value),
                    "label": label(value),
                }
            )
    return out


# UN development groups in the South (resource `south_south_development`)
LESS_DEVELOPED = ("less_developed_other", "least_developed")


def development_facts(matrix: pd.DataFrame) -> dict[int, dict]:
    """Per year (both sexes), from `south_south_development`: the world's migrants and the
    shares (percent) born in the less developed regions (least developed countries included),
    born in the least developed countries, moved between less developed regions, and of
    unknown origin."""
    m = _numbers(matrix[matrix["sex"] == "total"], ["year", "value"])
    out = {}
    for year, part in m.groupby("year"):
        world = part["value"].sum()
        south_o = part["origin_group"].isin(LESS_DEVELOPED)
        south_d = part["destination_group"].isin(LESS_DEVELOPED)
        out[int(year)] = {
            "migrants": jsonable(world),
            "from_pct": jsonable(part.loc[south_o, "value"].sum() / world * 100),
            "least_pct": jsonable(
                part.loc[part["origin_group"] == "least_developed", "value"].sum() / world * 100
            ),
            "between_pct": jsonable(part.loc[south_o & south_d, "value"].sum() / world * 100),
            "unknown_pct": jsonable(
                part.loc[part["origin_group"] == "unknown", "value"].sum() / world * 100
            ),
        }
    return out


def classification_rows(un: dict[int, dict], income: dict[int, dict], labels: dict) -> list[dict]:
    """Line rows (percent of the world's migrants): born in the South and South–South, by UN
    development groups and by World Bank income groups (`south_south_facts`), one line each;
    `labels` names the four series (metadata/country_flows.yaml)."""
    rows = []
    for facts, group in ((un, "un"), (income, "income")):
        for key in ("from_pct", "between_pct"):
            label = labels[f"{group}_{key}"]
            rows += [
                {"series": label, "year": y, "value": f[key]} for y, f in sorted(facts.items())
            ]
    return rows
