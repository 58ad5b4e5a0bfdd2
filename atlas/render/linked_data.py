"""Citation and linked data of the pages: "Cite" blocks, schema.org Dataset JSON-LD and the
DCAT catalogue, built with `atlas.citation` from the release record and the sources."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from babel.dates import format_date
from markupsafe import Markup

from atlas import citation
from atlas.base import ROOT
from atlas.render.chart import Chart
from atlas.render.context import Context, site_url
from atlas.render.fragments import write_fragment


def chart_publishers(chart: Chart) -> list[str]:
    """The original publishers a chart names (its source line reads 'publishers — datasets')."""
    return chart.source.split(" — ")[0].split("; ")


def apa_words(ctx: Context, publishers: list[str]) -> dict | None:
    """The APA reference's own words in the page's language (None: English, `citation.apa`)."""
    if ctx.lang == "en":
        return None
    day = dt.date.fromisoformat(ctx.release["date"])
    pattern = ctx.t("d MMMM")  # a day and month as the language writes them (CLDR pattern)
    return {
        "date": f"{day.year}, {format_date(day, pattern, locale=ctx.lang)}",
        "version": ctx.t("Version {version}").format(version=ctx.release["version"]),
        "data_set": ctx.t("[Data set]"),
        "original": ctx.t("Original data: {publishers}.").format(publishers="; ".join(publishers)),
    }


def page_cite(
    ctx: Context, slug: str, title: str, source_ids: list[str], publishers: list[str] = ()
) -> dict:
    """The "Cite" block of a page: the Atlas release and the original publishers of its series."""
    names = citation.publishers_of([s for s in source_ids if s in ctx.sources], ctx.sources)
    names = list(dict.fromkeys([*names, *publishers]))
    url = site_url() + slug + "/"
    return citation.cite(slug, title, names, ctx.release, url, ctx.cite_meta, apa_words(ctx, names))


def install_citation(ctx: Context, fragments: Path) -> None:
    """Template globals: the release, each chart's "Cite" block, and JSON-LD blocks that the
    MkDocs hook inserts after search indexing (like chart figures), so search never indexes them."""

    def chart_cite(chart: Chart) -> dict:
        publishers = chart_publishers(chart)
        return citation.cite(
            chart.key,
            f"{chart.title} ({chart.subtitle})" if chart.subtitle else chart.title,
            publishers,
            ctx.release,
            site_url() + chart.embed_url,
            ctx.cite_meta,
            apa_words(ctx, publishers),
        )

    def jsonld(key: str, doc: dict) -> Markup:
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        return write_fragment(fragments, key, f'<script type="application/ld+json">{text}</script>')

    ctx.env.globals.update(release=ctx.release, chart_cite=chart_cite, jsonld=jsonld)


def _distributions(ctx: Context, stem: str, label: str) -> list[dict]:
    formats = ctx.cite_meta["formats"]
    return [
        citation.distribution(f"{site_url()}{stem}.{ext}", formats[ext], f"{label}.{ext}")
        for ext in ("csv", "json")
    ]


def indicator_dataset(ctx: Context, ind: dict, years: tuple[int, int] | None) -> dict:
    """schema.org Dataset of an indicator: its definition, sources, years and downloads."""
    iid = ind["id"]
    return citation.dataset_jsonld(
        name=f"{ind['title_en']} ({ind['unit_en']})",
        description=ind["definition_en"],
        url=f"{site_url()}indicators/{iid}/",
        record=ctx.release,
        cite_meta=ctx.cite_meta,
        sources=[ctx.sources[s] for s in ind["source_ids"].split() if s in ctx.sources],
        years=years,
        places="World: every country and area with data",
        distributions=_distributions(ctx, f"data/indicators/{iid}", iid),
        keywords=[ctx.meta["themes"][ind["theme"]]["en"], *ind["sdg_targets"].split()],
    )


def package_dataset(ctx: Context, descriptor: dict) -> dict:
    """schema.org Dataset of the whole package: the descriptor and one CSV per resource."""
    formats = ctx.cite_meta["formats"]
    years = ctx.tables["observations"]["year"]
    used = {s["id"] for s in descriptor["sources"]}
    return citation.dataset_jsonld(
        name=descriptor["title"],
        description=descriptor["description"],
        url=f"{site_url()}data/",
        record=ctx.release,
        cite_meta=ctx.cite_meta,
        sources=[s for i, s in ctx.sources.items() if i in used],
        years=(int(years.min()), int(years.max())),
        places="World: every country and area",
        distributions=[
            citation.distribution(
                f"{site_url()}data/package/datapackage.json", formats["json"], "datapackage.json"
            )
        ]
        + [
            citation.distribution(
                f"{site_url()}data/package/{r['path']}", formats["csv"], r["path"]
            )
            for r in descriptor["resources"]
        ],
        keywords=list(descriptor["keywords"]),
    )


def country_datasets(ctx: Context) -> list[dict]:
    """schema.org Datasets of the per-country downloads (for the DCAT catalogue)."""
    obs = ctx.tables["observations"]
    spans = obs.groupby("iso3")["year"].agg(["min", "max"])
    used = list(dict.fromkeys(s for i in ctx.indicators.values() for s in i["source_ids"].split()))
    sources = [ctx.sources[s] for s in used if s in ctx.sources]
    return [
        citation.dataset_jsonld(
            name=f"Migration & Development Atlas: {ctx.names[iso3]}",
            description=f"Every series of the Atlas for {ctx.names[iso3]}.",
            url=f"{site_url()}countries/{iso3}/",
            record=ctx.release,
            cite_meta=ctx.cite_meta,
            sources=sources,
            years=(int(row["min"]), int(row["max"])),
            places=ctx.names[iso3],
            distributions=_distributions(ctx, f"data/countries/{iso3}", iso3),
        )
        for iso3, row in spans.iterrows()
        if ctx.kinds.get(iso3) == "country"
    ]


def catalog(ctx: Context) -> dict:
    """DCAT catalogue of every distribution: the package, each indicator, each country."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    datasets = [package_dataset(ctx, descriptor), *ctx.datasets, *country_datasets(ctx)]
    return citation.dcat_catalog(
        "Migration & Development Atlas",
        descriptor["description"],
        site_url(),
        ctx.release,
        datasets,
    )
