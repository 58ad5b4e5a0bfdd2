"""Analyse stage: World, region and income-group aggregates computed from the validated
country values, with the coverage beside every value.

Methods come from each indicator's `aggregate` entry in metadata (sum, population-weighted
mean, ratio of sums); groups and the coverage threshold from `metadata/aggregates.yaml`.
Coverage is the share of the group's population (same year) living in the countries that have
a value. Publisher aggregates (e.g. UNDP's world HDI) stay in `observations`, flagged; these
are the Atlas's own.
"""

from __future__ import annotations

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
        rows = rows.merge(members, on="iso3").merge(pop, on=["iso3", "year"], how="left")
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
        out["coverage"] = (out["covered"] / out["group_pop"]).round(4)
        out = out[out["coverage"] >= config["min_coverage"]]
        parts.append(out.assign(indicator_id=ind["id"], method=method)[COLUMNS])
    return pd.concat(parts, ignore_index=True)
