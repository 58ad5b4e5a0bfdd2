"""The "Flows and shares" section of country pages (issue 19): the South–South shares of the
country's emigrants and immigrants, women among emigrants, refugees per 100,000 by origin, net
migration, and remittance corridors with KNOMAD's 2017 and 2021 estimates side by side. Titles
and labels in metadata/country_flows.yaml; rows from `atlas.render.flow_figures`."""

from __future__ import annotations

import functools

from atlas.base import ROOT, load_yaml
from atlas.render import charts as build
from atlas.render import specs
from atlas.render.chart import Chart, value_styles
from atlas.render.charts import _line, local_unit, source_line
from atlas.render.context import Context
from atlas.render.flow_figures import (
    classification_rows,
    remittance_years,
    south_shares,
    unknown_origins,
)
from atlas.render.formats import human_number
from atlas.render.i18n import DEFAULT, overlay, translated_yaml


@functools.cache
def section_meta() -> dict:
    return load_yaml(ROOT / "metadata" / "country_flows.yaml")


def local_section_meta(ctx: Context) -> dict:
    """metadata/country_flows.yaml in the page's language (its mirror
    metadata/translations/country_flows.<lang>.yaml laid over it)."""
    if ctx.lang == DEFAULT:
        return section_meta()
    key = ("country_flows", ctx.lang)
    if key not in ctx.shared:
        ctx.shared[key] = overlay(section_meta(), translated_yaml("country_flows", ctx.lang))
    return ctx.shared[key]


def flow_labels(ctx: Context) -> dict[str, str]:
    """The section's series labels, English -> the page's language (the data files carry
    the English ones)."""
    en, local = section_meta(), local_section_meta(ctx)
    pairs = dict(
        zip(en["south"]["labels"].values(), local["south"]["labels"].values(), strict=True)
    )
    for c, lc in zip(en["lines"], local["lines"], strict=True):
        for s, ls in zip(c["series"], lc["series"], strict=True):
            pairs[s["label"]] = ls["label"]
    return pairs


def flow_figures(ctx: Context) -> dict:
    """Every country's rows of the section, arranged once for all pages."""
    meta = section_meta()
    table = ctx.tables["south_south_countries"]
    unit = ctx.meta["measures"]["remittances"]["unit"]
    label = functools.partial(human_number, fmt=ctx.number_format(unit))
    return {
        "south": south_shares(table, meta["south"]["labels"]),
        "unknown": unknown_origins(table),
        "remittances": {
            r["id"]: remittance_years(
                ctx.tables["bilateral"], r["side"], ctx.pages["top_partners"], ctx.kinds, label
            )
            for r in meta["remittances"]
        },
    }


def south_chart(ctx: Context, iso3: str, rows: list[dict] | None) -> Chart | None:
    if not rows:
        return None
    meta = section_meta()["south"]
    title = local_section_meta(ctx)["south"]["title"]
    if ctx.lang != DEFAULT:
        labels = flow_labels(ctx)
        rows = [dict(r, series=labels[r["series"]]) for r in rows]
    name = ctx.local_names[iso3]
    unit = "percent"
    key = f"countries/{iso3}/{meta['id']}"
    source, license_ = source_line(ctx, ["emigrants", "migrant_stock"])
    source += ctx.t("; World Bank income group of each country in the year")
    chart = _line(
        ctx,
        key,
        title,
        ctx.t("{name} · percent of all emigrants / immigrants · income groups of each year").format(
            name=name
        ),
        rows,
        unit,
        (source, license_),
        ctx.t("Line chart: {title}, {name}").format(title=title, name=name),
    )
    if chart is not None:
        chart.entity, chart.code = ctx.names[iso3], iso3
    return chart


