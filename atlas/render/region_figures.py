"""What region pages show, from the package: the tree of UN regions, sub-regions and
intermediate regions (metadata/aggregates.yaml), their members, the latest aggregate of each key
figure with its coverage, and the intra-regional shares of `regional_flows` in percent."""

from __future__ import annotations

import pandas as pd

from atlas.render.formats import jsonable

# the M49 columns that define a region group, from the widest to the narrowest
LEVELS = ("un_region", "un_subregion", "un_intermediate_region")
LEVEL_WORDS = {
    "un_region": "region",
    "un_subregion": "sub-region",
    "un_intermediate_region": "intermediate region",
}


def region_tree(groups: dict[str, dict], countries: pd.DataFrame) -> list[dict]:
    """Every region group (one M49 column) with its level, members (iso3, by name), parent
    group and child groups, in the order of metadata/aggregates.yaml."""
    places = countries[countries["kind"] == "country"].sort_values("name_en")
    regions = []
    for code, rule in groups.items():
        if not rule or len(rule) != 1 or next(iter(rule)) not in LEVELS:
            continue
        column, value = next(iter(rule.items()))
        inside = places[places[column] == value]
        regions.append(
            {
                "code": code,
                "column": column,
                "level": LEVEL_WORDS[column],
                "value": value,
                "members": inside["iso3"].tolist(),
                "parents": {c: inside[c].iloc[0] for c in LEVELS[: LEVELS.index(column)]}
                if len(inside)
                else {},
            }
        )
    by_value = {(r["column"], r["value"]): r["code"] for r in regions}
    for r in regions:
        r["parent"] = next(
            (
                by_value[(c, v)]
                for c, v in reversed(list(r["parents"].items()))
                if (c, v) in by_value
            ),
            None,
        )
    for r in regions:
        r["children"] = [c["code"] for c in regions if c["parent"] == r["code"]]
    return regions


def latest_aggregate(agg_index: dict, coverage: dict, group: str, indicator: str) -> dict | None:
    """The group's latest aggregate of the indicator (both sexes): value, year, coverage."""
    points = agg_index.get((group, indicator, "total"))
    if not points:
        return None
    year, value, _ = points[-1]
    return {"year": year, "value": value, "coverage": coverage.get((group, indicator, year))}


def _of_group(flows: pd.DataFrame, group: str) -> pd.DataFrame:
    mine = flows[(flows["group"] == group) & (flows["sex"] == "total")]
    return mine.assign(year=mine["year"].astype(int)).sort_values("year")


def flow_rows(flows: pd.DataFrame, group: str) -> list[dict]:
    """The intra-regional shares of a group as line-chart rows, in percent: emigrants living in
    the region, and immigrants born in it."""
    mine = _of_group(flows, group)
    rows = []
    for column, label in (
        ("share_within", "Emigrants living in the region"),
        ("share_from_within", "Immigrants born in the region"),
    ):
        for year, share in zip(mine["year"], pd.to_numeric(mine[column]), strict=True):
            if pd.notna(share):
                rows.append({"series": label, "year": int(year), "value": jsonable(share * 100)})
    return rows


def flow_summary(flows: pd.DataFrame, group: str) -> dict | None:
    """First and latest year of the group's intra-regional share of emigrants, with the
    emigrants living in the region (for the page's text)."""
    mine = _of_group(flows, group)
    if mine.empty:
        return None
    first, last = mine.iloc[0], mine.iloc[-1]
    mid = mine[mine["year"] == 2000]
    base = mid.iloc[0] if len(mid) else first

    def point(r):
        return {
            "year": int(r["year"]),
            "share": jsonable(float(r["share_within"]) * 100),
            "within": jsonable(float(r["emigrants_within"])),
            "emigrants": jsonable(float(r["emigrants"])),
            "from_within": jsonable(float(r["share_from_within"]) * 100),
        }

    return {"first": point(first), "base": point(base), "latest": point(last)}
