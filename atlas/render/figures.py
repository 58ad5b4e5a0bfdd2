"""What pages show, arranged from the package: lookups, rankings, counts and groupings.

Pages and charts never compute: every figure they print comes from here or from
`atlas.analyse`, and everything here reads the validated package only.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable

import pandas as pd
from babel.dates import format_date

from atlas import analyse
from atlas.render.formats import human_number, jsonable, records, share_text
from atlas.render.index_figures import index_distribution, index_trend


def index_view(tables: dict[str, pd.DataFrame], meta: dict, names: dict[str, str]) -> dict:
    """The index resources arranged for pages (lookups only: every figure is in the package)."""
    config = meta["index"]
    titles = {d["id"]: d["title"] for d in config["dimensions"]}
    titles["index"] = config["short_title"]
    ind_titles = {
        i["id"]: i.get("title") or meta_title(meta, i["from"])
        for d in config["dimensions"]
        for i in d["indicators"]
    }
    ind_units = {
        i["id"]: i.get("unit") or meta_unit(meta, i["from"])
        for d in config["dimensions"]
        for i in d["indicators"]
    }
    idx = tables["index"]
    edition = int(idx["edition"].max())
    editions, trend = index_trend(idx, names)
    distribution = index_distribution(idx, ["index", *[d["id"] for d in config["dimensions"]]])
    idx = idx[idx["edition"] == edition]
    scored_of = idx[idx["status"] == "scored"].groupby("dimension").size().to_dict()
    inputs = tables["index_inputs"]
    by_country = index_by_country(idx, inputs[inputs["edition"] == edition])
    overall = idx[idx["dimension"] == "index"]
    # led by what the uncertainty allows: the median rank over the Monte-Carlo draws, then the
    # rank with the default weights
    scored = overall[overall["status"] == "scored"].sort_values(["rank_median", "rank", "iso3"])
    wide = idx.pivot(index="iso3", columns="dimension", values="score")
    order = [d["id"] for d in config["dimensions"]]
    ranking = [
        dict(r, name=names[r["iso3"]], dims=[jsonable(wide.at[r["iso3"], d]) for d in order])
        for r in records(scored)
    ]
    unscored = [
        {
            "iso3": r["iso3"],
            "name": names[r["iso3"]],
            "coverage": r["coverage"],
            "dims": [by_country[r["iso3"]]["dims"][d] for d in order],
        }
        for r in records(overall[overall["status"] == "not_scored"])
    ]
    unscored.sort(key=lambda r: r["name"])
    return {
        "config": config,
        "edition": edition,
        "first_year": edition - int(config["window_years"]) + 1,
        "titles": titles,
        "indicator_titles": ind_titles,
        "indicator_units": ind_units,
        "countries": by_country,
        "ranking": ranking,
        "unscored": unscored,
        "n_scored": len(ranking),
        # the rank interval's coverage (metadata/index.yaml `uncertainty.interval`), as pages say it
        "interval": f"{float(config['uncertainty']['interval']) * 100:g} %",
        "scored_of": scored_of,
        "editions": editions,
        "trend": trend,
        "distribution": distribution,
    }


def index_by_country(idx: pd.DataFrame, inputs: pd.DataFrame) -> dict[str, dict]:
    """Per country: its index row, its dimension rows and its input values (one edition)."""
    by_country: dict[str, dict] = {}
    for r in records(idx):
        entry = by_country.setdefault(r["iso3"], {"dims": {}, "inputs": {}})
        if r["dimension"] == "index":
            entry["index"] = r
        else:
            entry["dims"][r["dimension"]] = r
    for r in records(inputs):
        by_country[r["iso3"]]["inputs"][r["indicator"]] = r
    return by_country


def meta_title(meta: dict, iid: str) -> str:
    return next(i["title"]["en"] for i in meta["indicators"] if i["id"] == iid)


def meta_unit(meta: dict, iid: str) -> str:
    return next(i["unit"] for i in meta["indicators"] if i["id"] == iid)


def map_rows(
    obs_index: dict,
    kinds: dict[str, str],
    names: dict[str, str],
    m49: dict[str, str],
    iid: str,
    flag_words: dict[str, str],
) -> dict[int, list[dict]]:
    """Per year: one row per country (kind country) with a total value, ranked by value (map
    lookup keys are M49 codes), with its year and its flag in words. Built from the series
    index in one pass."""
    by_year: dict[int, list[dict]] = {}
    for iso3, kind in kinds.items():
        if kind != "country":
            continue
        for y, v, f in obs_index.get((iso3, iid, "total"), ()):
            row = {
                "iso3": iso3,
                "name": names[iso3],
                "id": m49[iso3],
                "year": y,
                "value": v,
                "flag": f,
                "flag_note": flag_words.get(f, f),
            }
            by_year.setdefault(y, []).append(row)
    out = {}
    for y, rows in by_year.items():
        rows.sort(key=lambda r: (-r["value"], r["iso3"]))
        out[y] = [{"rank": n, **r} for n, r in enumerate(rows, start=1)]
    return out


def drawable(rows: list[dict]) -> list[dict]:
    """The rows of a line chart worth drawing: values present, and only series with a value
    other than zero (an all-zero series is "not reported", never a line at 0)."""
    rows = [r for r in rows if r.get("value") is not None]
    shown = {r["series"] for r in rows if r["value"] != 0}
    return [r for r in rows if r["series"] in shown]


def map_classes(rows: list[dict], fmt: dict, n: int = 5) -> list[dict]:
    """Rows with `bin` (a class in the unit's words: "1.2 million – 5 million") and `bin_order`:
    up to n quantile classes of the values, so one giant (the US stock, India's remittances)
    does not paint the rest of the world alike. Class limits are the quantiles rounded to two
    significant digits (limits of classes, not data); up to n distinct values are a class each."""
    values = sorted(r["value"] for r in rows if r.get("value") is not None)
    if not values:
        return rows
    distinct = sorted(set(values))
    if len(distinct) <= n:  # few values (counts of families): a class each
        order = {v: k for k, v in enumerate(distinct)}
        return [
            r
            if r.get("value") is None
            else dict(r, bin=human_number(r["value"], fmt), bin_order=order[r["value"]])
            for r in rows
        ]
    cuts, labels = quantile_classes(values, fmt, n)
    out = []
    for r in rows:
        if r.get("value") is None:
            out.append(r)
            continue
        k = bisect.bisect_right(cuts, r["value"])
        out.append(dict(r, bin=labels[k], bin_order=k))
    return out


def quantile_classes(values: list[float], fmt: dict, n: int = 5) -> tuple[list[float], list[str]]:
    """Class limits (quantiles of the sorted values, two significant digits) and the label of
    each class; a value v is in class `bisect_right(cuts, v)` (the browser re-classes a map so,
    index.js)."""
    quantiles = {float(f"{values[len(values) * k // n]:.2g}") for k in range(1, n)}
    cuts = sorted(c for c in quantiles if values[0] < c <= values[-1])
    words = [human_number(c, fmt, digits=2) for c in cuts]
    labels = (
        [f"under {words[0]}"]
        + [f"{a} – {b}" for a, b in zip(words, words[1:], strict=False)]
        + [f"{words[-1]} and more"]
        if cuts
        else [f"{human_number(values[0], fmt)} – {human_number(values[-1], fmt)}"]
    )
    return cuts, labels


def ranked(rows: list[dict], key) -> list[dict]:
    """Rows sorted by `key`, each given its 1-based `rank` in place."""
    rows.sort(key=key)
    for n, r in enumerate(rows, start=1):
        r["rank"] = n
    return rows


def latest_fiscal_year(income_groups: pd.DataFrame) -> str:
    """The World Bank classification countries carry ("FY26"): the latest in OGHIST."""
    return f"FY{int(pd.to_numeric(income_groups['fiscal_year']).max()) % 100:02d}"


def status_date(ratifications: pd.DataFrame, lang: str = "en") -> str:
    """The date treaty status is given at ("3 February 2026", "3 de febrero de 2026"), from
    the package's `as_of`; in Spanish and French as CLDR writes a long date."""
    as_of = str(ratifications["as_of"].max())
    day = dt.date.fromisoformat(as_of if len(as_of) == 10 else f"{as_of}-01")
    if lang != "en":
        return format_date(day, "long" if len(as_of) == 10 else "LLLL y", locale=lang)
    return format_date(day, "d MMMM y" if len(as_of) == 10 else "MMMM y", locale="en")


def indicator_years(observations: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """First and last year of each indicator's published values (every place and sex)."""
    spans = observations.groupby("indicator_id")["year"].agg(["min", "max"])
    return {i: (int(r["min"]), int(r["max"])) for i, r in spans.iterrows()}


def partner_tops(
    bilateral: pd.DataFrame,
    country_charts: list[dict],
    n: int,
    kinds: dict[str, str],
    label_of: dict[str, Callable[[float], str]],
) -> dict[str, dict]:
    """For each bar chart of the country page: its top partners per country, in rank order.
    Partners are countries or former countries ("Unknown", "Stateless" count in the total but
    are not ranked); the first row of each partner carries its bar label (`label_of[measure]`
    says the number; the share of the country's total follows)."""
    partners = [c for c, k in kinds.items() if k in ("country", "former")]
    tops = {}
    for fam in country_charts:
        for c in fam["charts"]:
            if c["kind"] == "bars":
                side = "to_iso3" if c["side"] == "origins" else "from_iso3"
                top = analyse.top_partners(bilateral, c["measure"], side, n, partners)
                grouped: dict[str, list[dict]] = {}
                for r in records(top.sort_values(["iso3", "rank", "sex"])):
                    rows = grouped.setdefault(r["iso3"], [])
                    if not rows or rows[-1]["partner_iso3"] != r["partner_iso3"]:
                        share = share_text(r["of_total"])
                        r["label"] = f"{label_of[c['measure']](r['partner_total'])} ({share})"
                    rows.append({"label": "", **r})  # one label per bar, not per sex
                tops[c["id"]] = grouped
    return tops


def latest_totals(latest: pd.DataFrame) -> dict[tuple, dict]:
    """(indicator, country, "total") -> the latest value with its ten-year change."""
    return {
        (r["indicator_id"], r["iso3"], r["sex"]): r for r in records(latest) if r["sex"] == "total"
    }


def instrument_status(ratifications: pd.DataFrame, instrument: str) -> dict[str, dict]:
    """Each country's row for one instrument."""
    return {r["iso3"]: r for r in records(ratifications) if r["instrument"] == instrument}


def headline_figures(
    aggregates: pd.DataFrame,
    headlines: list[dict],
    indicators: dict,
    sources: dict,
    spans: dict[str, tuple[int, int]],
    recorded_events: list[str] = (),
) -> list[dict]:
    """The home page's headline figures: the latest aggregate of each (metadata/pages.yaml).
    Where the source's latest year is partial, the latest aggregate before that year (not
    before the latest aggregate: 2024 when 2025 is partial and not aggregated)."""
    heads = []
    agg = aggregates
    recorded = set(recorded_events)
    for h in headlines:
        rows = agg[
            (agg["indicator_id"] == h["indicator"])
            & (agg["group"] == h["group"])
            & (agg["sex"] == "total")
        ]
        if h.get("latest_year_partial"):  # show the latest complete year (metadata says why)
            rows = rows[rows["year"] < spans[h["indicator"]][1]]
        row = rows.sort_values("year").iloc[-1]
        ind = indicators[h["indicator"]]
        heads.append(
            {
                "label": h["label"],
                "row": row,
                "ind": ind,
                "source": sources[ind["source_id"]],
                "recorded_events": h["indicator"] in recorded,
            }
        )
    return heads


def coverage_rows(
    tables: dict[str, pd.DataFrame],
    countries: pd.DataFrame,
    themes_of: dict[str, str],
    families: list[str],
) -> list[dict]:
    """Per country (by name): the indicator families with data and how many."""
    cov = analyse.coverage_matrix(tables["observations"], tables["ratifications"], themes_of)
    cov = cov[cov["iso3"].isin(set(countries["iso3"]))]
    matrix = []
    for c in countries.itertuples():
        mine = cov[cov["iso3"] == c.iso3].set_index("family")
        cells = [(f, mine.loc[f] if f in mine.index else None) for f in families]
        matrix.append(
            {
                "iso3": c.iso3,
                "name": c.name_en,
                "cells": cells,
                "count": sum(1 for _, v in cells if v is not None),
            }
        )
    return matrix


def coverage_map_rows(matrix: list[dict], m49: dict[str, str]) -> list[dict]:
    """The coverage map's rows: countries ranked by the number of families with data."""
    rows = [
        {
            "rank": 0,
            "iso3": m["iso3"],
            "name": m["name"],
            "id": m49[m["iso3"]],
            "value": m["count"],
            "flag": "",
        }
        for m in matrix
    ]
    return ranked(rows, lambda r: (-r["value"], r["name"]))


def peer_groups(country: dict, groups: dict[str, dict]) -> list[str]:
    """A country's peers for comparison: its UN sub-region's group (Mexico beside Latin America
    and the Caribbean, not the Americas with the US and Canada), its income group's and the
    world (the groups defined in metadata/aggregates.yaml), where it has them."""
    out = []
    for column in ("un_subregion", "income_group"):
        out += [
            g
            for g, rule in groups.items()
            if list(rule) == [column] and country[column] and rule[column] == country[column]
        ]
    return [*out, "WLD"]


def usual_step(years: list[int]) -> int:
    """The most common step between a series' observed years (the smaller on a tie): 5 for UN
    DESA's five-yearly stocks (2020 -> 2024 is still one step), 1 for annual series."""
    steps = Counter(b - a for a, b in zip(years, years[1:], strict=False))
    return min(steps, key=lambda s: (-steps[s], s)) if steps else 1


PARTIAL = "partial_year"  # the flag of a year the source covers only in part (metadata/flags)


def segmented(rows: list[dict]) -> list[dict]:
    """Rows with a `segment` id: a line joins a series' observed years and breaks only where the
    series skips more than its usual step (a period it normally covers), and around a partial
    year (a hollow point alone: joined, January–April reads as a collapse); the browser does
    the same (`segments` in atlas.js, tests/test_twins.py; the static fallback by `output`)."""
    rows = sorted((dict(r) for r in rows), key=lambda r: (r["series"], r["year"]))
    years: dict[str, list[int]] = {}
    for r in rows:
        years.setdefault(r["series"], []).append(r["year"])
    step = {k: usual_step(v) for k, v in years.items()}
    n, prev = 0, None
    for r in rows:
        if (
            prev is None
            or prev["series"] != r["series"]
            or r["year"] - prev["year"] > step[r["series"]]
            or PARTIAL in (r.get("flag"), prev.get("flag"))
        ):
            n += 1
        r["segment"] = f"{r['series']}#{n}"
        prev = r
    return rows
