"""Indicator pages: definition, source, coverage, a world map with a year picker, selected
countries over time, downloads and the Dataset JSON-LD; in every language (the Spanish and
French pages draw the English pages' data files with their own text, `local_charts`)."""

from __future__ import annotations

from atlas import analyse
from atlas.render import charts as build
from atlas.render.chart import Chart
from atlas.render.context import Context, write_page
from atlas.render.figures import indicator_years, map_classes, map_rows
from atlas.render.formats import dump_json
from atlas.render.i18n import DEFAULT
from atlas.render.linked_data import indicator_dataset, page_cite
from atlas.render.pickers import aggregate_series, group_options, place_options


def local_flag_words(ctx: Context) -> dict[str, str]:
    """Each flag id's meaning in the page's language (metadata/flags.yaml)."""
    return {k: v[ctx.lang] for k, v in ctx.meta["flags"].items()}


def indicator_charts(ctx: Context, iid: str, ind: dict) -> tuple[list[Chart], list[int]]:
    """The map (latest year, one data file per year for the picker, written with the English
    page) and the focus countries' series; the years with data. The rows of a Spanish or
    French chart name places and flags in its language (its table); its drawing reads the
    English data file."""
    per_year = map_rows(
        ctx.obs_index, ctx.kinds, ctx.local_names, ctx.m49, iid, local_flag_words(ctx)
    )
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
        for y in years if ctx.lang == DEFAULT else []:
            dump_json(
                ctx.out / f"charts/indicators/{iid}/map-{y}.json", map_classes(per_year[y], fmt)
            )
        ts = build.focus_series_chart(
            ctx, f"indicators/{iid}/series", ind, ctx.pages["focus_countries"]
        )
        if ts is not None:
            charts_here.append(ts)
    return charts_here, years


def shared_figures(ctx: Context) -> tuple:
    """What every indicator page draws on, whatever its language (computed once; the
    aggregates' files are written once)."""
    if "indicator" not in ctx.shared:
        ctx.shared["indicator"] = (
            analyse.indicator_coverage(ctx.tables["observations"], ctx.tables["countries"]),
            indicator_years(ctx.tables["observations"]),
            aggregate_series(ctx),
        )
    return ctx.shared["indicator"]


def indicator_pages(ctx: Context) -> list[Chart]:
    """Every indicator page in the page's language; returns each English page's first chart."""
    firsts = []
    focus = ctx.pages["focus_countries"]
    coverage, spans, groups = shared_figures(ctx)
    agg = ctx.tables["aggregates"]
    lang = ctx.lang
    for iid, ind in ctx.indicators.items():
        charts_here, years = indicator_charts(ctx, iid, ind)
        if not ctx.record(charts_here):
            firsts += charts_here[:1]
        cov = coverage.get(iid, {"countries": 0, "values": 0, "places": []})
        stats = {
            "countries": cov["countries"],
            "years": f"{min(years)}–{max(years)}" if years else "",
            "observations": cov["values"],
        }
        method = agg.loc[agg["indicator_id"] == iid, "method"]
        dataset = indicator_dataset(ctx, ind, spans.get(iid))
        if lang == DEFAULT:
            ctx.datasets.append(dataset)
        write_page(
            ctx,
            f"indicators/{iid}.md",
            "indicator.md.j2",
            ind=ind,
            title=ind[f"title_{lang}"],
            charts=charts_here,
            stats=stats,
            source=ctx.local_sources[ind["source_id"]],
            all_sources=[
                ctx.local_sources[s] for s in ind["source_ids"].split() if s in ctx.sources
            ],
            # the English records: words a translation leaves out are quoted (lang="en")
            sources_en=[ctx.sources[s] for s in ind["source_ids"].split() if s in ctx.sources],
            theme=ctx.meta["themes"][ind["theme"]][lang],
            method=method.iloc[0] if len(method) else "",
            country_options=place_options(ctx, cov["places"]),
            group_options=group_options(ctx, groups[iid]),
            focus=focus,
            jsonld=ctx.env.globals["jsonld"](f"jsonld/indicators/{iid}", dataset),
            cite=page_cite(
                ctx, f"indicators/{iid}", ind[f"title_{lang}"], ind["source_ids"].split()
            ),
        )
    return firsts
