"""What the theme pages "Rights on paper", "Ageing and the demand for workers" and "Latin America
and the Caribbean" show, from the package: countries of origin and of destination (a ratio of
emigrants to immigrants, metadata/theme_settings.yaml), ratifications by group and over time,
ageing by group as ratios of sums, the two Central American triangles and the remittance dip of
2009 on a constant set of countries. Sums and shares are made here, so that pages never compute.

`index` arguments are the context's series indexes: (place, indicator, sex) -> [(year, value,
flag)] sorted by year."""

from __future__ import annotations

import pandas as pd

from atlas.render.formats import jsonable


def _series(index: dict, place: str, indicator: str) -> dict[int, float]:
    return {y: v for y, v, _ in index.get((place, indicator, "total"), ()) if v is not None}


def origin_destination(index: dict, places: list[str], settings: dict) -> dict[str, dict]:
    """Each place's emigrants, immigrants, their ratio and its group (origin, both,
    destination) in the settings' year; places lacking either count, or with none of one, are
    left out (no ratio to read)."""
    year = settings["year"]
    out = {}
    for iso3 in places:
        emigrants = _series(index, iso3, "emigrants").get(year)
        immigrants = _series(index, iso3, "migrant_stock").get(year)
        if not emigrants or not immigrants:
            continue
        ratio = emigrants / immigrants
        if ratio >= settings["origin_ratio"]:
            group = "origin"
        elif ratio <= settings["destination_ratio"]:
            group = "destination"
        else:
            group = "both"
        out[iso3] = {
            "emigrants": emigrants,
            "immigrants": immigrants,
            "ratio": ratio,
            "group": group,
        }
    return out


def group_counts(groups: dict[str, dict]) -> dict[str, int]:
    """How many places fall in each group of `origin_destination`."""
    counts = {"origin": 0, "both": 0, "destination": 0}
    for g in groups.values():
        counts[g["group"]] += 1
    return counts


def party_shares(
    rat: pd.DataFrame, instrument: str, group_of: dict[str, str], labels: dict[str, str], fmt: str
) -> tuple[list[dict], dict[str, dict]]:
    """Bars (one per group, in the labels' order) of the share of a group's States that are
    parties to the instrument, and the counts per group; States without a group are left out."""
    r = rat[rat["instrument"] == instrument]
    rows, facts = [], {}
    for g, label in labels.items():
        members = r[r["iso3"].map(group_of) == g]
        if members.empty:
            continue
        parties = int((members["status"] == "party").sum())
        share = parties / len(members) * 100
        facts[g] = {"parties": parties, "members": len(members), "share": share}
        rows.append(
            {
                "category": label,
                "value": share,
                "label": fmt.format(share=share, parties=parties, members=len(members)),
            }
        )
    return rows, facts


def cumulative_parties(rat: pd.DataFrame, instruments: list[dict], last: int) -> list[dict]:
    """Per instrument (series: its short name), from its adoption to `last`: the States that
    are parties today and had become so by the end of each year."""
    rows = []
    for ins in instruments:
        years = rat[(rat["instrument"] == ins["id"]) & (rat["status"] == "party")]["year"]
        years = [int(y) for y in years.dropna()]
        for y in range(int(ins["adopted"]), last + 1):
            rows.append(
                {"series": ins["short_en"], "year": y, "value": sum(1 for v in years if v <= y)}
            )
    return rows


def instrument_facts(rat: pd.DataFrame, instrument: str) -> dict:
    """Parties, signatories and States listed for one instrument; the first and the latest year
    a State became a party, and how many did so in the latest ten years."""
    r = rat[rat["instrument"] == instrument]
    parties = r[r["status"] == "party"]
    years = sorted(int(y) for y in parties["year"].dropna())
    return {
        "parties": len(parties),
        "signatories": int((r["status"] == "signatory").sum()),
        "members": len(r),
        "first": years[0],
        "last": years[-1],
        "last_ten": sum(1 for y in years if y > years[-1] - 10),
        "per_year": {y: years.count(y) for y in range(years[0], years[-1] + 1)},
    }


