"""Region pages: one per UN region, sub-region and intermediate region of
metadata/aggregates.yaml (key figures and charts of the Atlas's aggregates with their coverage,
migration within the region, the members with their latest values), and the list of regions."""

from __future__ import annotations

from atlas.render import region_charts as build
from atlas.render.chart import Chart
from atlas.render.context import Context, write_page
from atlas.render.figures import latest_totals
from atlas.render.linked_data import chart_publishers, page_cite
from atlas.render.region_figures import flow_summary, latest_aggregate, region_tree


def region_of(ctx: Context) -> dict[str, list[dict]]:
    """Per country: the region groups it belongs to, narrowest first (for its page's links)."""
    out: dict[str, list[dict]] = {}
    for r in region_tree(ctx.meta["aggregation"]["groups"], ctx.tables["countries"]):
        for iso3 in r["members"]:
            out.setdefault(iso3, []).insert(0, {"code": r["code"], "name": ctx.names[r["code"]]})
    return out


def _cards(ctx: Context, code: str) -> list[dict]:
    cards = []
    for k in ctx.pages["region_key_figures"]:
        ind = ctx.indicators[k["indicator"]]
        cards.append(
            {
                "label": ctx.text(k["label"]),
                "indicator": ind,
                "hit": latest_aggregate(ctx.agg_index, ctx.coverage, code, k["indicator"]),
            }
        )
    return cards


def _charts(ctx: Context, code: str) -> tuple[list[Chart], list[str]]:
    first = ctx.pages["region_first_year"]
    made, empty = [], []
    flows = build.intra_regional_chart(ctx, f"regions/{code}/within", code)
    if flows is not None:
        made.append(flows)
    for c in ctx.pages["region_charts"]:
        title = ctx.text(c["title"])
        chart = build.aggregate_chart(
            ctx, f"regions/{code}/{c['id']}", title, c["series"], code, first
        )
        if chart is None:
            empty.append(title)
        else:
            made.append(chart)
    if made:
        made[0].fallback = True
    return made, empty


def regions_page(ctx: Context) -> None:
    """The list of regions, in the page's language (names: the package's aggregates)."""
    tree = region_tree(ctx.meta["aggregation"]["groups"], ctx.tables["countries"])
    write_page(ctx, "regions/index.md", "regions.md.j2", tree=tree)


def region_pages(ctx: Context) -> list[Chart]:
    """Every region page and the regions list; returns the charts that get a static fallback."""
    tree = region_tree(ctx.meta["aggregation"]["groups"], ctx.tables["countries"])
    rows = {r["iso3"]: r for r in ctx.tables["countries"].to_dict(orient="records")}
    latest = latest_totals(ctx.latest)
    columns = [ctx.indicators[i] for i in ctx.pages["region_members_columns"]]
    firsts = []
    for r in tree:
        code = r["code"]
        made, empty = _charts(ctx, code)
        if not ctx.record(made):
            firsts += [c for c in made if c.fallback]
        members = [
            {
                "row": rows[m],
                "values": [latest.get((ind["id"], m, "total")) for ind in columns],
            }
            for m in r["members"]
        ]
        write_page(
            ctx,
            f"regions/{code}.md",
            "region.md.j2",
            region=r,
            name=ctx.local_names[code],
            term=ctx.term,
            cards=_cards(ctx, code),
            flows=flow_summary(ctx.tables["regional_flows"], code),
            charts=made,
            empty=empty,
            members=members,
            columns=columns,
            income_names=ctx.meta["vocabularies"]["income_groups"],
            cite=page_cite(
                ctx,
                f"regions/{code}",
                ctx.t("{name}: region profile").format(name=ctx.local_names[code]),
                [],
                [p for c in made for p in chart_publishers(c)],
            ),
        )
    if ctx.lang == "en":
        regions_page(ctx)
    return firsts
