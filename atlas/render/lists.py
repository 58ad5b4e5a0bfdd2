"""The pages that list and lead: home, countries, indicators, coverage, compare, data and
downloads, sources."""

from __future__ import annotations

import json

from atlas.base import ROOT
from atlas.render import specs
from atlas.render.chart import Chart
from atlas.render.context import Context, write_page
from atlas.render.figures import (
    coverage_map_rows,
    coverage_rows,
    headline_figures,
    indicator_years,
    map_classes,
    ranked,
)
from atlas.render.formats import dump_json, sort_key
from atlas.render.i18n import DEFAULT, translated_yaml
from atlas.render.linked_data import package_dataset
from atlas.render.local_charts import local_spec
from atlas.render.pickers import group_options, indicator_choices, place_options


def home_page(ctx: Context, n_countries: int) -> None:
    heads = headline_figures(
        ctx.tables["aggregates"],
        ctx.pages["headline_figures"],
        ctx.indicators,
        ctx.sources,
        recorded_events=ctx.recorded_events,
        spans=indicator_years(ctx.tables["observations"]),
    )
    focus = [(c, ctx.local_names[c]) for c in ctx.pages["focus_countries"]]
    write_page(
        ctx,
        "index.md",
        "home.md.j2",
        heads=heads,
        focus=focus,
        n_countries=n_countries,
        n_indicators=len(ctx.indicators),
    )


def countries_page(ctx: Context, countries) -> None:
    """The list of countries in the page's language: each name as the language writes it (UN
    M49 in English, CLDR in Spanish and French), the other names readers type (in Spanish and
    French, the English name too), regions and income groups in the language."""
    lang = ctx.lang
    income = ctx.meta["vocabularies"]["income_groups"]
    rows = []
    for c in countries.to_dict(orient="records"):
        aka = [a for a in c["aliases_en"].split("; ") if a]
        if lang != "en" and c["name_en"] != c[f"name_{lang}"]:
            aka.insert(0, c["name_en"])
        rows.append(
            {
                "iso3": c["iso3"],
                "name": c[f"name_{lang}"],
                "aka": ", ".join(aka),
                "un_region": ctx.term(c["un_region"]),
                "un_subregion": ctx.term(c["un_subregion"]),
                "income": income[c["income_group"]][lang] if c["income_group"] else "",
            }
        )
    rows.sort(key=lambda r: sort_key(r["name"]))
    write_page(ctx, "countries/index.md", "countries.md.j2", countries=rows)


def indicators_page(ctx: Context) -> None:
    """The list of indicators in the page's language: titles, themes and units from the
    package's es/fr columns, by theme, then by title as the language sorts it."""
    lang = ctx.lang
    themes = ctx.meta["themes"]
    write_page(
        ctx,
        "indicators/index.md",
        "indicators.md.j2",
        themes=themes,
        indicators=sorted(
            ctx.indicators.values(),
            key=lambda i: (list(themes).index(i["theme"]), sort_key(i[f"title_{lang}"])),
        ),
    )


def local_ranks(rows: list[dict]) -> list[dict]:
    """The coverage map's table rows ranked again with ties in the page's alphabetical order
    (the data file's ties follow English names)."""
    return ranked(rows, lambda r: (-r["value"], sort_key(r["name"])))


def coverage_page(ctx: Context, countries) -> Chart:
    """The coverage matrix and its map in the page's language (the map's data written with
    the English page); returns the map (its static SVG is loaded at once)."""
    themes = ctx.meta["themes"]
    themes_of = {i: ind["theme"] for i, ind in ctx.indicators.items()}
    families = ctx.pages["coverage_families"]
    if "coverage" not in ctx.shared:
        ctx.shared["coverage"] = coverage_rows(ctx.tables, countries, themes_of, families)
    names = ctx.local_names
    matrix = sorted(ctx.shared["coverage"], key=lambda m: sort_key(names[m["iso3"]]))
    fmt = ctx.number_format("families")
    cov_map = map_classes(coverage_map_rows(matrix, ctx.m49), fmt)
    title = ctx.t("Indicator families with data")
    spec = specs.chart_spec(
        "map",
        "charts/coverage/map.json",
        title,
        ctx.t("number of the six families with at least one value"),
        ctx.t("Coverage map"),
        fmt,
        unit="families",
    )
    subtitle = ctx.t("number of the {n} families with at least one value · grey: none")
    cov_chart = Chart(
        "coverage/map",
        "map",
        title,
        subtitle.format(n=len(families)),
        spec,
        cov_map
        if ctx.lang == DEFAULT
        else local_ranks([dict(r, name=names[r["iso3"]]) for r in cov_map]),
        [
            ("rank", ctx.t("Rank")),
            ("name", ctx.t("Country or area")),
            ("value", ctx.t("Families with data")),
        ],
        ctx.t("All sources of the Atlas (see About / Sources)"),
        ctx.t("see each source"),
        ctx.t("all years"),
        ctx.t("World map of the number of indicator families with data per country"),
        first=True,
        unit="families",
    )
    ctx.record([cov_chart])
    write_page(
        ctx,
        "coverage.md",
        "coverage.md.j2",
        matrix=matrix,
        families=[(f, themes[f][ctx.lang]) for f in families],
        chart=cov_chart,
    )
    return cov_chart


