"""Charts of theme pages and the five-countries page: lines of rows the figures stage made, bars
by category (routes, causes, directions), and one indicator for a set of countries."""

from __future__ import annotations

from atlas.render import specs
from atlas.render.chart import Chart, value_styles
from atlas.render.charts import _line, _points, local_unit, source_line
from atlas.render.context import Context
from atlas.render.formats import human_number


def rows_line(
    ctx: Context,
    key: str,
    title: str,
    subtitle: str,
    rows: list[dict],
    unit: str,
    source: tuple[str, str],
) -> Chart | None:
    """A line chart of rows made by the figures stage (series, year, value)."""
    return _line(
        ctx,
        key,
        title,
        subtitle,
        rows,
        unit,
        source,
        ctx.t("Line chart: {title}").format(title=title),
    )


def category_bars(
    ctx: Context,
    key: str,
    title: str,
    subtitle: str,
    rows: list[dict],
    unit: str,
    source: tuple[str, str],
    years: str,
) -> Chart | None:
    """Bars by category, largest first, each labelled with its number."""
    if not rows or not any(r["value"] for r in rows):
        return None
    fmt = ctx.number_format(unit)
    spec = specs.chart_spec(
        "catbars", f"charts/{key}.json", title, subtitle, f"{title}, {subtitle}", fmt, unit=unit
    )
    alt = (
        ctx.t("Bar chart: {title}").format(title=title)
        + ": "
        + ", ".join(f"{r['category']} {human_number(r['value'], fmt, lang=ctx.lang)}" for r in rows)
    )
    value = ctx.t("Value ({unit})").format(unit=local_unit(ctx, unit))
    return Chart(
        key,
        "catbars",
        title,
        subtitle,
        spec,
        rows,
        [("category", ctx.t("Category")), ("value", value)],
        source[0],
        source[1],
        years,
        alt,
        unit=unit,
        styles=value_styles(fmt),
        entity=ctx.local_names["WLD"],  # the theme pages' categories are world totals
        code="WLD",
    )


def countries_line(
    ctx: Context, key: str, title: str, indicator: str, countries: list[str], first_year: int
) -> Chart | None:
    """One indicator for a few countries, one line each (the five-countries page)."""
    rows = []
    for iso3 in countries:
        name = ctx.local_names[iso3]
        rows += _points(ctx, ctx.obs_index, (iso3, indicator, "total"), name, first_year)
    unit = ctx.indicators[indicator]["unit_en"]
    alt = ctx.t("Line chart: {title}").format(title=title)
    return _line(
        ctx,
        key,
        title,
        local_unit(ctx, unit),
        rows,
        unit,
        source_line(ctx, [indicator]),
        alt + ", " + ", ".join(ctx.local_names[c] for c in countries),
    )
