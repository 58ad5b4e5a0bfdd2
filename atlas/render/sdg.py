"""The SDG migration targets tracker (issue 20): /sdg/ (one section per target: its wording in
plain words, the indicators that measure it, the latest World value and its trend where the
publisher gives one, who reports, what no series measures), a page per target with its charts
and downloads, and the "SDG migration targets" section of every country page (through the
template global `sdg_country`). What and in which order: metadata/sdg_targets.yaml; figures:
`sdg_figures`; charts: `sdg_charts`."""

from __future__ import annotations

import pandas as pd

from atlas.base import ROOT, load_yaml
from atlas.render import sdg_charts as build
from atlas.render.chart import Chart
from atlas.render.context import Context, write_page
from atlas.render.figures import latest_totals
from atlas.render.formats import decimal_text, human_number
from atlas.render.i18n import DEFAULT
from atlas.render.linked_data import page_cite
from atlas.render.output import write_csv
from atlas.render.sdg_figures import (
    age_band,
    corridors_above,
    headline,
    latest_with_trend,
    migrant_split,
    observation_reporters,
    observation_summary,
    reporters,
    reporting_summary,
    sdg_values,
    target_distance,
    trend_words,
)
from atlas.render.sdg_words import sdg_config

RESOURCE_COLUMNS = ["series", "iso3", "year", "sex", "age", "migratory_status", "policy_domain",
                    "observation_status", "exploitation_form", "value", "value_text", "nature",
                    "publisher_aggregate"]  # fmt: skip


def sdg_view(ctx: Context) -> None:
    """Read once what every SDG page and country section shows (into `ctx.sdg`)."""
    config = load_yaml(ROOT / "metadata" / "sdg_targets.yaml")
    frame = sdg_values(ctx.tables["sdg_series"])
    countries = {c for c, k in ctx.kinds.items() if k == "country"}
    head = headline(frame, config)
    counts = reporters(head, countries)
    ctx.sdg = {
        "config": config,
        "frame": frame,
        "countries": countries,
        "latest": {(r["series"], r["iso3"]): r for r in latest_with_trend(head).to_dict("records")},
        "counts": counts,
        "atlas_latest": latest_totals(ctx.latest),
    }


def _say(ctx: Context, unit: str):
    fmt = ctx.number_format(unit)
    return lambda v: human_number(v, fmt, lang=ctx.lang)


def series_row(ctx: Context, code: str) -> dict:
    """A series on the tracker: title, unit, custodian, its World value with year and trend
    (publisher aggregates only), and who reports."""
    meta = build.series_meta(ctx)[code]
    unit = meta["unit"]["en"]
    say = _say(ctx, unit)
    world = ctx.sdg["latest"].get((code, "WLD"))
    local = {s["code"]: s for s in ctx.local_meta("sdg_series")["series"]}
    return {
        "code": code,
        "title": meta["title"][ctx.lang],
        "unit": meta["unit"][ctx.lang],
        "custodian": local[code]["custodian"],
        "world": _world(ctx, world, say, age_band(world["age"]) if world is not None else ""),
        **reporting_summary(ctx.sdg["counts"], ctx.sdg["frame"], code, ctx.sdg["countries"]),
    }


def _world(ctx: Context, world: dict | None, say, age: str) -> dict | None:
    """A World value in words (value, year, trend, age band), or None where none is published."""
    if world is None:
        return None
    return {"value": say(world["value"]), "year": int(world["year"]),
            "trend": local_trend(ctx, world, say), "age": age}  # fmt: skip


def atlas_row(ctx: Context, iid: str) -> dict:
    """An indicator of the package on the tracker: its World value where the publisher gives
    one (flagged publisher_aggregate in observations: the 10.c.1 average), and who reports."""
    ind = ctx.indicators[iid]
    say = _say(ctx, ind["unit_en"])
    world = ctx.sdg["atlas_latest"].get((iid, "WLD", "total"))
    if world is not None and world.get("flag") != "publisher_aggregate":
        world = None  # the Atlas's own sums are on the indicator page, with their coverage
    summary = observation_summary(ctx.tables["observations"], iid, ctx.sdg["countries"])
    return {
        **ind,
        "title": ind[f"title_{ctx.lang}"],
        "unit": ind[f"unit_{ctx.lang}"],
        "world": _world(ctx, world, say, ""),
        **summary,
    }


