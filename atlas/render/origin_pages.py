"""The theme page "What emigration costs countries of origin" (/themes/origin-costs/) with the
five Bellagio countries side by side, and the methodology page of the experimental estimate,
written from metadata/origin_costs.yaml (issue 21)."""

from __future__ import annotations

from atlas.render.chart import Chart
from atlas.render.context import Context, write_page
from atlas.render.origin_charts import compare_chart, estimate_chart, estimate_table

THEME = "themes/origin-costs"


def origin_pages(ctx: Context) -> list[Chart]:
    """Write the theme and methodology pages; returns the chart that gets a static fallback."""
    o = ctx.meta["origin"]
    countries = o["theme"]["countries"]
    estimates = [
        c
        for c in (estimate_chart(ctx, f"{THEME}/estimate-{i.lower()}", i) for i in countries)
        if c is not None
    ]
    compares = []
    for spec in o["theme"]["compare"]:
        chart, missing = compare_chart(ctx, f"{THEME}/{spec['indicator']}", spec, countries)
        compares.append((spec["title"], chart, missing))
    charts = estimates + [c for _, c, _ in compares if c is not None]
    if charts:
        charts[0].fallback = True
    ctx.charts += charts
    est = o["estimate"]
    write_page(
        ctx,
        f"{THEME}/index.md",
        "origin_theme.md.j2",
        estimates=estimates,
        compares=compares,
        table=estimate_table(ctx, countries),
        est=est,
        units={k: ctx.indicators[i]["unit_en"] for k, i in est["indicators"].items()},
    )
    published = sum(
        1 for r in ctx.obs_index if r[1] == est["indicators"]["central"] and r[2] == "total"
    )
    write_page(
        ctx,
        f"{THEME}/methodology.md",
        "origin_methodology.md.j2",
        est=est,
        titles={i: ctx.indicators[i]["title_en"] for i in ctx.indicators},
        published=published,
    )
    return charts[:1]
