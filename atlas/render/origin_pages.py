"""The theme page "What emigration costs countries of origin" (/themes/origin-costs/) with the
five Bellagio countries side by side, and the methodology page of the experimental estimate,
written from metadata/origin_costs.yaml (issue 21), in the page's language (issue 22: the
Spanish and French pages draw the English pages' chart data, one copy)."""

from __future__ import annotations

from babel.lists import format_list

from atlas.render.chart import Chart
from atlas.render.charts import local_unit
from atlas.render.context import Context, write_page
from atlas.render.i18n import DEFAULT, translated_yaml
from atlas.render.origin_charts import (
    compare_chart,
    estimate_chart,
    estimate_table,
    local_origin_meta,
)

THEME = "themes/origin-costs"


def assumptions(ctx: Context) -> list[dict]:
    """The estimate's assumptions, each with its text in the page's language under the
    language's key (`a.es` in templates/es/origin_methodology.md.j2, `a.en` in English): the
    mirror (metadata/translations/origin_costs.<lang>.yaml) names its text by its language."""
    english = ctx.meta["origin"]["estimate"]["assumptions"]
    if ctx.lang == DEFAULT:
        return english
    mirror = (translated_yaml("origin_costs", ctx.lang) or {})["estimate"]["assumptions"]
    return [{**a, **m} for a, m in zip(english, mirror, strict=True)]


def origin_pages(ctx: Context) -> list[Chart]:
    """Write the theme and methodology pages; returns the chart that gets a static fallback
    (none for a Spanish or French page: its figures hold the English chart's place)."""
    o, local = ctx.meta["origin"], local_origin_meta(ctx)
    countries = o["theme"]["countries"]
    estimates = [
        c
        for c in (estimate_chart(ctx, f"{THEME}/estimate-{i.lower()}", i) for i in countries)
        if c is not None
    ]
    compares = []
    for spec, words in zip(o["theme"]["compare"], local["theme"]["compare"], strict=True):
        spec = {**spec, "title": words["title"]}
        chart, missing = compare_chart(ctx, f"{THEME}/{spec['indicator']}", spec, countries)
        compares.append((spec["title"], chart, missing))
    charts = estimates + [c for _, c, _ in compares if c is not None]
    if charts:
        charts[0].fallback = True
    local_page = ctx.record(charts)  # a Spanish or French page: its charts' text only
    est = dict(local["estimate"], assumptions=assumptions(ctx))
    table = estimate_table(ctx, countries)
    write_page(
        ctx,
        f"{THEME}/index.md",
        "origin_theme.md.j2",
        estimates=estimates,
        compares=compares,
        table=table,
        # "India, Mexico, Morocco, the Philippines and Türkiye": CLDR's list in the language
        countries_text=format_list([r["name"] for r in table], locale=ctx.lang),
        us=local_unit(ctx, "current US$"),
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
        titles={i: ctx.indicators[i][f"title_{ctx.lang}"] for i in ctx.indicators},
        published=published,
        # the words of the levels and variants the metadata name by their English id
        level_words={
            "primary": ctx.t("primary"),
            "secondary": ctx.t("secondary"),
            "tertiary": ctx.t("tertiary"),
        },
        variant_words={"low": ctx.t("low"), "central": ctx.t("central"), "high": ctx.t("high")},
    )
    return [] if local_page else charts[:1]
