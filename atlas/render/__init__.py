"""Render stage: the validated package -> Markdown pages, chart specs, data and downloads.

Writes the docs folder (`generated/docs/`, git-ignored): the hand-written `docs/` plus one
generated page per country, indicator and list, each chart as a Vega-Lite spec and a separate
data file (JSON and CSV), a static SVG of every chart (shown until it is drawn), and stable
download URLs. Along the flow: `figures` (what pages show, from the package) -> `specs` (one
Vega-Lite spec per chart kind) -> `charts`, `index_charts` (one builder per chart) -> one module
per page kind (`country`, `indicator`, `lists`, `global_index`, `releases`) -> `output`,
`downloads`, `assets`, `fragments` (the files the site stage builds from).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.runtime
from markupsafe import Markup

from atlas import analyse
from atlas.base import ROOT, load_yaml, staging_dir, swap_in
from atlas.errors import InputError, Problem
from atlas.metadata import load_metadata
from atlas.render import specs
from atlas.render.assets import copy_static
from atlas.render.chart import Chart, kind_url
from atlas.render.context import Context, load_package, reader_sources, site_url
from atlas.render.country import country_pages
from atlas.render.downloads import downloads_in_background, package_sizes
from atlas.render.environment import jinja_env
from atlas.render.explorer import explorer_page
from atlas.render.formats import d3_format_locale, dump_json
from atlas.render.fragments import MARKER, fragments_dir, write_fragment
from atlas.render.gap_charts import income_gap_section
from atlas.render.global_index import index_pages
from atlas.render.i18n import DEFAULT, Translator, i18n_config, other_languages
from atlas.render.index_i18n import localize_index_specs
from atlas.render.indicator import indicator_pages
from atlas.render.linked_data import catalog, install_citation
from atlas.render.lists import (
    compare_page,
    countries_page,
    coverage_page,
    data_page,
    home_page,
    indicators_page,
    list_pages,
    sources_page,
)
from atlas.render.local_charts import sized_like_english, write_local_specs
from atlas.render.og_images import render_previews
from atlas.render.origin_pages import origin_pages
from atlas.render.output import render_fallbacks, write_chart, write_embed_page
from atlas.render.regions import region_of, region_pages, regions_page
from atlas.render.releases import each_release_page, release_pages, releases_page, whats_new
from atlas.render.sdg import country_rows, sdg_pages, sdg_view
from atlas.render.themes import theme_pages
from atlas.sources import load_sources

DOCS_OUT = ROOT / "generated" / "docs"
# one spec per chart kind, shared (and cached) by every page
SHARED_KINDS = tuple(specs.KINDS)


def page_context(package_root: Path, staging: Path) -> Context:
    sources = load_sources()
    meta = load_metadata(sources=sources)
    tables = load_package(package_root)
    names = dict(zip(tables["countries"]["iso3"], tables["countries"]["name_en"], strict=True))
    indicators = {r["id"]: r for r in tables["indicators"].to_dict(orient="records")}
    t = Translator.load()
    return Context(
        tables,
        meta,
        load_yaml(ROOT / "metadata" / "pages.yaml"),
        reader_sources(sources, load_yaml(ROOT / "metadata" / "source_names.yaml")["sources"]),
        names,
        indicators,
        analyse.latest_with_change(tables["observations"]),
        jinja_env(t),
        staging,
        t=t,
    )


def fragment_key(chart: Chart) -> str:
    """A figure's fragment: the chart's key, under its language's folder outside English."""
    return chart.key if chart.lang == DEFAULT else f"{chart.lang}/{chart.key}"