def compare_page(ctx: Context, countries) -> None:
    """The compare page in the page's language: its pickers, its two charts' specs (the lines'
    per unit; in Spanish and French under charts/compare/<lang>/) and the words its script
    writes (`words`)."""
    folder = "charts/compare/" if ctx.lang == DEFAULT else f"charts/compare/{ctx.lang}/"
    if ctx.lang != DEFAULT:
        for kind in ("lines", "scatter"):
            # the axes' titles are the indicators' (compare.js)
            spec = specs.chart_spec(
                kind, f"charts/compare/{kind}.json", "", "", "", x_title="", y_title=""
            )
            dump_json(ctx.out / f"{folder}{kind}.vl.json", local_spec(ctx, spec, kind))
    t = ctx.t
    words = {
        "chosen": t("{n} places chosen"),
        "choose": t("choose places above"),
        "vertical": t("vertical: {unit}"),
        "dots": t("each dot a country or area"),
        "coloured": t("; chosen places in colour"),
        "against": t("against {title}"),
        "source": t("Source: {source}."),
        "left_out": t("{n} places with a value of zero or less are left out on the log scale."),
        "place": t("Country or area"),
    }
    write_page(
        ctx,
        "compare.md",
        "compare.md.j2",
        indicators=indicator_choices(ctx),
        groups=group_options(ctx),
        places=place_options(ctx, countries["iso3"]),
        focus=ctx.pages["focus_countries"],
        spec_folder=folder,
        words=words,
    )


def data_page(ctx: Context, countries, sizes: dict) -> None:
    """Data & downloads in the page's language: the files are one copy for every language
    (datapackage.json stays as published); what the page says about them (resource
    descriptions: metadata/translations/package.<lang>.yaml, aggregation methods, titles and
    names) is in the language."""
    lang = ctx.lang
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    words = (translated_yaml("package", lang) or {}).get("resources", {})
    resources = [
        dict(r, description=(words.get(r["name"]) or {}).get("description", r["description"]))
        for r in descriptor["resources"]
    ]
    methods_words = (translated_yaml("aggregates", lang) or {}).get("methods", {})
    methods = {
        k: {**m, **(methods_words.get(k) or {})}
        for k, m in ctx.meta["aggregation"]["methods"].items()
    }
    names = ctx.local_names
    write_page(
        ctx,
        "data/index.md",
        "data.md.j2",
        resources=resources,
        sizes=sizes,
        version=descriptor["version"],
        indicators=sorted(ctx.indicators.values(), key=lambda i: i["id"]),
        countries=sorted(
            countries.to_dict(orient="records"), key=lambda c: sort_key(names[c["iso3"]])
        ),
        methods=methods,
        min_coverage=ctx.meta["aggregation"]["min_coverage"],
        jsonld=ctx.env.globals["jsonld"]("jsonld/data", package_dataset(ctx, descriptor)),
    )


def sources_page(ctx: Context) -> None:
    """Every pinned source, in the page's language: the page's words are translated; titles,
    publishers, licences and citations stay as each publisher wrote them (proper names)."""
    write_page(
        ctx,
        "about/sources.md",
        "sources.md.j2",
        sources=sorted(ctx.sources.values(), key=lambda s: (s["role"], s["id"])),
        used_by={
            s: [i for i in ctx.indicators.values() if s in i["source_ids"].split()]
            for s in ctx.sources
        },
    )


def list_pages(ctx: Context, sizes: dict) -> list[Chart]:
    """Home, lists, coverage, compare, downloads and sources; returns the first chart of each page."""
    t = ctx.tables
    countries = t["countries"][t["countries"]["kind"] == "country"].sort_values(
        "name_en", key=lambda names: names.map(sort_key)
    )
    countries_page(ctx, countries)
    indicators_page(ctx)
    home_page(ctx, len(countries))
    cov_chart = coverage_page(ctx, countries)
    compare_page(ctx, countries)
    data_page(ctx, countries, sizes)
    sources_page(ctx)
    return [cov_chart]
