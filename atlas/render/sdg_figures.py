"""What the SDG tracker pages show, computed from the package (issue 20): each official series
summarised by its headline breakdown, latest values with their trend, who reports (countries
with data per series and year), the rows of the breakdown charts, and the share of remittance
corridors above the 10.c ceiling.

Pages and charts never compute: every figure the tracker, the target pages and the country
sections print comes from here, and everything here reads the validated package only.
"""

from __future__ import annotations

import pandas as pd

from atlas.render.formats import jsonable

TREND_YEARS = 10  # a trend runs from the earliest value of the last ten years to the latest


def sdg_values(table: pd.DataFrame) -> pd.DataFrame:
    """The `sdg_series` resource with numbers: value as float (text answers such as 10.7.2's
    'N' are missing here, never 0), year as int, publisher_aggregate as bool."""
    out = table.copy()
    out["year"] = out["year"].astype(int)
    out["value"] = pd.to_numeric(out["value"].replace("", None))
    out["publisher_aggregate"] = out["publisher_aggregate"] == "true"
    return out[out["value"].notna()]


def headline(frame: pd.DataFrame, config: dict, keep: dict | None = None) -> pd.DataFrame:
    """Each series' headline breakdown (metadata/sdg_targets.yaml `headline`): per dimension,
    the first preferred value the series has, or its only value; `age: any` keeps every band
    (8.7.1: one band per country). `keep` pins a
    dimension to given values (a chart's age band, or the breakdown it draws)."""
    parts = []
    for code, rows in frame.groupby("series", sort=False):
        prefs = {**config["headline"], **config.get("headline_overrides", {}).get(code, {})}
        for dim, wanted in {**prefs, **(keep or {})}.items():
            if wanted == "any":
                continue
            wanted = wanted if isinstance(wanted, list) else [wanted]
            if keep and dim in keep:
                rows = rows[rows[dim].isin(wanted)]
                continue
            have = next((w for w in wanted if (rows[dim] == w).any()), None)
            if have is None and rows[dim].nunique() == 1:
                continue  # one value only (5.2.1: women): the series' own headline
            rows = rows[rows[dim] == have] if have is not None else rows.iloc[0:0]
        parts.append(rows)
    return pd.concat(parts, ignore_index=True) if parts else frame.iloc[0:0]


def latest_with_trend(frame: pd.DataFrame, years: int = TREND_YEARS) -> pd.DataFrame:
    """Per series and place (one headline row per year): the latest value and year, and the
    earliest value of the `years` before it (base_year, base_value, change); no base when the
    place has a single value in that window."""
    frame = frame.sort_values(["series", "iso3", "year"])
    keys = ["series", "iso3"]
    frame = frame.drop_duplicates([*keys, "year"], keep="first")
    latest = frame.groupby(keys, sort=False).tail(1).set_index(keys)
    first = frame.merge(latest[["year"]].rename(columns={"year": "latest"}), on=keys)
    window = first[(first["year"] < first["latest"]) & (first["year"] >= first["latest"] - years)]
    base = window.groupby(keys, sort=False).head(1).set_index(keys)
    out = latest[["year", "value", "age", "publisher_aggregate"]].join(
        base[["year", "value"]].rename(columns={"year": "base_year", "value": "base_value"})
    )
    out["change"] = out["value"] - out["base_value"]
    return out.reset_index()


def reporters(frame: pd.DataFrame, countries: set[str]) -> pd.DataFrame:
    """Who reports: per series and year, the number of countries or areas (not aggregates) with
    a value of the headline breakdown (the reporting-status idea of Open SDG platforms)."""
    rows = frame[frame["iso3"].isin(countries)]
    out = rows.groupby(["series", "year"])["iso3"].nunique().rename("countries").reset_index()
    return out.sort_values(["series", "year"], ignore_index=True)


def reporting_summary(
    counts: pd.DataFrame, frame: pd.DataFrame, code: str, countries: set[str]
) -> dict:
    """Who reports a series, in short: first and last year with country values, countries in
    the last year, and countries with a value in any year (None where only aggregates)."""
    mine = counts[counts["series"] == code]
    places = frame.loc[(frame["series"] == code) & frame["iso3"].isin(countries), "iso3"]
    if mine.empty:
        return {"first_year": None, "last_year": None, "reporting_last": None,
                "reporting_ever": 0}  # fmt: skip
    last = mine.iloc[-1]
    return {
        "first_year": int(mine["year"].min()),
        "last_year": int(last["year"]),
        "reporting_last": int(last["countries"]),
        "reporting_ever": int(places.nunique()),
    }


def observation_summary(obs: pd.DataFrame, indicator: str, countries: set[str]) -> dict:
    """Who reports an indicator of `observations`, in short (as `reporting_summary`)."""
    counts = observation_reporters(obs, indicator, countries)
    rows = obs[(obs["indicator_id"] == indicator) & obs["iso3"].isin(countries)]
    frame = rows.assign(series=indicator)
    return reporting_summary(counts, frame, indicator, countries)


def migrant_split(frame: pd.DataFrame, code: str, iso3: str, year: int) -> tuple | None:
    """8.8.1: a country's (migrant, non-migrant) values of one year, both sexes, where it
    gives both; None otherwise."""
    rows = frame[(frame["series"] == code) & (frame["iso3"] == iso3) & (frame["year"] == year)]
    rows = rows[rows["sex"] == "total"].set_index("migratory_status")["value"]
    if "migrants" not in rows or "non_migrants" not in rows:
        return None
    return float(rows["migrants"]), float(rows["non_migrants"])


