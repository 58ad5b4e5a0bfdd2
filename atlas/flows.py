"""Analyse stage: who moves between which groups of countries — South–South and regional flows,
from the bilateral migrant stock of the validated package.

The founding documents ask how much migration runs between countries of the South and within
regions, not only towards the rich world. These tables answer with UN DESA's origin ×
destination stock:

- `south_south`: the stock by origin income group × destination income group and year, each end
  classified by the World Bank group *in force in that year* (the fiscal year that starts on 1 July
  of the stock's year: UN DESA stocks are mid-year), not today's classification;
- `south_south_world`: the world's migrants, those from non-high-income countries and those who
  moved between non-high-income countries, with shares;
- `south_south_countries`: per country, the share of its emigrants living in non-high-income
  countries and of its immigrants coming from them;
- `regional_flows`: per UN region, sub-region and intermediate region (metadata/aggregates.yaml),
  its emigrants, how many live in the same region, and its immigrants from the region.

Migrants whose origin UN DESA does not give ("other" origins, code OOO) are counted in every total
and in no group: shares of non-high-income origins are lower bounds.
"""

from __future__ import annotations

import pandas as pd

UNKNOWN = "unknown"  # origin not given by the source (UN DESA "other")
UNCLASSIFIED = "unclassified"  # a country or area the World Bank did not classify that year
UN_COLUMNS = {"un_region", "un_subregion", "un_intermediate_region"}


def _stock(bilateral: pd.DataFrame) -> pd.DataFrame:
    rows = bilateral[bilateral["measure"] == "migrant_stock"]
    out = rows[["from_iso3", "to_iso3", "year", "sex", "value"]].copy()
    out["year"] = out["year"].astype(int)
    out["value"] = pd.to_numeric(out["value"])
    return out


def income_in_force(income_groups: pd.DataFrame, years: list[int], offset: int) -> pd.DataFrame:
    """(iso3, year, income_group): the World Bank group in force in each year (fiscal year
    year + offset; the latest fiscal year published where a later one does not exist yet)."""
    frame = income_groups[["iso3", "fiscal_year", "income_group"]].copy()
    frame["fiscal_year"] = frame["fiscal_year"].astype(int)
    latest = int(frame["fiscal_year"].max())
    wanted = pd.DataFrame({"year": years})
    wanted["fiscal_year"] = (wanted["year"] + offset).clip(upper=latest)
    return wanted.merge(frame, on="fiscal_year")[["iso3", "year", "income_group"]]


def stock_by_income_groups(
    bilateral: pd.DataFrame, countries: pd.DataFrame, income_groups: pd.DataFrame, offset: int
) -> pd.DataFrame:
    """Each migrant-stock pair with the income group of its origin and of its destination in
    the year of the stock (`unknown` origin for codes that are not places)."""
    stock = _stock(bilateral)
    groups = income_in_force(income_groups, sorted(stock["year"].unique()), offset)
    kinds = dict(zip(countries["iso3"], countries["kind"], strict=True))
    for end, column in (("from_iso3", "origin_group"), ("to_iso3", "destination_group")):
        named = groups.rename(columns={"iso3": end, "income_group": column})
        stock = stock.merge(named, on=[end, "year"], how="left")
        stock[column] = stock[column].fillna(UNCLASSIFIED)
    stock.loc[stock["from_iso3"].map(kinds) != "country", "origin_group"] = UNKNOWN
    return stock


def south_south(pairs: pd.DataFrame) -> pd.DataFrame:
    """The `south_south` resource: stock by origin group × destination group, year and sex."""
    keys = ["year", "sex", "origin_group", "destination_group"]
    out = pairs.groupby(keys).agg(value=("value", "sum"), pairs=("value", "size"))
    return out.reset_index()


def south_south_world(matrix: pd.DataFrame, non_high: list[str]) -> pd.DataFrame:
    """The `south_south_world` resource: per year and sex, the world's migrants, those from
    non-high-income countries, those between non-high-income countries, those of unknown
    or unclassified origin, and the shares (0-1) of all migrants."""
    south_origin = matrix["origin_group"].isin(non_high)
    south_both = south_origin & matrix["destination_group"].isin(non_high)
    keys = ["year", "sex"]
    parts = {
        "migrants": matrix,
        "from_non_high": matrix[south_origin],
        "between_non_high": matrix[south_both],
        "unknown_origin": matrix[matrix["origin_group"] == UNKNOWN],
        "unclassified_origin": matrix[matrix["origin_group"] == UNCLASSIFIED],
    }
    out = pd.concat({k: v.groupby(keys)["value"].sum() for k, v in parts.items()}, axis=1)
    out = out.fillna(0)
    out["share_from_non_high"] = out["from_non_high"] / out["migrants"]
    out["share_between_non_high"] = out["between_non_high"] / out["migrants"]
    out["share_unknown_origin"] = out["unknown_origin"] / out["migrants"]
    out["share_unclassified_origin"] = out["unclassified_origin"] / out["migrants"]
    return out.reset_index()


def _side(pairs: pd.DataFrame, place: str, group: str, non_high: list[str], name: str):
    keys = [place, "year", "sex"]
    total = pairs.groupby(keys)["value"].sum().rename(name)
    south = pairs[pairs[group].isin(non_high)].groupby(keys)["value"].sum()
    south = south.rename(f"{name}_non_high")
    return pd.concat([total, south], axis=1).rename_axis(["iso3", "year", "sex"])