def shared_specs(ctx: Context, out: Path) -> None:
    """Each chart's own complete spec (title, labels, data URL) is its "Vega-Lite spec"
    download; pages draw from one spec per kind and unit (the unit writes the value axis), and
    the compare page from its two."""
    for kind in SHARED_KINDS:
        dump_json(out / f"charts/kinds/{kind}.vl.json", specs.chart_spec(kind, "", "", "", ""))
    for kind, unit in sorted({(c.kind, c.unit) for c in ctx.charts if c.unit}):
        fmt = ctx.number_format(unit)
        spec = specs.chart_spec(kind, "", "", "", "", fmt, unit=unit)
        dump_json(out / kind_url(kind, unit), spec)
    dump_json(
        out / "charts/compare/lines.vl.json",
        specs.chart_spec(
            "lines", "charts/compare/lines.json", "Selected countries", "", "Compare: line chart"
        ),
    )
    dump_json(
        out / "charts/compare/scatter.vl.json",
        specs.chart_spec(
            "scatter", "charts/compare/scatter.json", "Two indicators", "", "Compare: scatter plot"
        ),
    )


def country_rows_of(ctx: Context):
    t = ctx.tables
    return t["countries"][t["countries"]["kind"] == "country"]


# the page kinds (metadata/i18n.yaml `page_kinds`) the render stage writes in Spanish and French
LOCALIZED = {
    "home": lambda ctx: home_page(ctx, len(country_rows_of(ctx))),
    "countries": lambda ctx: countries_page(ctx, country_rows_of(ctx)),
    "about": lambda ctx: None,  # hand-written: docs/about/index.<lang>.md
    "country": country_pages,  # and its corridors sub-page; charts: atlas/render/local_charts.py
    # the other sub-pages of a country page are written with it (country.sub_pages)
    **dict.fromkeys(["country_flows", "country_origin", "country_sdg"], lambda ctx: None),
    "region": region_pages,
    "indicators": indicators_page,
    "regions": regions_page,
    "releases": releases_page,
    "release": each_release_page,  # release notes quoted in English (releases/<v>/release.yaml)
    "data": lambda ctx: data_page(ctx, country_rows_of(ctx), ctx.env.globals["package_sizes"]),
    "sources": sources_page,
    "indicator": indicator_pages,  # charts: atlas/render/local_charts.py (map legend, places)
    "compare": lambda ctx: compare_page(ctx, country_rows_of(ctx)),
    "coverage": lambda ctx: coverage_page(ctx, country_rows_of(ctx)),
    "index": index_pages,  # and its methodology; charts: atlas/render/index_i18n.py
    "corridors": explorer_page,  # the per-country files are the English page's (one copy)
    "sdg": sdg_pages,  # the tracker and its target pages; charts: the label map of local_charts
    "origin": origin_pages,  # the theme page and its methodology (templates/<lang>/ prose)
    "themes": theme_pages,  # and five-countries; charts: the label map of local_charts (twins)
}


def localized_pages(ctx: Context) -> None:
    """Every page kind not listed as untranslated (metadata/i18n.yaml), in every other
    language; the chart data they draw are the English pages' (one copy). A kind marked
    translated that the render stage cannot write in other languages stops the build."""
    config = i18n_config()
    kinds = [k for k in config["page_kinds"] if k not in config["untranslated_pages"]]
    unknown = [k for k in kinds if k not in LOCALIZED]
    if unknown:
        raise InputError(
            [
                Problem(
                    "metadata/i18n.yaml",
                    None,
                    "untranslated_pages",
                    f"page kind {k!r} is not listed as untranslated, but the render stage"
                    " writes it only in English (atlas/render/__init__.py LOCALIZED)",
                )
                for k in unknown
            ]
        )
    for lang in other_languages():
        ctx.t.lang = lang
        for kind in kinds:
            LOCALIZED[kind](ctx)
    ctx.t.lang = DEFAULT
    if ctx.t.missing:
        raise InputError(ctx.t.problems())