def remittance_chart(ctx: Context, spec: dict, iso3: str, rows: list[dict] | None) -> Chart | None:
    """Bars of a country's top remittance partners, a bar per KNOMAD matrix year (a partner
    with one year's estimate only has one bar)."""
    if not rows or not any(r["value"] for r in rows):
        return None
    measure = ctx.meta["measures"]["remittances"]
    unit = measure["unit"]
    fmt = ctx.number_format(unit)
    local = ctx.lang != DEFAULT
    rows = [
        ctx.with_short(
            dict(
                r,
                partner=ctx.local_names[r["partner_iso3"]],
                **({"label": human_number(r["value"], fmt, lang=ctx.lang)} if local else {}),
            ),
            r["partner_iso3"],
        )
        for r in rows
    ]
    name = ctx.local_names[iso3]
    title = spec["title"].format(top=ctx.pages["top_partners"])
    key = f"countries/{iso3}/{spec['id']}"
    years = sorted({r["year"] for r in rows})
    subtitle = ctx.t("{name} · {unit} · model estimates · ranked by the {year} estimate").format(
        name=name, unit=local_unit(ctx, unit), year=years[-1]
    )
    chart_spec = specs.chart_spec(
        "yearbars", f"charts/{key}.json", title, subtitle, f"{title}, {name}", fmt, unit=unit
    )
    source, license_ = source_line(ctx, [], measure["sources"])
    alt = ctx.t("Bar chart: {title}, {name}").format(title=title, name=name) + ": "
    alt += "; ".join(f"{r['partner']} {r['year']}: {r['label']}" for r in rows)
    return Chart(
        key,
        "yearbars",
        title,
        subtitle,
        chart_spec,
        rows,
        [
            ("rank", ctx.t("Rank")),
            ("partner", ctx.t("Corridor partner")),
            ("year", ctx.t("Year")),
            ("value", ctx.t("Value ({unit})").format(unit=local_unit(ctx, unit))),
        ],
        source,
        license_,
        ", ".join(str(y) for y in years),
        alt,
        unit=unit,
        styles=value_styles(fmt),
        entity=ctx.names[iso3],
        code=iso3,
    )


def flows_section(ctx: Context, iso3: str, figures: dict) -> dict:
    """The section's charts with something to draw, the titles of those without (the page says
    "no data reported"), and the country's immigrants of unknown origin (the lower-bound note)."""
    meta = local_section_meta(ctx)  # in the page's language
    made, empty = [], []
    south = south_chart(ctx, iso3, figures["south"].get(iso3))
    made += [south] if south else []
    empty += [] if south else [meta["south"]["title"]]
    for c in meta["lines"]:
        key = f"countries/{iso3}/{c['id']}"
        chart = build.line_chart(ctx, key, c["title"], c["series"], iso3, text=str)
        made += [chart] if chart else []
        empty += [] if chart else [c["title"]]
    for r in meta["remittances"]:
        chart = remittance_chart(ctx, r, iso3, figures["remittances"][r["id"]].get(iso3))
        made += [chart] if chart else []
        empty += [] if chart else [r["title"].format(top=ctx.pages["top_partners"])]
    return {"charts": made, "empty": empty, "unknown": figures["unknown"].get(iso3)}


def development_chart(ctx: Context, un: dict, income: dict) -> Chart | None:
    """The people-on-the-move theme page: shares of the world's migrants born in the South and
    moving within it, by UN development groups beside World Bank income groups."""
    meta = local_section_meta(ctx)["development_chart"]
    source, license_ = source_line(ctx, [], ["undesa-stocks-2024", "wb-oghist"])
    computed = ctx.t("; UN development groups as in UN DESA's tables; shares computed by the Atlas")
    chart = _line(
        ctx,
        f"themes/people-on-the-move/{meta['id']}",
        meta["title"],
        meta["subtitle"],
        classification_rows(un, income, meta["labels"]),
        "percent",
        (source + computed, license_),
        ctx.t("Line chart: {title}").format(title=meta["title"]),
    )
    if chart is not None:
        chart.entity, chart.code = ctx.names["WLD"], "WLD"
    return chart
