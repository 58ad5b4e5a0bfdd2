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
from atlas.render.formats import dump_json, human_number
from atlas.render.pickers import place_options

# each chart of the page: (id, measure whose unit and source it shows, kind for one corridor,
# kind for all partners of one end)
CHARTS = [
    ("stock", "migrant_stock", "lines", "bars"),
    ("remittances", "remittances", "dots", "dots"),
    ("cost", "remittance_cost", "costlines", "costbars"),
    ("refugees", "refugees", "lines", "totalbars"),
]


def chart_blocks(ctx: Context) -> list[dict]:
    """What each figure of the page needs: its words, unit, source line and the two specs."""
    words = ctx.meta["corridors"]["explorer"]["charts"]
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
            url = f"charts/corridors/{cid}-{mode}.vl.json"
            dump_json(ctx.out / url, specs.chart_spec(kind, "", "", "", "", fmt, unit=unit))
            urls[mode] = (kind, url)
        blocks.append(
            {"id": cid, "unit": unit, "source": source, "license": license_, "specs": urls}
            | words[cid]
        )
    return blocks


def explorer_page(ctx: Context) -> dict:
    """Write the per-country files and the page; returns their count and total size (bytes)."""
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
    write_page(
        ctx,
        "corridors.md",
        "corridors.md.j2",
        cfg=cfg,
        places=place_options(ctx, files),
        short_names=ctx.chart_names,  # axis names of places whose full name is too long
        charts=chart_blocks(ctx),
        lines=ctx.pages["cost_lines"],
        gap_source=source_line(ctx, ["gdp_per_capita_ppp"], ["undesa-stocks-2024"])[0],
    )
    return {"files": len(files), "bytes": size}
