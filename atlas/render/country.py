"""Country pages: key figures, charts by family, peers, the Global Index section, the cite
block. One page per row of `countries` of kind country."""

from __future__ import annotations

import functools

from atlas.render import charts as build
from atlas.render import corridor_charts
from atlas.render.chart import Chart
from atlas.render.context import Context, write_page
from atlas.render.corridor_figures import corridor_costs
from atlas.render.figures import instrument_status, latest_totals, partner_tops
from atlas.render.flow_charts import flow_figures, flows_section
from atlas.render.formats import human_number, records
from atlas.render.i18n import DEFAULT, translated
from atlas.render.index_charts import index_scores_chart
from atlas.render.linked_data import chart_publishers, page_cite
from atlas.render.origin_charts import origin_section


def family_charts(
    ctx: Context, iso3: str, tops: dict
) -> list[tuple[str, list[Chart], list[str], str | None]]:
    """The charts of each family of the page (metadata/pages.yaml), those with something to
    draw, the titles of those without (the page says "no data reported") and the sub-page the
    family is drawn on (None: the main page); each page's first chart's static SVG is loaded at
    once (the others' lazily)."""
    families = []
    seen: set[str | None] = set()
    for fam in ctx.pages["country_charts"]:
        made, empty = [], []
        page = fam.get("page")
        for c in fam["charts"]:
            key = f"countries/{iso3}/{c['id']}"
            title = ctx.text(c["title"]).format(top=ctx.pages["top_partners"])
            if c["kind"] == "lines":
                chart = build.line_chart(ctx, key, title, c["series"], iso3)
            elif c["kind"] == "bars":
                chart = build.bars_chart(
                    ctx, key, title, iso3, c["measure"], c["side"], tops[c["id"]]
                )
            elif c["kind"] == "costs":
                chart = corridor_charts.cost_chart(ctx, key, title, iso3, tops[c["id"]].get(iso3))
            else:
                chart = build.timeline_chart(ctx, key, title, iso3)
            if chart is not None:
                chart.first = page not in seen
                seen.add(page)
                made.append(chart)
            else:
                empty.append(title)
        families.append((ctx.text(fam["family"]), made, empty, page))
    return families


def peer_charts(ctx: Context, iso3: str, row: dict) -> list[Chart]:
    peers = [
        build.peer_chart(
            ctx,
            f"countries/{iso3}/peer-{p['indicator']}",
            ctx.text(p["title"]),
            p["indicator"],
            iso3,
            row,
        )
        for p in ctx.pages["peer_charts"]
    ]
    return [p for p in peers if p is not None]


def key_figures(ctx: Context, iso3: str, latest: dict) -> list[dict]:
    cards = []
    for k in ctx.pages["key_figures"]:
        ind = ctx.indicators[k["indicator"]]
        cards.append(
            {
                "label": ctx.text(k["label"]),
                "indicator": ind,
                "hit": latest.get((k["indicator"], iso3, "total")),
                "source": ctx.sources[ind["source_id"]],
            }
        )
    return cards


def shared_figures(ctx: Context) -> tuple:
    """What every country page draws on, whatever its language: top partners, corridor
    costs, latest totals, treaty status, the flows section's figures (computed once, for the
    English pages, and reused by the Spanish and French ones)."""
    label_of = {
        m: functools.partial(human_number, fmt=ctx.number_format(spec["unit"]))
        for m, spec in ctx.meta["measures"].items()
    }
    tops = partner_tops(
        ctx.tables["bilateral"],
        ctx.pages["country_charts"],
        ctx.pages["top_partners"],
        ctx.kinds,
        label_of,
    )
    for fam in ctx.pages["country_charts"]:
        for c in fam["charts"]:
            if c["kind"] == "costs":
                tops[c["id"]] = corridor_costs(
                    ctx.tables["bilateral"],
                    c["side"],
                    ctx.kinds,
                    ctx.names,
                    ctx.pages["cost_lines"],
                )
    latest = latest_totals(ctx.latest)
    icmw_all = instrument_status(ctx.tables["ratifications"], "icmw")
    flow_rows = flow_figures(ctx)  # issue 19: the "Flows and shares" section
    return tops, latest, icmw_all, flow_rows