def parties_in_group(
    rat: pd.DataFrame, instrument: str, group_of: dict[str, str], group: str
) -> list[str]:
    """The States of one group that are parties to the instrument (iso3, sorted)."""
    r = rat[(rat["instrument"] == instrument) & (rat["status"] == "party")]
    return sorted(c for c in r["iso3"] if group_of.get(c) == group)


def profile_rows(
    groups: dict[str, dict], rat: pd.DataFrame, instrument: str, names: dict, income_of: dict
) -> list[dict]:
    """One row per place of `origin_destination` (a download): its counts, ratio and group,
    World Bank income group and the instrument's status and year (blank: not listed)."""
    r = rat[rat["instrument"] == instrument]
    status = dict(zip(r["iso3"], r["status"], strict=True))
    year = dict(zip(r["iso3"], r["year"], strict=True))
    return [
        {
            "iso3": c,
            "name": names[c],
            "emigrants": g["emigrants"],
            "immigrants": g["immigrants"],
            "emigrants_per_immigrant": g["ratio"],
            "group": g["group"],
            "income_group": income_of.get(c) or "",
            f"{instrument}_status": status.get(c, ""),
            f"{instrument}_year": "" if pd.isna(year.get(c)) else int(year[c]),
        }
        for c, g in sorted(groups.items())
    ]


def top_destinations(groups: dict[str, dict], rat: pd.DataFrame, instrument: str, n: int) -> dict:
    """The n places with the most immigrants and which of them are parties to the instrument."""
    top = sorted(groups, key=lambda c: groups[c]["immigrants"], reverse=True)[:n]
    r = rat[(rat["instrument"] == instrument) & (rat["status"] == "party")]
    parties = [c for c in top if c in set(r["iso3"])]
    return {"places": top, "parties": parties}


def ageing_rows(
    index: dict, group_of: dict[str, str], labels: dict[str, str], first: int
) -> tuple[dict[str, list[dict]], dict]:
    """Per measure, line rows (a series per group) of a ratio of sums over the group's places
    with every value that year: population 65+ (percent of population), old-age dependency
    (persons 65+ per 100 aged 15-64) and migrants (percent of population). Persons 65+ are the
    share times the population; persons 15-64 are persons 65+ over the dependency ratio."""
    sums: dict[tuple, list[float]] = {}
    for iso3, g in group_of.items():
        pop = _series(index, iso3, "population")
        pct65 = _series(index, iso3, "population_65plus_pct")
        oad = _series(index, iso3, "old_age_dependency_ratio")
        stock = _series(index, iso3, "migrant_stock")
        for y, p in pop.items():
            if y < first or not p:
                continue
            if y in pct65:
                old = pct65[y] / 100 * p
                _add(sums, ("pop65", g, y), old, p)
                if oad.get(y):
                    _add(sums, ("dependency", g, y), old, old * 100 / oad[y])
            if y in stock:
                _add(sums, ("migrants", g, y), stock[y], p)
    rows: dict[str, list[dict]] = {"pop65": [], "dependency": [], "migrants": []}
    facts: dict = {m: {} for m in rows}
    for (m, g, y), (num, den, n) in sorted(sums.items(), key=lambda kv: kv[0][2]):
        value = num / den * 100
        rows[m].append({"series": labels[g], "year": y, "value": value})
        facts[m].setdefault(g, {})[y] = {"value": value, "places": n}
    for m in rows:
        common = set.intersection(*(set(v) for v in facts[m].values()))
        facts[m]["first"], facts[m]["last"] = min(common), max(common)
    return rows, facts


def _add(sums: dict, key: tuple, num: float, den: float) -> None:
    got = sums.setdefault(key, [0.0, 0.0, 0])
    got[0] += num
    got[1] += den
    got[2] += 1


