"""The corridor-cost chart of country pages: the cost of sending $200 in each of a country's
corridors, against the SDG 10.c target and the corridor ceiling."""

from __future__ import annotations

from atlas.render import specs
from atlas.render.chart import Chart, value_styles
from atlas.render.charts import local_unit, source_line
from atlas.render.context import Context
from atlas.render.formats import human_number


def cost_chart(
    ctx: Context, key: str, title: str, iso3: str, rows: list[dict] | None
) -> Chart | None:
    if not rows:
        return None
    local = ctx.local_names
    rows = [
        ctx.with_short(dict(r, partner=local[r["partner_iso3"]]), r["partner_iso3"]) for r in rows
    ]
    unit = ctx.meta["measures"]["remittance_cost"]["unit"]
    fmt = ctx.number_format(unit)
    name = local[iso3]
    years = sorted({r["year"] for r in rows})
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    subtitle = ctx.t("{name} · {unit} · latest year").format(name=name, unit=local_unit(ctx, unit))
    spec = specs.chart_spec(
        "costbars", f"charts/{key}.json", title, subtitle, f"{title}, {name}", fmt, unit=unit
    )
    source, license_ = source_line(ctx, [], [ctx.meta["measures"]["remittance_cost"]["source"]])
    lines = ctx.pages["cost_lines"]
    source += ctx.t(
        "; dashed lines: the SDG 10.c target ({target} %) and the corridor ceiling ({ceiling} %)"
    ).format(target=lines["target"], ceiling=lines["ceiling"])
    alt = (
        ctx.t("Bar chart: {title}, {name}").format(title=title, name=name)
        + ": "
        + ", ".join(
            f"{r['partner']} {human_number(r['value'], fmt, lang=ctx.lang)} ({r['year']})"
            for r in rows
        )
    )
    return Chart(
        key,
        "costbars",
        title,
        subtitle,
        spec,
        rows,
        [
            ("partner", ctx.t("Corridor partner")),
            ("value", ctx.t("Cost ({unit})").format(unit=local_unit(ctx, unit))),
            ("year", ctx.t("Year")),
        ],
        source,
        license_,
        span,
        alt,
        unit=unit,
        styles=value_styles(fmt),
        entity=ctx.names[iso3],
        code=iso3,
    )
