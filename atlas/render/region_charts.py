"""The charts of region pages: line charts of the analyse stage's aggregates for one group, with
the coverage of each value in the table, and the intra-regional shares (`regional_flows`)."""

from __future__ import annotations

from atlas.render.chart import Chart
from atlas.render.charts import _line, _points, local_unit, source_line
from atlas.render.context import Context
from atlas.render.region_figures import flow_rows


def aggregate_chart(
    ctx: Context, key: str, title: str, series: list[dict], group: str, first_year: int
) -> Chart | None:
    """Line chart of a group's aggregates, each row with its coverage (share of the group's
    population living in the countries counted)."""
    rows = []
    for s in series:
        label = ctx.text(s["label"])
        for r in _points(ctx, ctx.agg_index, (group, s["indicator"], "total"), label, first_year):
            r["coverage"] = ctx.coverage.get((group, s["indicator"], r["year"]))
            rows.append(r)
    if not rows:
        return None
    unit = ctx.indicators[series[0]["indicator"]]["unit_en"]
    name = ctx.local_names[group]
    source, license_ = source_line(ctx, list(dict.fromkeys(s["indicator"] for s in series)))
    note = ctx.t("; aggregates computed by the Atlas, with their coverage in the table")
    chart = _line(
        ctx,
        key,
        title,
        f"{name} · {local_unit(ctx, unit)}",
        rows,
        unit,
        (source + note, license_),
        ctx.t("Line chart: {title}, {name}").format(title=title, name=name),
    )
    if chart is not None:
        chart.columns.append(("coverage", ctx.t("Coverage (share of the group's population)")))
    return chart


def intra_regional_chart(ctx: Context, key: str, group: str) -> Chart | None:
    """The region's emigrants living in the region and its immigrants born in it, in percent."""
    rows = flow_rows(ctx.tables["regional_flows"], group)
    for r in rows:
        r["series"] = flow_label(ctx, r["series"])
    title = ctx.t("Migration within the region")
    name = ctx.local_names[group]
    source, license_ = source_line(ctx, [], ["undesa-stocks-2024"])
    return _line(
        ctx,
        key,
        title,
        f"{name} · {local_unit(ctx, 'percent')}",
        rows,
        "percent",
        (source + ctx.t("; shares computed by the Atlas (regional_flows)"), license_),
        ctx.t("Line chart: {title}, {name}").format(title=title, name=name),
    )


def flow_label(ctx: Context, label: str) -> str:
    """An intra-regional series' label (region_figures.flow_rows) in the page's language."""
    words = {
        "Emigrants living in the region": ctx.t("Emigrants living in the region"),
        "Immigrants born in the region": ctx.t("Immigrants born in the region"),
    }
    return words[label]