def south_south_countries(
    pairs: pd.DataFrame, countries: pd.DataFrame, non_high: list[str]
) -> pd.DataFrame:
    """The `south_south_countries` resource: per country, year and sex, its emigrants and those
    living in non-high-income countries, its immigrants and those from non-high-income
    countries, with shares (0-1); immigrants of unknown origin stay in the total."""
    emi = _side(pairs, "from_iso3", "destination_group", non_high, "emigrants")
    imm = _side(pairs, "to_iso3", "origin_group", non_high, "immigrants")
    unknown = pairs[pairs["origin_group"] == UNKNOWN].groupby(["to_iso3", "year", "sex"])["value"]
    unknown = unknown.sum().rename("immigrants_unknown_origin").rename_axis(["iso3", "year", "sex"])
    out = pd.concat([emi, imm, unknown], axis=1).reset_index()
    places = set(countries.loc[countries["kind"] == "country", "iso3"])
    out = out[out["iso3"].isin(places)].copy()
    for side in ("emigrants", "immigrants"):
        has = out[side].notna()
        out.loc[has, f"{side}_non_high"] = out.loc[has, f"{side}_non_high"].fillna(0)
        out[f"{side}_share_non_high"] = out[f"{side}_non_high"] / out[side]
    out.loc[out["immigrants"].notna(), "immigrants_unknown_origin"] = out[
        "immigrants_unknown_origin"
    ].fillna(0)
    return out


def region_groups(groups: dict[str, dict]) -> dict[str, dict]:
    """The groups of metadata/aggregates.yaml defined by UN M49 geography alone."""
    return {g: rule for g, rule in groups.items() if rule and set(rule) <= UN_COLUMNS}


def regional_flows(
    bilateral: pd.DataFrame, countries: pd.DataFrame, members: pd.DataFrame
) -> pd.DataFrame:
    """The `regional_flows` resource: per region group, year and sex, the emigrants of its
    members (anywhere), those living in a member country (intra-regional), its immigrants,
    those born in a member country, and the intra-regional shares (0-1). `members` are the
    (group, iso3) pairs of the region groups."""
    stock = _stock(bilateral)
    parts = []
    for group, iso3s in members.groupby("group")["iso3"]:
        inside = set(iso3s)
        out_of = stock[stock["from_iso3"].isin(inside)]
        into = stock[stock["to_iso3"].isin(inside)]
        keys = ["year", "sex"]
        frame = pd.concat(
            {
                "emigrants": out_of.groupby(keys)["value"].sum(),
                "emigrants_within": out_of[out_of["to_iso3"].isin(inside)]
                .groupby(keys)["value"]
                .sum(),
                "immigrants": into.groupby(keys)["value"].sum(),
                "immigrants_from_within": into[into["from_iso3"].isin(inside)]
                .groupby(keys)["value"]
                .sum(),
            },
            axis=1,
        ).fillna(0)
        frame["countries"] = len(inside)
        parts.append(frame.reset_index().assign(group=group))
    out = pd.concat(parts, ignore_index=True)
    out["share_within"] = out["emigrants_within"] / out["emigrants"]
    out["share_from_within"] = out["immigrants_from_within"] / out["immigrants"]
    return out


# --- UN development groups (UN DESA's "developed regions", "less developed regions", "least
# developed countries"), beside the World Bank income groups ---------------------------------
DEVELOPED = "developed"
LEAST = "least_developed"
OTHER_LESS = "less_developed_other"  # less developed regions, excluding the least developed


def _matches(countries: pd.DataFrame, rule: dict) -> pd.Series:
    """Rows where every column of `rule` has its value (booleans as true/false, any case)."""
    hit = pd.Series(True, index=countries.index)
    for column, value in rule.items():
        hit &= countries[column].astype(str).str.lower() == str(value).lower()
    return hit


def development_groups(countries: pd.DataFrame, rules: dict) -> pd.DataFrame:
    """(iso3, development_group) for every row of kind country: `developed` where any of
    `rules["developed"]` matches (UN DESA's developed regions: Europe, Northern America,
    Australia and New Zealand, Japan), `least_developed` where `rules["least_developed"]`
    matches (the UN list of least developed countries), `less_developed_other` otherwise. One
    classification for every year (UN DESA gives no list by year)."""
    places = countries[countries["kind"] == "country"]
    developed = pd.Series(False, index=places.index)
    for rule in rules["developed"]:
        developed |= _matches(places, rule)
    least = _matches(places, rules["least_developed"]) & ~developed
    group = pd.Series(OTHER_LESS, index=places.index)
    group[least] = LEAST
    group[developed] = DEVELOPED
    return pd.DataFrame({"iso3": places["iso3"], "development_group": group})


def stock_by_development_groups(
    bilateral: pd.DataFrame, countries: pd.DataFrame, rules: dict
) -> pd.DataFrame:
    """Each migrant-stock pair with the UN development group of its origin and destination
    (`unknown` origin for codes that are not countries, as for income groups)."""
    stock = _stock(bilateral)
    groups = development_groups(countries, rules)
    of = dict(zip(groups["iso3"], groups["development_group"], strict=True))
    stock["origin_group"] = stock["from_iso3"].map(of).fillna(UNKNOWN)
    stock["destination_group"] = stock["to_iso3"].map(of)
    return stock[stock["destination_group"].notna()]
