"""What theme pages and the five-countries page show, from the package: the numbers their text
quotes (each with its year) and the rows of their charts. Sums and shares over published
tables are made here, so that pages never compute."""

from __future__ import annotations

import pandas as pd

from atlas.render.formats import jsonable

NON_HIGH = ("L", "LM", "UM")


def _num(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for c in columns:
        out[c] = pd.to_numeric(out[c])
    return out


def south_south_facts(world: pd.DataFrame) -> dict[int, dict]:
    """Per year (both sexes): the world's migrants, the shares (percent) from and between
    non-high-income countries, of unknown and of unclassified origin."""
    w = _num(world[world["sex"] == "total"], [c for c in world.columns if c != "sex"])
    return {
        int(r["year"]): {
            "migrants": jsonable(r["migrants"]),
            "from_non_high": jsonable(r["from_non_high"]),
            "between_non_high": jsonable(r["between_non_high"]),
            "from_pct": jsonable(r["share_from_non_high"] * 100),
            "between_pct": jsonable(r["share_between_non_high"] * 100),
            "unknown_pct": jsonable(r["share_unknown_origin"] * 100),
            "unclassified_pct": jsonable(r["share_unclassified_origin"] * 100),
        }
        for r in w.to_dict(orient="records")
    }


def south_south_rows(facts: dict[int, dict]) -> list[dict]:
    """Line-chart rows (percent of the world's migrants) from `south_south_facts`."""
    rows = []
    for label, key in (
        ("Born in a non-high-income country", "from_pct"),
        ("Moved between non-high-income countries", "between_pct"),
        ("Origin unknown or not classified", None),
    ):
        for year, f in sorted(facts.items()):
            value = f[key] if key else f["unknown_pct"] + f["unclassified_pct"]
            rows.append({"series": label, "year": year, "value": value})
    return rows


def direction_rows(matrix: pd.DataFrame, year: int, label_of) -> list[dict]:
    """The year's migrants by direction between income groups (both sexes), as bar rows."""
    m = _num(matrix[(matrix["sex"] == "total")], ["year", "value"])
    m = m[m["year"] == year]
    south_o = m["origin_group"].isin(NON_HIGH)
    south_d = m["destination_group"].isin(NON_HIGH)
    known = m["origin_group"].isin([*NON_HIGH, "H"]) & m["destination_group"].isin([*NON_HIGH, "H"])
    parts = {
        # " / " breaks an axis label into lines (kind catbars)
        "From non-high income / to non-high income": m[south_o & south_d],
        "From non-high income / to high income": m[south_o & (m["destination_group"] == "H")],
        "From high income / to high income": m[
            (m["origin_group"] == "H") & (m["destination_group"] == "H")
        ],
        "From high income / to non-high income": m[(m["origin_group"] == "H") & south_d],
        "Origin unknown, / or an end not classified": m[~known],
    }
    return [
        {"category": k, "value": jsonable(v["value"].sum()), "label": label_of(v["value"].sum())}
        for k, v in parts.items()
    ]


def group_sum_rows(
    agg_index: dict, groups: list[str], series: list[dict], first_year: int
) -> list[dict]:
    """Line rows of a sum of published group aggregates (e.g. low + lower-middle + upper-middle
    income), only in years where every group has a value."""
    rows = []
    for s in series:
        by_year: dict[int, list[float]] = {}
        for g in groups:
            for year, value, _ in agg_index.get((g, s["indicator"], "total"), ()):
                by_year.setdefault(year, []).append(value)
        for year, values in sorted(by_year.items()):
            if year >= first_year and len(values) == len(groups):
                rows.append({"series": s["label"], "year": year, "value": jsonable(sum(values))})
    return rows


def cost_share_rows(bilateral: pd.DataFrame, lines: dict) -> tuple[list[dict], dict]:
    """Per year: the share (percent) of corridors costing more than the ceiling and less than
    the target (SDG 10.c.1 corridor average), and the latest year's counts for the text."""
    c = bilateral[(bilateral["measure"] == "remittance_cost") & (bilateral["sex"] == "total")]
    rows, latest = [], {}
    for year, g in c.groupby("year"):
        n = len(g)
        above = int((g["value"] > lines["ceiling"]).sum())
        below = int((g["value"] < lines["target"]).sum())
        rows.append(
            {"series": f"Above {lines['ceiling']} %", "year": int(year), "value": above / n * 100}
        )
        rows.append(
            {"series": f"Below {lines['target']} %", "year": int(year), "value": below / n * 100}
        )
        latest = {
            "year": int(year),
            "corridors": n,
            "above": above,
            "below": below,
            "median": jsonable(g["value"].median()),
        }
    return rows, latest


def unrwa_total(obs: pd.DataFrame, year: int) -> float | None:
    """Palestine refugees under UNRWA's mandate in a year: the sum over its host areas."""
    rows = obs[
        (obs["indicator_id"] == "unrwa_refugees") & (obs["year"] == year) & (obs["sex"] == "total")
    ]
    return jsonable(rows["value"].sum()) if len(rows) else None


def partial_years(obs: pd.DataFrame, indicator: str) -> set[int]:
    """Years the package flags as partial for an indicator (e.g. January–April)."""
    rows = obs[(obs["indicator_id"] == indicator) & (obs["flag"] == "partial_year")]
    return {int(y) for y in rows["year"]}


def missing_migrants(routes: pd.DataFrame, partial: set[int], label_of) -> dict:
    """Dead and missing migrants over the full years: by route, by cause (a record with several
    causes is counted under their combination, as the source files it), and per year."""
    r = _num(routes, ["year", "dead_and_missing", "records"])
    full = r[~r["year"].isin(partial)]

    def bars(column: str, top: int) -> list[dict]:
        sums = full.groupby(column)["dead_and_missing"].sum().sort_values(ascending=False)
        return [
            {"category": k, "value": int(v), "label": label_of(v)}
            for k, v in sums.head(top).items()
        ]

    per_year = full.groupby("year")["dead_and_missing"].sum()
    return {
        "routes": bars("route", 14),
        "causes": bars("causes", 10),
        "years": [
            {"series": "Dead and missing", "year": int(y), "value": int(v)}
            for y, v in per_year.items()
        ],
        "first": int(full["year"].min()),
        "last": int(full["year"].max()),
        "total": int(full["dead_and_missing"].sum()),
        "partial": sorted(partial),
    }


def south_south_latest(countries: pd.DataFrame, focus: list[str]) -> dict[str, dict]:
    """The latest year's South–South rows (both sexes) of the focus countries by iso3
    (`rows`), and the shares of their emigrants living in, and of their immigrants coming from,
    non-high-income countries, in percent (`emigrants_pct`, `immigrants_pct`)."""
    ss = countries[(countries["sex"] == "total") & countries["iso3"].isin(focus)]
    ss = ss.assign(year=ss["year"].astype(int))
    ss = ss[ss["year"] == ss["year"].max()]
    rows = {r["iso3"]: r for r in ss.to_dict(orient="records")}
    return {
        "rows": rows,
        "emigrants_pct": {c: float(r["emigrants_share_non_high"]) * 100 for c, r in rows.items()},
        "immigrants_pct": {c: float(r["immigrants_share_non_high"]) * 100 for c, r in rows.items()},
    }