def render_site(package_root: Path = ROOT, out: Path = DOCS_OUT, workers: int = 2) -> dict:
    """Write the whole docs tree into a staging folder, then swap it in."""
    fragments_root = fragments_dir(out)
    staging, fragments = staging_dir(out), staging_dir(fragments_root)
    ctx = page_context(package_root, staging)
    ctx.env.globals.update(income_fy=ctx.income_fy, status_date=ctx.status_date)
    install_citation(ctx, fragments)  # before the macros load: they cite with its globals
    figure = ctx.env.get_template("_macros.j2").module.figure
    placed: list[tuple[Chart, str]] = []

    @jinja2.pass_context
    def fragment(page: jinja2.runtime.Context, chart: Chart, root: str) -> Markup:
        # written once the chart's static SVG is rendered (its <img> reserves the SVG's size);
        # a Spanish or French page's figure is its own fragment (es/countries/MEX/...)
        placed.append((chart, root))
        if not chart.page and page.get("page_path") is not None:
            chart.page = page["page_path"]  # the first page showing it (its English address)
        return Markup(MARKER.format(fragment_key(chart)))

    ctx.env.globals["fragment"] = fragment
    copy_static(staging)
    dump_json(staging / "assets" / "atlas-theme.json", specs.theme_config())
    # flags in words (metadata/flags.yaml) for the rows the browser picks (compare, countries)
    dump_json(staging / "assets" / "flag-words.json", ctx.flag_words)
    # Vega's number locale of each other language (CLDR via Babel), read by atlas.js
    for lang in other_languages():
        dump_json(staging / "assets" / "locale" / f"{lang}.json", d3_format_locale(lang))
    sizes = package_sizes(package_root)
    ctx.env.globals["package_sizes"] = sizes  # the Data & downloads page in each language
    writer = downloads_in_background(ctx, package_root)
    sdg_view(ctx)  # the SDG tracker's figures, and each country page's SDG section
    ctx.env.globals["sdg_country"] = lambda iso3: country_rows(ctx, iso3)
    ctx.env.globals["regions_of"] = region_of(ctx)  # each country page links its regions
    ctx.env.globals["income_gap"] = lambda iso3: income_gap_section(ctx, iso3)  # issue 19
    ctx.env.globals["local_meta"] = ctx.local_meta  # metadata in the page's language
    ctx.env.globals["news"] = whats_new(ctx)  # the home page's "What's new in this release"
    firsts = sdg_pages(ctx)
    firsts += country_pages(ctx) + indicator_pages(ctx) + region_pages(ctx)
    firsts += list_pages(ctx, sizes)
    firsts += index_pages(ctx)
    firsts += origin_pages(ctx)
    firsts += theme_pages(ctx)
    explorer = explorer_page(ctx)  # the corridor explorer (/corridors/) and its files
    release_pages(ctx)
    localized_pages(ctx)
    dump_json(staging / "catalog.jsonld", catalog(ctx))
    shared_specs(ctx, staging)
    write_local_specs(ctx, staging)
    localize_index_specs(ctx, staging)
    for chart in ctx.charts:
        write_chart(staging, chart, fragments / "chart-specs")
    # every chart has a static SVG: what the page shows until its interactive version is drawn
    rendered = render_fallbacks(staging, [c for c in ctx.charts if c.fallback], workers)
    # each page's link preview (Open Graph): its first chart as a PNG, cached like the SVGs
    previews = render_previews(ctx, staging, fragments, workers)
    sized_like_english(ctx)
    for chart, root in placed:
        ctx.t.lang = chart.lang
        write_fragment(fragments, fragment_key(chart), str(figure(chart, root, site_url())))
    ctx.t.lang = DEFAULT
    if ctx.t.missing:
        raise InputError(ctx.t.problems())
    write_embed_page(ctx)
    if writer is not None:
        writer.join()
        if writer.exitcode != 0:
            raise RuntimeError(f"writing the downloads failed (exit code {writer.exitcode})")
    swap_in(staging, out)
    swap_in(fragments, fragments_root)
    return {
        "charts": len(ctx.charts),
        "first charts": len(firsts),
        "fallbacks rendered": rendered,
        "corridor files": explorer["files"],
        "corridor file bytes": explorer["bytes"],
        **previews,
    }
