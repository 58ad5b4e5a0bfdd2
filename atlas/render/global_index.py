"""The Global Index pages: the ranking (with the reader's weights), the methodology, and the
small JSON the browser recomputes scores from."""

from __future__ import annotations

from atlas.composite import uncertainty_for_browser
from atlas.render.chart import Chart
from atlas.render.context import Context, write_page
from atlas.render.figures import quantile_classes
from atlas.render.formats import dump_json, records
from atlas.render.i18n import DEFAULT
from atlas.render.index_charts import class_words, index_map_chart, index_ranks_chart


def scores_for_browser(ctx: Context) -> dict:
    """Dimension weights, every scored country's dimension scores, and the map's score classes
    (index/scores.json): what a reader's weights re-rank, re-map and re-interval."""
    view = ctx.gindex
    cuts, labels = quantile_classes(
        sorted(r["score"] for r in view["ranking"]), ctx.number_format("score")
    )
    return {
        "edition": view["edition"],
        "dimensions": [
            {"id": d["id"], "title": d["title"], "weight": d["weight"]}
            for d in view["config"]["dimensions"]
        ],
        "countries": [
            ctx.with_short(
                {
                    "iso3": r["iso3"],
                    "name": r["name"],
                    "id": ctx.m49[r["iso3"]],
                    "scores": r["dims"],
                },
                r["iso3"],
            )
            for r in view["ranking"]
        ],
        "map": {"cuts": cuts, "labels": labels},
    }


def uncertainty_json(ctx: Context) -> dict:
    """The Monte-Carlo draws and each normalisation's dimension scores (index/uncertainty.json),
    for the scored countries in the order of index/scores.json."""
    view = ctx.gindex
    t = ctx.tables
    return uncertainty_for_browser(
        t["index_inputs"],
        t["index_indicators"],
        view["config"],
        view["edition"],
        [r["iso3"] for r in view["ranking"]],
    )


def methodology_page(ctx: Context) -> None:
    view = ctx.gindex
    dims = view["config"]["dimensions"]
    t = ctx.tables
    edition = view["edition"]
    bounds = {r["indicator"]: r for r in records(t["index_indicators"]) if r["edition"] == edition}
    sens = [r for r in records(t["index_sensitivity"]) if r["edition"] == edition]
    corr = t["index_correlations"]
    corr = corr[corr["edition"] == edition]
    pearson = {(r["row"], r["column"]): r["pearson"] for r in records(corr)}
    spearman = {(r["row"], r["column"]): (r["spearman"], r["n"]) for r in records(corr)}
    matrix_ids = [i["id"] for d in dims for i in d["indicators"]] + [d["id"] for d in dims]
    write_page(
        ctx,
        "index/methodology.md",
        "index_methodology.md.j2",
        view=view,
        bounds=bounds,
        sensitivity=sens,
        matrix_ids=matrix_ids,
        pearson=pearson,
        spearman=spearman,
        package_titles={i: ctx.indicators[i][f"title_{ctx.lang}"] for i in ctx.indicators},
        status_date=ctx.local_status_date,
    )


def map_labels(ctx: Context) -> list[str]:
    """The map's class labels in the page's language (index.js re-classes the map with the
    build's limits, index/scores.json, and writes a class with its label here)."""
    scores = sorted(r["score"] for r in ctx.gindex["ranking"])
    return quantile_classes(scores, ctx.number_format("score"), words=class_words(ctx))[1]


def index_pages(ctx: Context) -> list[Chart]:
    """The ranking and methodology pages in the page's language; returns the ranking page's
    first chart (English: the files the browser recomputes from are written once)."""
    if ctx.lang == DEFAULT:
        dump_json(ctx.out / "index" / "scores.json", scores_for_browser(ctx))
        dump_json(ctx.out / "index" / "uncertainty.json", uncertainty_json(ctx))
    chart, map_chart_ = index_ranks_chart(ctx), index_map_chart(ctx)
    chart.first = True
    # the page's two long tables (ranking, trend) show their first rows; the charts' tables
    # (every scored country) wait until opened: a light page at first paint
    chart.defer_table = map_chart_.defer_table = True
    local = ctx.record([chart, map_chart_])
    write_page(
        ctx,
        "index/index.md",
        "global_index.md.j2",
        view=ctx.gindex,
        chart=chart,
        map_chart=map_chart_,
        map_labels=map_labels(ctx),
    )
    methodology_page(ctx)
    return [] if local else [chart]
