"""Analyse stage: World, region and income-group aggregates computed from the validated
country values, with the coverage beside every value.

Methods come from each indicator's `aggregate` entry in metadata (sum, population-weighted
mean, ratio of sums); groups and the coverage threshold from `metadata/aggregates.yaml`.
Coverage is the share of the group's population (same year) living in the countries that have
a value. Publisher aggregates (e.g. UNDP's world HDI) stay in `observations`, flagged; these
are the Atlas's own.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

COLUMNS = ["indicator_id", "group", "year", "sex", "value", "method", "countries", "coverage"]


def group_members(countries: pd.DataFrame, groups: dict[str, dict]) -> pd.DataFrame:
    """(group, iso3) pairs: every country row matching the group's column conditions."""
    places = countries[countries["kind"] == "country"]
    parts = []
    for code, conditions in groups.items():
        mask = pd.Series(True, index=places.index)
        for column, wanted in (conditions or {}).items():
            mask &= places[column] == wanted
        parts.append(pd.DataFrame({"group": code, "iso3": places.loc[mask, "iso3"]}))
    return pd.concat(parts, ignore_index=True)


def all_places_in_world(members: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Group members where the World also takes every non-aggregate code (unknown origin,
    former countries, other areas): a World total of recorded events is the sum of all records,
    including those UNHCR or IOM file under no country (IDMC's World estimate of 1990–2008)."""
    places = countries.loc[countries["kind"] != "aggregate", "iso3"]
    have = set(members.loc[members["group"] == "WLD", "iso3"])
    extra = pd.DataFrame({"group": "WLD", "iso3": [c for c in places if c not in have]})
    return pd.concat([members, extra], ignore_index=True)


def _numeric(obs: pd.DataFrame) -> pd.DataFrame:
    out = obs[["indicator_id", "iso3", "year", "sex", "value"]].copy()
    out["year"] = out["year"].astype(int)
    out["value"] = pd.to_numeric(out["value"])
    return out


def _series(obs: pd.DataFrame, indicator: str, sex: str | None = None) -> pd.DataFrame:
    rows = obs[obs["indicator_id"] == indicator]
    return rows if sex is None else rows[rows["sex"] == sex]


def aggregates(observations: pd.DataFrame, countries: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """The `aggregates` resource (typed values), from text tables of the validated package."""
    config = meta["aggregation"]
    obs = _numeric(observations)
    members = group_members(countries, config["groups"])
    members_all = all_places_in_world(members, countries)
    pop = _series(obs, "population", "total")[["iso3", "year", "value"]].rename(
        columns={"value": "pop"}
    )
    group_pop = (
        members.merge(pop, on="iso3").groupby(["group", "year"])["pop"].sum().rename("group_pop")
    )
    parts = []
    for ind in meta["indicators"]:
        rule = ind.get("aggregate")
        if not rule:
            continue
        method = rule["method"]
        if method == "ratio_of_sums":
            num = _series(obs, rule["numerator"], rule.get("numerator_sex", "total"))
            den = _series(obs, rule["denominator"], "total")
            rows = num.merge(
                den[["iso3", "year", "value"]], on=["iso3", "year"], suffixes=("", "_den")
            )
            rows = rows.assign(sex="total")
        else:
            rows = _series(obs, ind["id"])
        # counts of what a publisher records are complete by construction for what they count:
        # every record counts in the World total, and no population-coverage threshold applies
        # (metadata: recorded_events)
        events = bool(rule.get("recorded_events"))
        rows = rows.merge(members_all if events else members, on="iso3")
        rows = rows.merge(pop, on=["iso3", "year"], how="left")
        keys = ["group", "year", "sex"]
        if method == "sum":
            rows = rows.assign(weighted=rows["value"])
            out = rows.groupby(keys).agg(value=("value", "sum"), countries=("iso3", "size"))
        elif method == "population_weighted_mean":
            rows = rows.dropna(subset=["pop"]).assign(weighted=lambda r: r["value"] * r["pop"])
            out = rows.groupby(keys).agg(
                weighted=("weighted", "sum"), pop_sum=("pop", "sum"), countries=("iso3", "size")
            )
            out["value"] = out["weighted"] / out["pop_sum"]
        elif method == "ratio_of_sums":
            rows = rows[rows["value_den"] > 0]
            out = rows.groupby(keys).agg(
                num=("value", "sum"), den=("value_den", "sum"), countries=("iso3", "size")
            )
            out["value"] = out["num"] / out["den"] * rule.get("scale", 1)
        else:
            raise ValueError(f"indicator '{ind['id']}': unknown aggregate method '{method}'")
        covered = rows.groupby(keys)["pop"].sum().rename("covered")
        out = out.join(covered).reset_index().join(group_pop, on=["group", "year"])
        share = out["covered"] / out["group_pop"]
        if not events:  # the rule is tested on the exact share; rounding is for publication
            out = out[share >= config["min_coverage"]].copy()
            share = share[out.index]
        out["coverage"] = share.round(4)
        parts.append(out.assign(indicator_id=ind["id"], method=method)[COLUMNS])
    return pd.concat(parts, ignore_index=True)


# --- figures the pages show (computed here, so that pages never compute) -----------------------
def latest_with_change(obs: pd.DataFrame, years_back: int = 10) -> pd.DataFrame:
    """Per indicator, country and sex: latest value and year, and the change since the value
    `years_back` years earlier (or the nearest earlier year within two more years)."""
    obs = obs.sort_values(["indicator_id", "iso3", "sex", "year"])
    keys = ["indicator_id", "iso3", "sex"]
    latest = obs.groupby(keys, sort=False).tail(1).set_index(keys)
    merged = obs.merge(latest[["year"]].rename(columns={"year": "latest_year"}), on=keys)
    target = merged["latest_year"] - years_back
    window = merged[(merged["year"] <= target) & (merged["year"] >= target - 2)]
    earlier = window.groupby(keys, sort=False).tail(1).set_index(keys)
    out = latest[["year", "value", "flag"]].join(
        earlier[["year", "value"]].rename(columns={"year": "base_year", "value": "base_value"})
    )
    out["change"] = out["value"] - out["base_value"]
    return out.reset_index()


def top_partners(
    bilateral: pd.DataFrame,
    measure: str,
    iso3_side: str,
    n: int,
    partners: Collection[str] | None = None,
) -> pd.DataFrame:
    """Per country: its top-n partners in the latest year of a measure, female and male rows,
    each with `partner_total` (both sexes) and `of_total`: the partner's share (0-1) of the
    country's total over all partners (bar labels: one dominant partner leaves the others
    readable).

    `iso3_side` is the column holding the page's country: to_iso3 (origins of its immigrants)
    or from_iso3 (destinations of its emigrants). `partners` (when given) are the codes that may
    be ranked: "Unknown" and other non-country codes count in the total but are never listed
    as a top partner."""
    partner = "from_iso3" if iso3_side == "to_iso3" else "to_iso3"
    rows = bilateral[bilateral["measure"] == measure]
    latest = rows.groupby(iso3_side)["year"].transform("max")
    rows = rows[rows["year"] == latest]
    totals = rows[rows["sex"] == "total"]
    of_all = totals.groupby(iso3_side)["value"].sum()
    if partners is not None:
        totals = totals[totals[partner].isin(set(partners))]
    totals = totals.sort_values([iso3_side, "value", partner], ascending=[True, False, True])
    totals = totals.assign(rank=totals.groupby(iso3_side).cumcount() + 1)
    top = totals[totals["rank"] <= n][[iso3_side, partner, "rank", "value"]]
    top = top.assign(of_total=top["value"] / top[iso3_side].map(of_all), partner_total=top["value"])
    by_sex = rows[rows["sex"].isin(["female", "male"])]
    split = top.drop(columns="value").merge(by_sex, on=[iso3_side, partner])
    if split.empty:  # measures without a sex split (refugees) show their totals
        split = top.merge(
            rows[rows["sex"] == "total"][[iso3_side, partner, "year", "sex"]],
            on=[iso3_side, partner],
        )
    return split.rename(columns={iso3_side: "iso3", partner: "partner_iso3"})[
        ["iso3", "partner_iso3", "rank", "year", "sex", "value", "partner_total", "of_total"]
    ]


def coverage_matrix(
    obs: pd.DataFrame, ratifications: pd.DataFrame, themes: dict[str, str]
) -> pd.DataFrame:
    """Per country and indicator family: indicators with data, first and last year."""
    fam = obs.assign(family=obs["indicator_id"].map(themes))
    out = fam.groupby(["iso3", "family"]).agg(
        indicators=("indicator_id", "nunique"),
        first_year=("year", "min"),
        last_year=("year", "max"),
    )
    out = out.reset_index()
    rights = ratifications.groupby("iso3").agg(indicators=("instrument", "nunique")).reset_index()
    rights = rights.assign(family="rights", first_year=pd.NA, last_year=pd.NA)
    return pd.concat([out, rights], ignore_index=True)


def indicator_coverage(observations: pd.DataFrame, countries: pd.DataFrame) -> dict[str, dict]:
    """Per indicator: countries or areas (kind country) with a value, their codes, and the
    number of values of the indicator in all (every place and sex)."""
    places = set(countries.loc[countries["kind"] == "country", "iso3"])
    mine = observations[observations["iso3"].isin(places)]
    codes = mine.groupby("indicator_id")["iso3"].unique()
    values = observations.groupby("indicator_id").size()
    return {
        iid: {"countries": len(codes[iid]), "places": list(codes[iid]), "values": int(values[iid])}
        for iid in codes.index
    }
