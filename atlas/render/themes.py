"""Theme pages (metadata/theme_pages.yaml: the Atlas's words, numbers filled in from the package)
and the five-countries page (the 2006 Bellagio comparison: India, Mexico, Morocco, the
Philippines, Türkiye side by side)."""

from __future__ import annotations

import functools

from markupsafe import Markup

from atlas.base import ROOT, load_yaml
from atlas.render import theme_charts as build
from atlas.render.chart import Chart
from atlas.render.charts import source_line
from atlas.render.context import Context, write_page
from atlas.render.figures import latest_totals
from atlas.render.flow_charts import development_chart
from atlas.render.flow_figures import development_facts
from atlas.render.formats import decimal_text, human_number
from atlas.render.linked_data import chart_publishers, page_cite
from atlas.render.region_figures import flow_summary, latest_aggregate
from atlas.render.theme_figures import (
    cost_share_rows,
    direction_rows,
    group_sum_rows,
    missing_migrants,
    partial_years,
    south_south_facts,
    south_south_latest,
    south_south_rows,
    unrwa_total,
)
from atlas.render.theme_sections import ageing, latin_america, rights
from atlas.render.theme_words import iom_names, local_theme, relabel

SOUTH = ["WB-L", "WB-LM", "WB-UM"]
STOCK = ["undesa-stocks-2024", "wb-oghist"]


def _people(ctx: Context) -> tuple[dict, dict]:
    t = ctx.tables
    ss = south_south_facts(t["south_south_world"])
    us = t["south_south_countries"]
    us = us[(us["iso3"] == "USA") & (us["sex"] == "total")].sort_values("year")
    facts = {
        "ss": ss,
        "last": max(ss),
        "us_unknown": float(us["immigrants_unknown_origin"].iloc[-1]),
        "lac": flow_summary(t["regional_flows"], "UN-419"),
        "afr": flow_summary(t["regional_flows"], "UN-AFR"),
        "un": development_facts(t["south_south_development"]),  # UN development groups
    }
    source = source_line(ctx, [], STOCK)
    people = functools.partial(human_number, fmt=ctx.number_format("persons"), lang=ctx.lang)
    series = {
        "Born in a non-high-income country": ctx.t("Born in a non-high-income country"),
        "Moved between non-high-income countries": ctx.t("Moved between non-high-income countries"),
        "Origin unknown or not classified": ctx.t("Origin unknown or not classified"),
    }
    # " / " breaks an axis label into lines (kind catbars)
    directions = {
        "From non-high income / to non-high income": ctx.t(
            "From non-high income / to non-high income"
        ),
        "From non-high income / to high income": ctx.t("From non-high income / to high income"),
        "From high income / to high income": ctx.t("From high income / to high income"),
        "From high income / to non-high income": ctx.t("From high income / to non-high income"),
        "Origin unknown, / or an end not classified": ctx.t(
            "Origin unknown, / or an end not classified"
        ),
    }
    charts = {
        "south-south-shares": build.rows_line(
            ctx,
            "themes/people-on-the-move/south-south",
            ctx.t("South–South migration"),
            ctx.t("percent of all migrants · income group of each year"),
            relabel(south_south_rows(ss), "series", series),
            "percent",
            (source[0] + ctx.t("; shares computed by the Atlas"), source[1]),
        ),
        "directions": build.category_bars(
            ctx,
            "themes/people-on-the-move/directions",
            ctx.t("Migrants by direction, {year}").format(year=facts["last"]),
            ctx.t("persons · income group of each end in that year"),
            relabel(
                direction_rows(t["south_south"], facts["last"], people), "category", directions
            ),
            "persons",
            (source[0] + ctx.t("; computed by the Atlas"), source[1]),
            str(facts["last"]),
        ),
        "development-groups": development_chart(ctx, facts["un"], ss),
    }
    return facts, charts


