"""The Global Index across editions, arranged for pages: the trend table and the spread of
each dimension's scores. Lookups and order statistics of the published index resource only."""

from __future__ import annotations

import pandas as pd

from atlas.render.formats import records


def index_trend(idx: pd.DataFrame, names: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Every edition with its number of scored countries, and per country scored in the latest
    edition its index row in each edition (None where not scored), ordered by the latest
    median rank: the page's trend table, looked up, not computed."""
    overall = idx[(idx["dimension"] == "index") & (idx["status"] == "scored")]
    editions = [
        {"edition": int(e), "scored": int(len(g))} for e, g in overall.groupby("edition", sort=True)
    ]
    by_key = {(r["iso3"], int(r["edition"])): r for r in records(overall)}
    latest = overall[overall["edition"] == overall["edition"].max()]
    latest = latest.sort_values(["rank_median", "rank", "iso3"])
    rows = [
        {
            "iso3": iso3,
            "name": names[iso3],
            "editions": [by_key.get((iso3, e["edition"])) for e in editions],
        }
        for iso3 in latest["iso3"]
    ]
    return editions, rows


def index_distribution(idx: pd.DataFrame, order: list[str]) -> list[dict]:
    """Per dimension (and the index): the spread of the scores of the latest edition (minimum,
    deciles and quartiles, maximum) and, in every edition, the share of scored countries within
    5 points of the dimension's maximum — the rule that a dimension must separate countries."""
    scored = idx[idx["status"] == "scored"]
    latest = int(scored["edition"].max())
    out = []
    for dim in order:
        rows = scored[scored["dimension"] == dim]
        s = rows.loc[rows["edition"] == latest, "score"].astype(float)
        near = {
            int(e): float((g["score"] >= g["score"].max() - 5).mean())
            for e, g in rows.groupby("edition", sort=True)
        }
        q = s.quantile([0.1, 0.25, 0.5, 0.75, 0.9])
        out.append(
            {
                "dimension": dim,
                "n": int(s.size),
                "min": float(s.min()),
                "max": float(s.max()),
                "p10": q[0.1],
                "p25": q[0.25],
                "median": q[0.5],
                "p75": q[0.75],
                "p90": q[0.9],
                "near_max": near,
            }
        )
    return out