def country_pages(ctx: Context) -> list[Chart]:
    """Every country page; returns each page's first chart."""
    countries = ctx.tables["countries"]
    if ctx.lang == DEFAULT or "country" not in ctx.shared:
        ctx.shared["country"] = shared_figures(ctx)
    tops, latest, icmw_all, flow_rows = ctx.shared["country"]
    firsts = []
    for row in records(countries[countries["kind"] == "country"]):
        iso3 = row["iso3"]
        families = family_charts(ctx, iso3, tops)
        peers = peer_charts(ctx, iso3, row)
        index_chart = index_scores_chart(ctx, iso3)
        for c in [c for f in families for c in f[1]] + peers + [index_chart]:
            if c is not None:
                c.lang = ctx.lang  # before the sub-pages are written: their figures' language
        main = [f for f in families if f[3] is None]
        all_charts = [c for _, made, _, _ in main for c in made] + peers
        all_charts += [index_chart] if index_chart else []
        origin = origin_section(ctx, iso3)  # issue 21: the "Origin costs" sub-page
        flows = flows_section(ctx, iso3, flow_rows)  # issue 19: "Flows and shares" sub-page
        for section in (origin["all"], flows["charts"]):
            for c in section:
                c.lang = ctx.lang
            if section:
                section[0].first = True  # the first chart of its sub-page
        subs = sub_pages(ctx, row, families, origin, flows)
        all_charts += [c for s in subs if s["written"] for c in s["charts"]]
        if not ctx.record(all_charts):
            firsts += [c for c in all_charts if c.first]
        write_page(
            ctx,
            f"countries/{iso3}.md",
            "country.md.j2",
            country=row,
            name=ctx.local_names[iso3],
            term=ctx.term,
            gview_en=ctx.gindex_by_lang[DEFAULT],
            status_date=ctx.local_status_date,
            families=main,
            subs=subs,
            peers=peers,
            cards=key_figures(ctx, iso3, latest),
            icmw=icmw_all.get(iso3),
            gindex=ctx.gindex["countries"].get(iso3),
            gview=ctx.gindex,
            index_chart=index_chart,
            origin=origin,
            income_names=ctx.meta["vocabularies"]["income_groups"],
            cite=page_cite(
                ctx,
                f"countries/{iso3}",
                ctx.t("{name}: country profile").format(name=ctx.local_names[iso3]),
                [],
                [p for c in all_charts for p in chart_publishers(c)],
            ),
        )
    return firsts


def lower_first(title: str) -> str:
    """A title after a colon: its first letter in lower case, unless it opens with an acronym
    ("SDG migration targets", "Metas de los ODS")."""
    return title if title[1:2].isupper() else title[:1].lower() + title[1:]


def sub_pages(ctx: Context, row: dict, families: list, origin: dict, flows: dict) -> list[dict]:
    """Write the sub-pages of a country page (/countries/<iso3>/<page>/: the families whose
    metadata names a `page`, the origin costs, the SDG table), which keep the main page short
    and quick on a phone; returns what the main page's summary of each needs."""
    iso3 = row["iso3"]
    subs = []
    for page in dict.fromkeys(f[3] for f in families if f[3] is not None):
        fams = [f for f in families if f[3] == page]
        charts = [c for f in fams for c in f[1]]
        subs.append(
            {
                "page": page,
                "families": fams,
                "charts": charts,
                "template": "country_family_page.md.j2",
            }
        )
    subs.append(
        {
            "page": "flows",
            "flows": flows,
            "charts": flows["charts"],
            "template": "country_flows_page.md.j2",
        }
    )
    subs.append(
        {
            "page": "origin-costs",
            "origin": origin,
            "charts": origin["all"],
            "template": "country_origin_page.md.j2",
        }
    )
    subs.append({"page": "sdg", "charts": [], "template": "country_sdg_page.md.j2"})
    for s in subs:
        s["title"] = ctx.text(ctx.pages["country_sub_pages"][s["page"]])
        s["heading"] = lower_first(s["title"])  # after the country's name and a colon
        s["written"] = ctx.lang == DEFAULT or translated(f"countries/{iso3}/{s['page']}.md")
        if not s["written"]:
            continue  # the main page links the English sub-page
        write_page(
            ctx,
            f"countries/{iso3}/{s['page']}.md",
            s["template"],
            country=row,
            name=ctx.local_names[iso3],
            sub=s,
            origin=origin,
            cite=page_cite(
                ctx,
                f"countries/{iso3}/{s['page']}",
                ctx.t("{name}: {page}").format(name=ctx.local_names[iso3], page=s["heading"]),
                [],
                [p for c in s["charts"] for p in chart_publishers(c)],
            ),
        )
    return subs