def _money(ctx: Context) -> tuple[dict, dict]:
    series = [
        {"indicator": "remittances_received_usd", "label": "Remittances received"},
        {"indicator": "oda_received_usd", "label": "ODA received"},
        {"indicator": "fdi_inflows_usd", "label": "FDI, net inflows"},
    ]
    words = {
        "Remittances received": ctx.t("Remittances received"),
        "ODA received": ctx.t("ODA received"),
        "FDI, net inflows": ctx.t("FDI, net inflows"),
    }
    rows = group_sum_rows(ctx.agg_index, SOUTH, series, 1990)
    last = max(r["year"] for r in rows if r["series"] == "Remittances received")
    at = {r["series"]: r["value"] for r in rows if r["year"] == last}
    lines = ctx.pages["cost_lines"]
    cost_rows, cost = cost_share_rows(ctx.tables["bilateral"], lines)
    facts = {
        "south_latest": {
            "year": last,
            "remittances": at.get("Remittances received"),
            "oda": at.get("ODA received"),
            "fdi": at.get("FDI, net inflows"),
        },
        "cost": cost,
        "lines": lines,
    }
    src = source_line(ctx, [s["indicator"] for s in series])
    cost_src = source_line(ctx, [], [ctx.meta["measures"]["remittance_cost"]["source"]])
    ceiling, target = (_percent(ctx, lines[k]) for k in ("ceiling", "target"))
    cost_words = {
        f"Above {lines['ceiling']} %": ctx.t("Above {value} %").format(value=ceiling),
        f"Below {lines['target']} %": ctx.t("Below {value} %").format(value=target),
    }
    charts = {
        "south-flows": build.rows_line(
            ctx,
            "themes/money-sent-home/south-flows",
            ctx.t("Money received by the South"),
            ctx.t("low and middle income ({year}) · current US$").format(year=ctx.income_fy),
            relabel(rows, "series", words),
            "current US$",
            (src[0] + ctx.t("; sums computed by the Atlas"), src[1]),
        ),
        "cost-shares": build.rows_line(
            ctx,
            "themes/money-sent-home/cost-shares",
            ctx.t("Corridors above {ceiling} % and below {target} %").format(
                ceiling=ceiling, target=target
            ),
            ctx.t("percent of corridors with a cost that year"),
            relabel(cost_rows, "series", cost_words),
            "percent",
            (cost_src[0] + ctx.t("; shares computed by the Atlas"), cost_src[1]),
        ),
    }
    return facts, charts


def _forced(ctx: Context) -> tuple[dict, dict]:
    ref2016 = latest_aggregate(
        {k: [p for p in v if p[0] <= 2016] for k, v in ctx.agg_index.items() if k[0] == "WLD"},
        ctx.coverage,
        "WLD",
        "refugees_hosted",
    )
    unrwa = unrwa_total(ctx.tables["observations"], 2016)
    facts = {
        "ref2016": ref2016["value"],
        "unrwa2016": unrwa,
        "both2016": ref2016["value"] + unrwa,
        "ref_latest": latest_aggregate(ctx.agg_index, ctx.coverage, "WLD", "refugees_hosted"),
    }
    series = [
        ("refugees_hosted", ctx.t("Refugees (UNHCR mandate)")),
        ("asylum_seekers_hosted", ctx.t("Asylum-seekers")),
        ("idps_idmc", ctx.t("Internally displaced by conflict (IDMC)")),
    ]
    rows = []
    for ind, label in series:
        for year, value, _ in ctx.agg_index.get(("WLD", ind, "total"), ()):
            if year >= 1990:
                rows.append({"series": label, "year": year, "value": value})
    src = source_line(ctx, [i for i, _ in series])
    charts = {
        "displacement": build.rows_line(
            ctx,
            "themes/forced-from-home/displacement",
            ctx.t("Forcibly displaced people, world"),
            ctx.t("persons · sums over countries"),
            rows,
            "persons",
            (src[0] + ctx.t("; World sums computed by the Atlas"), src[1]),
        )
    }
    return facts, charts


def _human(ctx: Context) -> tuple[dict, dict]:
    people = functools.partial(human_number, fmt=ctx.number_format("persons"), lang=ctx.lang)
    partial = partial_years(ctx.tables["observations"], "dead_missing_in_country")
    mm = missing_migrants(ctx.tables["missing_migrants_routes"], partial, people)
    src = source_line(ctx, ["dead_missing_in_country"])
    years = f"{mm['first']}–{mm['last']}"
    names = iom_names(ctx.lang, mm["routes"], mm["causes"])
    charts = {
        "mm-years": build.rows_line(
            ctx,
            "themes/human-cost/years",
            ctx.t("Dead and missing migrants"),
            ctx.t("persons · all routes · full years"),
            relabel(mm["years"], "series", {"Dead and missing": ctx.t("Dead and missing")}),
            "persons",
            src,
        ),
        "mm-routes": build.category_bars(
            ctx,
            "themes/human-cost/routes",
            ctx.t("Dead and missing by route"),
            ctx.t("persons · {years}").format(years=years),
            relabel(mm["routes"], "category", names),
            "persons",
            src,
            years,
        ),
        "mm-causes": build.category_bars(
            ctx,
            "themes/human-cost/causes",
            ctx.t("Dead and missing by cause"),
            ctx.t("persons · {years} · ten most frequent").format(years=years),
            relabel(mm["causes"], "category", names),
            "persons",
            src,
            years,
        ),
    }
    return {"mm": mm}, charts


