"""Indicator pages: definition, source, coverage, a world map with a year picker, selected
countries over time, downloads and the Dataset JSON-LD."""

from __future__ import annotations

from atlas import analyse
from atlas.render import charts as build
from atlas.render.chart import Chart
from atlas.render.context import Context, write_page
from atlas.render.figures import indicator_years, map_classes, map_rows
from atlas.render.formats import dump_json
from atlas.render.linked_data import indicator_dataset, page_cite
from atlas.render.pickers import aggregate_series, group_options, place_options


def indicator_charts(ctx: Context, iid: str, ind: dict) -> tuple[list[Chart], list[int]]:
    """The map (latest year, one data file per year for the picker) and the focus countries'
    series; the years with data."""
    per_year = map_rows(ctx.obs_index, ctx.kinds, ctx.names, ctx.m49, iid, ctx.flag_words)
    # a year whose values are all zero has nothing to map (zero there means "not reported")
    years = sorted(y for y, rows in per_year.items() if any(r["value"] for r in rows))
    charts_here = []
    if years:
        latest_year = years[-1]
        chart = build.map_chart(
            ctx, f"indicators/{iid}/map", ind, latest_year, per_year[latest_year], years
        )
        chart.first = True
        charts_here.append(chart)
        fmt = ctx.number_format(ind["unit_en"])
        # one data file per year for the year picker; its CSV is written in the browser from
        # the same rows (atlas.js csvText, tested to agree with the build's writer), which keeps
        # 2,600 files (75 MB) off the site
        for y in years:
            dump_json(
                ctx.out / f"charts/indicators/{iid}/map-{y}.json", map_classes(per_year[y], fmt)
            )
        ts = build.focus_series_chart(
            ctx, f"indicators/{iid}/series", ind, ctx.pages["focus_countries"]
        )
        if ts is not None:
            charts_here.append(ts)
    return charts_here, years


def indicator_pages(ctx: Context) -> list[Chart]:
    """Every indicator page; returns each page's first chart."""
    firsts = []
    focus = ctx.pages["focus_countries"]
    coverage = analyse.indicator_coverage(ctx.tables["observations"], ctx.tables["countries"])
    spans = indicator_years(ctx.tables["observations"])
    agg = ctx.tables["aggregates"]
    groups = aggregate_series(ctx)
    for iid, ind in ctx.indicators.items():
        charts_here, years = indicator_charts(ctx, iid, ind)
        ctx.charts += charts_here
        firsts += charts_here[:1]
        cov = coverage.get(iid, {"countries": 0, "values": 0, "places": []})
        stats = {
            "countries": cov["countries"],
            "years": f"{min(years)}–{max(years)}" if years else "no data",
            "observations": cov["values"],
        }
        method = agg.loc[agg["indicator_id"] == iid, "method"]
        dataset = indicator_dataset(ctx, ind, spans.get(iid))
        ctx.datasets.append(dataset)
        write_page(
            ctx,
            f"indicators/{iid}.md",
            "indicator.md.j2",
            ind=ind,
            charts=charts_here,
            stats=stats,
            source=ctx.sources[ind["source_id"]],
            all_sources=[ctx.sources[s] for s in ind["source_ids"].split() if s in ctx.sources],
            theme=ctx.meta["themes"][ind["theme"]]["en"],
            method=method.iloc[0] if len(method) else "",
            country_options=place_options(ctx, cov["places"]),
            group_options=group_options(ctx, groups[iid]),
            focus=focus,
            jsonld=ctx.env.globals["jsonld"](f"jsonld/indicators/{iid}", dataset),
            cite=page_cite(ctx, f"indicators/{iid}", ind["title_en"], ind["source_ids"].split()),
        )
    return firsts