def tracker_sections(ctx: Context) -> list[dict]:
    """One section per target, with the reporting chart of its series."""
    sections = []
    for t in sdg_config(ctx)["targets"]:
        indicators = [
            dict(
                i,
                rows=[series_row(ctx, c) for c in i["series"]],
                atlas_rows=[atlas_row(ctx, a) for a in i["atlas"]],
            )  # fmt: skip
            for i in t["indicators"]
        ]
        counts = ctx.sdg["counts"]
        parts = [counts[counts["series"].isin(t["reporting"])]]
        obs = ctx.tables["observations"]
        parts += [
            observation_reporters(obs, a, ctx.sdg["countries"])
            for a in t["reporting"]
            if a in ctx.indicators
        ]
        counts = pd.concat(parts)
        chart = build.reporting_chart(ctx, f"sdg/reporting-{t['slug']}", t, counts)
        sections.append({"target": t, "indicators": indicators, "chart": chart, "counts": counts})
    return sections


def target_charts(ctx: Context, t: dict) -> list[Chart]:
    """The charts of a target page, in the order of metadata/sdg_targets.yaml."""
    frame = ctx.sdg["frame"]
    out = []
    for conf in t["charts"]:
        key = f"sdg/{t['slug']}/{conf['id']}"
        kind = conf["kind"]
        if kind == "aggregate_lines":
            chart = build.aggregate_lines(ctx, key, conf, frame)
        elif kind == "map":
            chart = build.series_map(ctx, key, conf, frame)
        elif kind == "dots":
            chart = build.dots_chart(ctx, key, conf, frame)
        elif kind == "atlas_map":
            chart = build.atlas_map(ctx, key, conf)
        elif kind == "cost_target":
            chart = build.cost_target_chart(ctx, key, conf, t["numeric"])
        elif kind == "corridor_share":
            c = ctx.sdg["config"]["corridors"]
            share = corridors_above(ctx.tables["bilateral"], c["measure"], c["unspecified"],
                                    t["numeric"]["corridor"]["value"])  # fmt: skip
            chart = build.corridor_chart(ctx, key, conf, share, t["numeric"])
        else:
            raise ValueError(f"metadata/sdg_targets.yaml: unknown chart kind {kind!r}")
        if chart is not None:
            out.append(chart)
    return out


def write_series_downloads(ctx: Context) -> dict[str, str]:
    """Every official series as published, one CSV each (/data/sdg/<code>.csv)."""
    table = ctx.tables["sdg_series"]
    urls = {}
    for code, rows in table.groupby("series", sort=True):
        path = f"data/sdg/{code}.csv"
        write_csv(ctx.out / path, rows[RESOURCE_COLUMNS].to_dict("records"), RESOURCE_COLUMNS)
        urls[code] = path
    return urls


def sdg_pages(ctx: Context) -> list[Chart]:
    """/sdg/ and one page per target, in the page's language (the series downloads and the
    charts' data are the English pages'); returns the charts that get a static fallback."""
    if ctx.lang == DEFAULT:
        ctx.shared["sdg_downloads"] = write_series_downloads(ctx)
    downloads = ctx.shared["sdg_downloads"]
    sections = tracker_sections(ctx)
    firsts = []
    tracker_charts = [s["chart"] for s in sections if s["chart"] is not None]
    if tracker_charts:
        tracker_charts[0].fallback = True
    if not ctx.record(tracker_charts):
        firsts += tracker_charts[:1]
    for s in sections:
        t = s["target"]
        charts = target_charts(ctx, t)
        # the page's own copy of the reporting chart (a chart's fragment is written once, with
        # the links of one page)
        own = build.reporting_chart(ctx, f"sdg/{t['slug']}/reporting", t, s["counts"])
        if charts:
            charts[0].fallback = True
        if not ctx.record(charts + ([own] if own is not None else [])):
            firsts += charts[:1]
        write_page(
            ctx,
            f"sdg/{t['slug']}.md",
            "sdg_target.md.j2",
            section=s,
            charts=charts,
            reporting=own,
            downloads=downloads,
            cite=page_cite(ctx, f"sdg/{t['slug']}", target_title(ctx, t), []),
        )
    write_page(ctx, "sdg/index.md", "sdg.md.j2", sections=sections,
               cite=page_cite(ctx, "sdg", ctx.t("SDG migration targets tracker"), []))  # fmt: skip
    return firsts


def target_title(ctx: Context, t: dict) -> str:
    """A target page's title in the page's language ("SDG target 10.7: …")."""
    return ctx.t("SDG target {id}: {title}").format(id=t["id"], title=t["title"][ctx.lang])


