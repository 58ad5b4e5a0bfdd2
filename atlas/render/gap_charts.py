"""The income gap on country pages (issue 19): for a country's largest destinations of emigrants,
how many times its GDP per capita (PPP) each destination has (`income_gap`), with the
stock-weighted mean of all its emigrants and the migrants left out (`income_gap_origins`) said
beside the chart. Words in metadata/corridors.yaml."""

from __future__ import annotations

import pandas as pd

from atlas.render import specs
from atlas.render.chart import Chart, value_styles
from atlas.render.charts import source_line
from atlas.render.context import Context
from atlas.render.formats import decimal_text, human_number, records


def gap_rows(gap: pd.DataFrame, iso3: str, n: int) -> list[dict]:
    """The origin's n largest corridors (by migrants) that have an income gap."""
    mine = gap[gap["origin_iso3"] == iso3].copy()
    for c in ("migrants", "ratio", "gdp_origin", "gdp_destination"):
        mine[c] = pd.to_numeric(mine[c])
    for c in ("year", "gdp_year"):
        mine[c] = mine[c].astype(int)
    mine = mine.sort_values(["migrants", "destination_iso3"], ascending=[False, True]).head(n)
    return records(mine)


def origin_summary(origins: pd.DataFrame, iso3: str) -> dict | None:
    """The origin's row of `income_gap_origins`, its numbers as numbers (None: no emigrants)."""
    row = origins[origins["iso3"] == iso3]
    if row.empty:
        return None
    out = records(row)[0]
    for c in ("migrants", "migrants_covered", "migrants_left_out", "mean_ratio", "gdp_origin"):
        out[c] = None if out[c] == "" else float(out[c])
    for c in ("year", "gdp_year"):
        out[c] = int(out[c])
    return out


def income_gap_chart(ctx: Context, iso3: str) -> Chart | None:
    words = ctx.local_meta("corridors")["explorer"]["country_chart"]
    unit = ctx.meta["corridors"]["explorer"]["country_chart"]["unit"]  # names the number format
    rows = gap_rows(ctx.tables["income_gap"], iso3, words["top_n"])
    if not rows:
        return None
    name = ctx.local_names[iso3]
    fmt = ctx.number_format(unit)
    people = ctx.number_format("persons")
    year, gdp_year = rows[0]["year"], rows[0]["gdp_year"]
    for r in rows:
        r["category"] = ctx.local_names[r["destination_iso3"]]
        r["value"] = r["ratio"]
        r["label"] = words["label"].format(
            ratio=decimal_text(r["ratio"], 1, ctx.lang),
            migrants=human_number(r["migrants"], people, lang=ctx.lang),
        )
    title = words["title"]
    subtitle = words["subtitle"].format(name=name, n=len(rows), year=year, gdp_year=gdp_year)
    key = f"countries/{iso3}/income-gap"
    spec = specs.chart_spec(
        "catbars", f"charts/{key}.json", title, subtitle, f"{title}, {name}", fmt, unit=unit
    )
    source, license_ = source_line(ctx, ["gdp_per_capita_ppp"], ["undesa-stocks-2024"])
    alt = ctx.t("Bar chart: {title}, {name}").format(title=title, name=name) + ": "
    alt += ", ".join(f"{r['category']} {r['label']}" for r in rows)
    return Chart(
        key,
        "catbars",
        title,
        subtitle,
        spec,
        rows,
        [
            ("category", ctx.t("Destination")),
            ("value", ctx.t("Times the GDP per capita of the origin")),
            ("migrants", ctx.t("Emigrants")),
            ("gdp_destination", ctx.t("GDP per capita of the destination")),
            ("gdp_origin", ctx.t("GDP per capita of the origin")),
            ("gdp_year", ctx.t("GDP year")),
            ("year", ctx.t("Year")),
        ],
        source + ctx.t("; ratios computed by the Atlas (income_gap)"),
        license_,
        str(year),
        alt,
        unit=unit,
        styles=value_styles(fmt)
        | {"migrants": "0", "gdp_destination": "0", "gdp_origin": "0", "gdp_year": "year"},
        entity=ctx.names[iso3],
        code=iso3,
    )


def income_gap_section(ctx: Context, iso3: str) -> dict:
    """What the country page's include shows: the chart (added to the page's charts) and the
    origin's summary (the weighted mean, the migrants left out)."""
    chart = income_gap_chart(ctx, iso3)
    if chart is not None:
        ctx.record([chart])
    return {"chart": chart, "summary": origin_summary(ctx.tables["income_gap_origins"], iso3)}