def triangle_rows(
    bilateral: pd.DataFrame, triangles: dict, north: str, region: set[str], labels: dict
) -> tuple[list[dict], dict]:
    """Per triangle and UN DESA year: the share (percent) of its emigrants living in the north
    (the United States) and in the region (its own countries included), both sexes."""
    s = bilateral[(bilateral["measure"] == "migrant_stock") & (bilateral["sex"] == "total")]
    rows, facts = [], {}
    for key, t in triangles.items():
        mine = s[s["from_iso3"].isin(t["members"])]
        for year, g in mine.groupby("year"):
            total = float(g["value"].sum())
            north_pct = float(g[g["to_iso3"] == north]["value"].sum()) / total * 100
            region_pct = float(g[g["to_iso3"].isin(region)]["value"].sum()) / total * 100
            y = int(year)
            rows.append(
                {"series": labels["in_north"].format(who=t["short"]), "year": y, "value": north_pct}
            )
            rows.append(
                {
                    "series": labels["in_region"].format(who=t["short"]),
                    "year": y,
                    "value": region_pct,
                }
            )
            facts.setdefault(key, {})[y] = {
                "emigrants": total,
                "north": north_pct,
                "region": region_pct,
            }
    return rows, facts


def remittance_dip(
    index: dict, members: list[str], settings: dict, last: int, triangles: dict, label: str
) -> tuple[list[dict], dict]:
    """Remittances received by the region's places with a value in every year from the first
    year to `last` (a constant set), with the focus country and the triangles on the same
    years: the fall after the year before the crisis, and when the sum first reached that
    year's level again; how many places had done so by the year the 2013 document could see."""
    years = range(settings["first_year"], last + 1)
    series = {m: _series(index, m, "remittances_received_usd") for m in members}
    panel = sorted(m for m in members if all(y in series[m] for y in years))
    total = {y: sum(series[m][y] for m in panel) for y in years}
    before, seen = settings["before"], settings["seen_by"]
    after = [y for y in years if y > before and total[y] >= total[before]]
    focus = series[settings["focus"]]
    rows = [{"series": label.format(n=len(panel)), "year": y, "value": total[y]} for y in years]
    rows += [{"series": settings["focus_name"], "year": y, "value": focus[y]} for y in years]
    for t in triangles.values():
        if all(m in panel for m in t["members"]):
            rows += [
                {"series": t["short"], "year": y, "value": sum(series[m][y] for m in t["members"])}
                for y in years
            ]
    return rows, {
        "places": len(panel),
        "first": settings["first_year"],
        "last": last,
        "before": before,
        "at_before": jsonable(total[before]),
        "dip_year": before + 1,
        "next_year": before + 2,
        # falls in percent of the year before the crisis (negative: a rise)
        "fall1": (1 - total[before + 1] / total[before]) * 100,
        "fall2": (1 - total[before + 2] / total[before]) * 100,
        "low": jsonable(total[before + 1]),
        "recovered": after[0] if after else None,
        "seen_by": seen,
        "back_by_seen": sum(1 for m in panel if series[m][seen] >= series[m][before]),
        "focus_fall1": (1 - focus[before + 1] / focus[before]) * 100,
        "focus_recovered": next(
            (y for y in years if y > before and focus[y] >= focus[before]), None
        ),
        "at_last": jsonable(total[last]),
    }


def intra_shares(flows: pd.DataFrame, groups: list[str]) -> dict[str, dict[int, float]]:
    """Per group and year: the share (percent) of its emigrants living in another country of
    the same group (the `regional_flows` resource), both sexes."""
    f = flows[(flows["sex"] == "total") & flows["group"].isin(groups)]
    out: dict[str, dict[int, float]] = {g: {} for g in groups}
    for r in f.to_dict(orient="records"):
        out[r["group"]][int(r["year"])] = float(r["share_within"]) * 100
    return out


def intra_rows(shares: dict[str, dict[int, float]], names: dict[str, str]) -> list[dict]:
    """Line rows of `intra_shares`, a series per group (named)."""
    return [
        {"series": names[g], "year": y, "value": v}
        for g, by_year in shares.items()
        for y, v in sorted(by_year.items())
    ]