def country_rows(ctx: Context, iso3: str) -> list[dict]:
    """The country page's "SDG migration targets" section: per target, the country's latest
    value of each indicator's series with year, trend and distance to a numeric target, or
    "not reported". Series of one form of exploitation stay on the target page."""
    meta = build.series_meta(ctx)
    out = []
    for t in ctx.sdg["config"]["targets"]:
        rows = []
        for i in t["indicators"]:
            if i.get("country") is False:
                continue
            for code in i["series"]:
                form = meta[code].get("exploitation_form", "all_forms")
                if form != "all_forms" or not _has_countries(ctx, code):
                    continue
                rows.append(_series_cell(ctx, iso3, i, code, meta[code]))
            for iid in i["atlas"]:
                rows.append(_indicator_cell(ctx, iso3, i, iid, t.get("numeric")))
        out.append({"target": t, "rows": rows})
    return out


def _has_countries(ctx: Context, code: str) -> bool:
    counts = ctx.sdg["counts"]
    return bool((counts["series"] == code).any())


def local_trend(ctx: Context, row: dict | None, say) -> str:
    """`sdg_figures.trend_words` in the page's language: 'up from 42 in 2012',
    'down from …', 'unchanged since 2012', or '' without a base."""
    english = trend_words(row, say)
    if not english or row is None:
        return english
    year = int(row["base_year"])
    if english.startswith("unchanged"):
        return ctx.t("unchanged since {year}").format(year=year)
    words = (
        ctx.t("up from {value} in {year}")
        if row["change"] > 0
        else ctx.t("down from {value} in {year}")
    )
    return words.format(value=say(row["base_value"]), year=year)


def local_distance(ctx: Context, value: float, target: float) -> str:
    """`sdg_figures.target_distance` in the page's language (the same numbers)."""
    english = target_distance(value, target)
    limit = decimal_text(target, 0 if float(target).is_integer() else 1, ctx.lang)
    if english.startswith("meets"):
        return ctx.t("meets the {target} % target").format(target=limit)
    gap = decimal_text(float(value) - float(target), 1, ctx.lang)
    return ctx.t("{gap} percentage points above the {target} % target").format(
        gap=gap, target=limit
    )


def _series_cell(ctx: Context, iso3: str, ind: dict, code: str, meta: dict) -> dict:
    unit = meta["unit"]["en"]
    say = _say(ctx, unit)
    hit = ctx.sdg["latest"].get((code, iso3))
    cell = {"indicator": ind["code"], "label": meta["title"][ctx.lang], "code": code,
            "unit": meta["unit"][ctx.lang]}  # fmt: skip
    if hit is None:
        return cell | {"value": None}
    age = age_band(hit["age"])
    note = ctx.t("ages {band}").format(band=age) if age else ""
    if "migratory_status" in meta["dimensions"] and code.startswith("SL_EMP"):
        note = _migrant_split(ctx, iso3, code, int(hit["year"]), say)
    return cell | {"value": say(hit["value"]), "year": int(hit["year"]),
                   "trend": local_trend(ctx, hit, say), "note": note, "distance": ""}  # fmt: skip


def _migrant_split(ctx: Context, iso3: str, code: str, year: int, say) -> str:
    """8.8.1: the migrant and non-migrant values of the same year, where the country gives
    them."""
    split = migrant_split(ctx.sdg["frame"], code, iso3, year)
    if split is None:
        return ""
    return ctx.t("migrant workers {migrants}, non-migrant workers {others}").format(
        migrants=say(split[0]), others=say(split[1])
    )


def _indicator_cell(ctx: Context, iso3: str, ind: dict, iid: str, numeric: dict | None) -> dict:
    meta = ctx.indicators[iid]
    unit = meta["unit_en"]
    say = _say(ctx, unit)
    r = ctx.sdg["atlas_latest"].get((iid, iso3, "total"))
    cell = {"indicator": ind["code"], "label": meta[f"title_{ctx.lang}"], "code": iid,
            "unit": meta[f"unit_{ctx.lang}"], "atlas": True}  # fmt: skip
    if r is None:
        return cell | {"value": None}
    trend = local_trend(
        ctx,
        {"base_year": r["base_year"], "base_value": r["base_value"], "change": r["change"]},
        say,
    )
    distance = local_distance(ctx, r["value"], numeric["average"]["value"]) if numeric else ""
    return cell | {"value": say(r["value"]), "year": int(r["year"]), "trend": trend,
                   "note": "", "distance": distance}  # fmt: skip
