"""The charts of region pages: line charts of the analyse stage's aggregates for one group, with
the coverage of each value in the table, and the intra-regional shares (`regional_flows`)."""

from __future__ import annotations

from atlas.render.chart import Chart
from atlas.render.charts import _line, _points, source_line
from atlas.render.context import Context
from atlas.render.region_figures import flow_rows

AGGREGATE_NOTE = "; aggregates computed by the Atlas, with their coverage in the table"


def aggregate_chart(
    ctx: Context, key: str, title: str, series: list[dict], group: str, first_year: int
) -> Chart | None:
    """Line chart of a group's aggregates, each row with its coverage (share of the group's
    population living in the countries counted)."""
    rows = []
    for s in series:
        for r in _points(
            ctx, ctx.agg_index, (group, s["indicator"], "total"), s["label"], first_year
        ):
            r["coverage"] = ctx.coverage.get((group, s["indicator"], r["year"]))
            rows.append(r)
    if not rows:
        return None
    unit = ctx.indicators[series[0]["indicator"]]["unit_en"]
    name = ctx.names[group]
    source, license_ = source_line(ctx, list(dict.fromkeys(s["indicator"] for s in series)))
    chart = _line(
        ctx,
        key,
        title,
        f"{name} · {unit}",
        rows,
        unit,
        (source + AGGREGATE_NOTE, license_),
        f"Line chart: {title}, {name}",
    )
    if chart is not None:
        chart.columns.append(("coverage", "Coverage (share of the group's population)"))
    return chart


def intra_regional_chart(ctx: Context, key: str, group: str) -> Chart | None:
    """The region's emigrants living in the region and its immigrants born in it, in percent."""
    rows = flow_rows(ctx.tables["regional_flows"], group)
    title = "Migration within the region"
    name = ctx.names[group]
    source, license_ = source_line(ctx, [], ["undesa-stocks-2024"])
    return _line(
        ctx,
        key,
        title,
        f"{name} · percent",
        rows,
        "percent",
        (source + "; shares computed by the Atlas (regional_flows)", license_),
        f"Line chart: {title}, {name}",
    )
