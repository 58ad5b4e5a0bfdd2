"""The corridor explorer (/corridors/): pick an origin and a destination, or one end and see all
its partners. The build writes one compact file per country (`explorer_figures`), the shared
spec of each chart kind the page draws, and the page; docs/assets/corridors.js picks rows from
the files and draws them with `AtlasCharts` (it computes nothing)."""

from __future__ import annotations

import functools

from atlas.render import specs
from atlas.render.charts import source_line
from atlas.render.context import Context, write_page
from atlas.render.corridor_figures import corridor_costs
from atlas.render.explorer_figures import (
    SIDES,
    corridor_series,
    country_files,
    partner_ranks,
    typed,
)
from atlas.render.formats import dump_json, human_number, sort_key
from atlas.render.i18n import DEFAULT
from atlas.render.local_charts import local_labels, tooltip_title, units_in_language
from atlas.render.spec_i18n import localized_spec

# each chart of the page: (id, measure whose unit and source it shows, kind for one corridor,
# kind for all partners of one end)
CHARTS = [
    ("stock", "migrant_stock", "lines", "bars"),
    ("remittances", "remittances", "dots", "dots"),
    ("cost", "remittance_cost", "costlines", "costbars"),
    ("refugees", "refugees", "lines", "totalbars"),
]


# the row height (px) of the es/fr explorer's charts with a row per place: room for a name in
# two lines (atlas/render/palette.py `wrapped_axis`)
ROW_STEP = 28


def chart_blocks(ctx: Context) -> list[dict]:
    """What each figure of the page needs, in the page's language: its words, unit, source line
    and the two specs (Spanish and French: the English spec with its text in the language,
    charts/corridors/<lang>/...; the per-country files are shared)."""
    words = ctx.local_meta("corridors")["explorer"]["charts"]
    local = ctx.lang != DEFAULT
    labels = local_labels(ctx) if local else {}
    kind_words(ctx.t)  # a missing translation stops the build here, named
    blocks = []
    for cid, measure, pair_kind, partner_kind in CHARTS:
        unit = ctx.meta["measures"][measure]["unit"]
        fmt = ctx.number_format(unit)
        ids = ctx.meta["measures"][measure].get("sources") or [
            ctx.meta["measures"][measure]["source"]
        ]
        source, license_ = source_line(ctx, [], ids)
        urls = {}
        for mode, kind in (("pair", pair_kind), ("partners", partner_kind)):
            url = f"charts/corridors/{ctx.lang + '/' if local else ''}{cid}-{mode}.vl.json"
            spec = specs.chart_spec(kind, "", "", "", "", fmt, unit=unit)
            if local:
                spec = localized_spec(spec, ctx.lang, lambda t: tooltip_title(ctx, t), labels, kind)
                if kind == "dots":  # a row per place, its name wrapped (`wrapped_axis`)
                    # Spanish and French names of places run longer than the English short
                    # names ("R.A.S. chinoise de Hong Kong"): a name in two lines gets the room
                    spec["height"] = {"step": max(spec["height"]["step"], ROW_STEP)}
            dump_json(ctx.out / url, spec)
            urls[mode] = (kind, url)
        shown = units_in_language(ctx)[unit] if local else unit
        blocks.append(
            {
                "id": cid,
                "unit": shown,
                "decimals": str(fmt["decimals"]),
                "source": source,
                "license": license_,
                "specs": urls,
            }
            | words[cid]
        )
    return blocks


def kind_words(t) -> dict[str, str]:
    """The tooltip titles of the `dots` kind (atlas/render/kinds.py) in the language: written
    out so that `make messages` extracts them (`tooltip_title` reads them)."""
    return {"Place": t("Place"), "Part": t("Part")}


def local_places(ctx: Context, codes) -> list[tuple[str, str]]:
    """(name, code) of countries and areas in the page's language, accents aside in the order
    ("México" by "Mexico")."""
    return sorted(((ctx.local_names[c], c) for c in codes), key=lambda nc: sort_key(nc[0]))


def explorer_page(ctx: Context) -> dict:
    """Write the per-country files (once, with the English page) and the page in the page's
    language; returns the files' count and total size (bytes)."""
    if ctx.lang != DEFAULT:
        codes = ctx.shared["corridor files"]
        write_explorer(ctx, codes)
        return {"files": len(codes), "bytes": 0}
    cfg = ctx.meta["corridors"]["explorer"]
    bilateral = ctx.tables["bilateral"]
    labels = {
        m: functools.partial(human_number, fmt=ctx.number_format(spec["unit"]))
        for m, spec in ctx.meta["measures"].items()
    }
    costs = {
        side: corridor_costs(
            bilateral,
            "origins" if side == "origin" else "destinations",
            ctx.kinds,
            ctx.names,
            ctx.pages["cost_lines"],
        )
        for side in SIDES
    }
    ranks = partner_ranks(bilateral, ctx.kinds, cfg["top_n"], labels, costs)
    series = corridor_series(bilateral, typed(ctx.tables["income_gap"]))
    countries = [c for c, k in ctx.kinds.items() if k == "country"]
    partners = {c for c, k in ctx.kinds.items() if k in ("country", "former")}
    gap_origins = typed(ctx.tables["income_gap_origins"])
    files = country_files(series, ranks, gap_origins, countries, partners)
    size = 0
    for iso3, payload in files.items():
        path = ctx.out / f"charts/corridors/{iso3}.json"
        dump_json(path, payload)
        size += path.stat().st_size
    ctx.shared["corridor files"] = sorted(files)
    write_explorer(ctx, files)
    return {"files": len(files), "bytes": size}


def write_explorer(ctx: Context, codes) -> None:
    """The page, in the page's language; its script's words in a JSON block."""
    write_page(
        ctx,
        "corridors.md",
        "corridors.md.j2",
        cfg=ctx.local_meta("corridors")["explorer"],
        places=local_places(ctx, codes),
        short_names=ctx.chart_names,  # axis names of places whose full name is too long
        charts=chart_blocks(ctx),
        lines=ctx.pages["cost_lines"],
        gap_source=source_line(ctx, ["gdp_per_capita_ppp"], ["undesa-stocks-2024"])[0],
    )