THEMES = {
    "people-on-the-move": _people,
    "money-sent-home": _money,
    "forced-from-home": _forced,
    "human-cost": _human,
    "rights-on-paper": rights,
    "ageing": ageing,
    "latin-america": latin_america,
}


def _percent(ctx: Context, value: float) -> str:
    """A cost line (5, 3 percent) as the page's language writes it."""
    return decimal_text(value, 0 if float(value).is_integer() else 1, ctx.lang)


def theme_pages(ctx: Context) -> list[Chart]:
    """Every theme page, the themes list and the five-countries page, in the page's language
    (the charts' data are the English pages'); returns the charts that get a static fallback."""
    config = [
        local_theme(ctx, t) for t in load_yaml(ROOT / "metadata" / "theme_pages.yaml")["themes"]
    ]
    firsts = []
    for theme in config:
        facts, charts = THEMES[theme["id"]](ctx)
        root = "../../"
        sections = []
        for s in theme["sections"]:
            values = {"facts": facts, "root": root, "income_fy": ctx.income_fy}
            sections.append(
                {
                    "heading": s["heading"],
                    # metadata's words, rendered autoescaped: the numbers in them are escaped
                    "text": Markup(ctx.env.from_string(s["text"]).render(**values)),
                    "quotes": [
                        {
                            "text": q["text"],  # a founding document, in its own language
                            "who": q["who"],
                            "now": Markup(ctx.env.from_string(q["now"]).render(**values)),
                        }
                        for q in s["quotes"]
                    ],
                    "charts": [charts[c] for c in s["charts"] if charts.get(c) is not None],
                }
            )
        made = [c for c in charts.values() if c is not None]
        if made:
            made[0].fallback = True
        if not ctx.record(made):
            firsts += made[:1]
        write_page(
            ctx,
            f"themes/{theme['id']}.md",
            "theme.md.j2",
            theme=theme,
            sections=sections,
            links=[ctx.indicators[i] for i in theme["links"]],
            cite=page_cite(
                ctx,
                f"themes/{theme['id']}",
                theme["title"],
                [],
                [p for c in made for p in chart_publishers(c)],
            ),
        )
    firsts += five_countries_page(ctx)
    write_page(ctx, "themes/index.md", "themes.md.j2", themes=config)
    return firsts


def five_countries_page(ctx: Context) -> list[Chart]:
    focus = ctx.pages["focus_countries"]
    config = ctx.pages["five_countries"]
    charts = [
        build.countries_line(
            ctx,
            f"themes/five-countries/{c['indicator']}",
            ctx.text(c["title"]),
            c["indicator"],
            focus,
            1990,
        )
        for c in config["charts"]
    ]
    charts = [c for c in charts if c is not None]
    if charts:
        charts[0].fallback = True
    local = ctx.record(charts)
    latest = latest_totals(ctx.latest)
    rows = []
    for k in config["table"]:
        ind = ctx.indicators[k]
        rows.append({"indicator": ind, "hits": [latest.get((k, c, "total")) for c in focus]})
    south = south_south_latest(ctx.tables["south_south_countries"], focus)
    write_page(
        ctx,
        "themes/five-countries.md",
        "five_countries.md.j2",
        focus=focus,
        rows=rows,
        south=south["rows"],
        south_pct=south["emigrants_pct"],
        south_imm_pct=south["immigrants_pct"],
        charts=charts,
        gindex=ctx.gindex,
        status_date=ctx.local_status_date,
        icmw={
            c: next((r for r in ctx.ratifications.get(c, []) if r["instrument"] == "ICMW"), None)
            for c in focus
        },
        income_names=ctx.meta["vocabularies"]["income_groups"],
        countries={r["iso3"]: r for r in ctx.tables["countries"].to_dict(orient="records")},
        cite=page_cite(
            ctx,
            "themes/five-countries",
            ctx.t("Five countries of origin"),
            [],
            [p for c in charts for p in chart_publishers(c)],
        ),
    )
    return [] if local else [c for c in charts if c.fallback]