def observation_reporters(obs: pd.DataFrame, indicator: str, countries: set[str]) -> pd.DataFrame:
    """Who reports an indicator of `observations` (total values): countries per year."""
    rows = obs[(obs["indicator_id"] == indicator) & (obs["sex"] == "total")]
    rows = rows[rows["iso3"].isin(countries) & rows["value"].notna()]
    out = rows.groupby("year")["iso3"].nunique().rename("countries").reset_index()
    return out.assign(series=indicator)[["series", "year", "countries"]]


def corridors_above(
    bilateral: pd.DataFrame, measure: str, unspecified: str, ceiling: float
) -> pd.DataFrame:
    """Per year: corridors priced (sender and receiver both named), how many cost more than
    `ceiling` percent, and their share in percent (10.c: no corridor above 5 %)."""
    rows = bilateral[(bilateral["measure"] == measure) & (bilateral["sex"] == "total")]
    rows = rows[(rows["from_iso3"] != unspecified) & (rows["to_iso3"] != unspecified)]
    rows = rows[rows["value"].notna()]
    out = rows.groupby("year").agg(
        corridors=("value", "size"), above=("value", lambda v: int((v > ceiling).sum()))
    )
    out["share"] = out["above"] / out["corridors"] * 100
    return out.reset_index()


def place_years(
    frame: pd.DataFrame, by: str, groups: list, rank_series: str | None
) -> dict[str, int]:
    """The year each place's breakdown is shown for: the latest year of `rank_series` (its
    headline) when given, else the latest year with at least two of `groups` (one when a
    single group is drawn), so that the parts are compared within one year."""
    if rank_series:
        ranked = frame[frame["series"] == rank_series]
        return ranked.groupby("iso3")["year"].max().astype(int).to_dict()
    need = min(2, len(groups))
    rows = frame[frame[by].isin(groups)]
    counts = rows.groupby(["iso3", "year"])[by].nunique().reset_index()
    counts = counts[counts[by] >= need]
    return counts.groupby("iso3")["year"].max().astype(int).to_dict()


def breakdown_rows(
    frame: pd.DataFrame,
    by: str,
    groups: list,
    places: list[str],
    top: int | None,
    rank: pd.DataFrame | None,
) -> pd.DataFrame:
    """The rows of a breakdown chart: per place, its values of `groups` of the `by` dimension
    in one year (`place_years`), every part as published (never stacked or summed: the parts of
    8.7.1 and 16.2.2 do not add up to their totals). With `top`, the places with the highest
    `rank` headline value in that year (or the highest part), highest first; `order` ranks."""
    frame = frame[frame["iso3"].isin(places) & frame[by].isin(groups)]
    rank_series = None if rank is None else str(rank["series"].iloc[0]) if len(rank) else None
    years = place_years(
        pd.concat([frame, rank]) if rank is not None else frame, by, groups, rank_series
    )
    frame = frame[frame["year"] == frame["iso3"].map(years)]
    if rank is not None and len(rank):
        mine = rank[rank["year"] == rank["iso3"].map(years)]
        score = mine.groupby("iso3")["value"].max()
    else:
        score = frame.groupby("iso3")["value"].max()
    keep = score[score.index.isin(set(frame["iso3"]))].sort_values(ascending=False)
    if top:
        keep = keep.head(top)
    order = {iso3: n for n, iso3 in enumerate(keep.index if top else places)}
    frame = frame[frame["iso3"].isin(keep.index)]
    frame = frame.assign(order=frame["iso3"].map(order))
    group_order = {g: n for n, g in enumerate(groups)}
    frame = frame.assign(group_order=frame[by].map(group_order))
    return frame.sort_values(["order", "group_order"], ignore_index=True)


def latest_per_country(frame: pd.DataFrame, countries: set[str]) -> pd.DataFrame:
    """Each country's latest headline value of one series (maps of latest values)."""
    rows = frame[frame["iso3"].isin(countries)].sort_values(["iso3", "year"])
    return rows.groupby("iso3").tail(1).sort_values(["value", "iso3"], ascending=[False, True])


def trend_words(row: dict | None, say) -> str:
    """'up from 42 in 2012' / 'down from …' / 'unchanged since 2012', or '' without a base;
    `say` writes a value in its unit's words."""
    if row is None or row.get("base_year") is None or pd.isna(row.get("base_year")):
        return ""
    change = row["change"]
    since = f"{say(row['base_value'])} in {int(row['base_year'])}"
    if change == 0:
        return f"unchanged since {int(row['base_year'])}"
    return f"{'up' if change > 0 else 'down'} from {since}"


def target_distance(value: float, target: float) -> str:
    """How far a cost is from a numeric target, in percentage points ('2.1 percentage points
    above the 3 % target', 'meets the 3 % target')."""
    gap = float(value) - float(target)
    if gap < 0:
        return f"meets the {target:g} % target"
    return f"{gap:.1f} percentage points above the {target:g} % target"


def age_band(age: str) -> str:
    """An age band as pages write it ('5–17', '15+'); '' for all ages or none."""
    return "" if age in ("na", "all") else age.replace("-", "–")


def as_dicts(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts with JSON-ready values."""
    return [{k: jsonable(v) for k, v in r.items()} for r in frame.to_dict(orient="records")]
