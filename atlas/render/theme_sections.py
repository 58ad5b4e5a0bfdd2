"""The facts and charts of three theme pages: rights on paper (who ratified the Migrant Workers
Convention), ageing and the demand for workers at destination, and Latin America and the
Caribbean. Numbers come from atlas/render/theme_facts.py; settings and labels from
metadata/theme_settings.yaml; the words from metadata/theme_pages.yaml."""

from __future__ import annotations

from atlas.render import theme_charts as build
from atlas.render.charts import source_line
from atlas.render.context import Context
from atlas.render.i18n import DEFAULT
from atlas.render.output import write_csv
from atlas.render.theme_facts import (
    ageing_rows,
    cumulative_parties,
    group_counts,
    instrument_facts,
    intra_rows,
    intra_shares,
    origin_destination,
    parties_in_group,
    party_shares,
    profile_rows,
    remittance_dip,
    top_destinations,
    triangle_rows,
)
from atlas.render.theme_words import local_settings

STOCK = ["undesa-stocks-2024"]


def _words(conf: dict, chart: str, **fields) -> tuple[str, str]:
    """A chart's title and subtitle (metadata/theme_settings.yaml) with the fields filled in."""
    words = conf["charts"][chart]
    return words["title"].format(**fields), words["subtitle"].format(**fields)


def _places(ctx: Context) -> list[str]:
    c = ctx.tables["countries"]
    return sorted(c[c["kind"] == "country"]["iso3"])


def _groups(ctx: Context, od: dict) -> dict[str, dict]:
    return origin_destination(ctx.obs_index, _places(ctx), od)


def _members(ctx: Context, column: str, name: str) -> list[str]:
    c = ctx.tables["countries"]
    return sorted(c[(c["kind"] == "country") & (c[column] == name)]["iso3"])


def rights(ctx: Context) -> tuple[dict, dict]:
    conf = local_settings(ctx)
    names_of = ctx.local_names
    od, r = conf["origin_destination"], conf["rights"]
    rat = ctx.tables["ratifications"]
    groups = _groups(ctx, od)
    group_of = {c: g["group"] for c, g in groups.items()}
    by_od, od_facts = party_shares(rat, r["instrument"], group_of, od["short"], r["share_label"])
    c = ctx.tables["countries"]
    income_of = dict(zip(c["iso3"], c["income_group"], strict=True))
    names = {k: v[ctx.lang] for k, v in ctx.meta["vocabularies"]["income_groups"].items()}
    by_income, income_facts = party_shares(rat, r["instrument"], income_of, names, r["share_label"])
    instruments = {i["id"]: i for i in ctx.local_meta("instruments")}
    shown = [instruments[i] for i in [r["instrument"], *r["compare"]]]
    last = int(rat["year"].max())
    icmw = instrument_facts(rat, r["instrument"])
    top = top_destinations(groups, rat, r["instrument"], r["top"])
    facts = {
        "icmw": icmw,
        "name": instruments[r["instrument"]][ctx.lang],
        "short": instruments[r["instrument"]]["short_en"],
        "adopted": instruments[r["instrument"]]["adopted"],
        "compare": [
            {"short": i["short_en"], "adopted": i["adopted"], **instrument_facts(rat, i["id"])}
            for i in shown[1:]
        ],
        "as_of": ctx.local_status_date,
        "od": od,
        "od_facts": od_facts,
        "od_counts": group_counts(groups),
        "destination_parties": sorted(
            names_of[c] for c in parties_in_group(rat, r["instrument"], group_of, "destination")
        ),
        "income": income_facts,
        "income_names": names,
        "top": {
            "n": len(top["places"]),
            "parties": [names_of[p] for p in top["parties"]],
            "places": [names_of[p] for p in top["places"]],
        },
        "lac": _lac_parties(ctx, rat, r["instrument"]),
    }
    if ctx.lang == DEFAULT:  # a download: one copy, the English page's
        rows = profile_rows(groups, rat, r["instrument"], ctx.names, income_of)
        write_csv(ctx.out / r["download"], rows, list(rows[0]))
    # the text links it from the language's home ({{ root }}): the one copy is at the site's root
    facts["download"] = ("" if ctx.lang == DEFAULT else "../") + r["download"]
    treaty = source_line(ctx, [], [instruments[r["instrument"]]["source"]])
    stock = source_line(ctx, [], [instruments[r["instrument"]]["source"], *STOCK])
    per_year = [
        {
            "series": conf["charts"]["per-year"]["series"].format(short=facts["short"]),
            "year": y,
            "value": n,
        }
        for y, n in icmw["per_year"].items()
    ]
    key = "themes/rights-on-paper/"
    charts = {
        "parties": build.rows_line(
            ctx,
            key + "parties",
            *_words(conf, "parties", as_of=ctx.local_status_date),
            cumulative_parties(rat, shown, last),
            "States parties",
            treaty,
        ),
        "per-year": build.rows_line(
            ctx,
            key + "per-year",
            *_words(conf, "per-year", short=facts["short"]),
            per_year,
            "States parties",
            treaty,
        ),
        "by-origin": build.category_bars(
            ctx,
            key + "by-origin",
            *_words(conf, "by-origin", short=facts["short"], year=od["year"]),
            by_od,
            "percent",
            (stock[0] + ctx.t("; groups computed by the Atlas"), stock[1]),
            ctx.local_status_date,
        ),
        "by-income": build.category_bars(
            ctx,
            key + "by-income",
            *_words(conf, "by-income", short=facts["short"], fy=ctx.income_fy),
            by_income,
            "percent",
            (treaty[0] + ctx.t("; shares computed by the Atlas"), treaty[1]),
            ctx.local_status_date,
        ),
    }
    return facts, charts


def _lac_parties(ctx: Context, rat, instrument: str) -> dict:
    region = set(_members(ctx, "un_subregion", "Latin America and the Caribbean"))
    r = rat[(rat["instrument"] == instrument) & rat["iso3"].isin(region)]
    return {"parties": int((r["status"] == "party").sum()), "members": len(r)}


def ageing(ctx: Context) -> tuple[dict, dict]:
    conf = local_settings(ctx)
    od, a = conf["origin_destination"], conf["ageing"]
    groups = _groups(ctx, od)
    group_of = {c: g["group"] for c, g in groups.items()}
    rows, facts = ageing_rows(ctx.obs_index, group_of, od["short"], a["first_year"])
    facts["od"] = od
    facts["counts"] = group_counts(groups)
    key = "themes/ageing/"
    pop = source_line(ctx, ["population_65plus_pct", "population"], STOCK)
    dep = source_line(
        ctx, ["old_age_dependency_ratio", "population_65plus_pct", "population"], STOCK
    )
    mig = source_line(ctx, ["migrant_stock", "population"])
    charts = {
        "pop65": build.rows_line(
            ctx,
            key + "pop65",
            *_words(conf, "pop65", year=od["year"]),
            rows["pop65"],
            "percent",
            (pop[0] + ctx.t("; group ratios computed by the Atlas"), pop[1]),
        ),
        "dependency": build.rows_line(
            ctx,
            key + "dependency",
            *_words(conf, "dependency", year=od["year"]),
            rows["dependency"],
            "per 100 working-age people",
            (dep[0] + ctx.t("; group ratios computed by the Atlas"), dep[1]),
        ),
        "migrants": build.rows_line(
            ctx,
            key + "migrants",
            *_words(conf, "migrants", year=od["year"]),
            rows["migrants"],
            "percent",
            (mig[0] + ctx.t("; group ratios computed by the Atlas"), mig[1]),
        ),
    }
    return facts, charts


def latin_america(ctx: Context) -> tuple[dict, dict]:
    conf = local_settings(ctx)
    names_of = ctx.local_names
    lac = conf["lac"]
    region = set(_members(ctx, "un_subregion", "Latin America and the Caribbean"))
    tri_rows, tri = triangle_rows(
        ctx.tables["bilateral"], lac["triangles"], lac["north"], region, lac["labels"]
    )
    last = max(y for y, _, _ in ctx.agg_index[(lac["region"], "remittances_received_usd", "total")])
    rem = {**lac["remittances"], "focus_name": names_of[lac["remittances"]["focus"]]}
    money_rows, money = remittance_dip(
        ctx.obs_index, sorted(region), rem, last, lac["triangles"], lac["labels"]["region_panel"]
    )
    groups = [lac["region"], *lac["subregions"]]
    flows = ctx.tables["regional_flows"]
    shares = intra_shares(flows, groups)
    within = intra_rows(shares, names_of)
    years = sorted(tri[next(iter(tri))])
    facts = {
        "tri": tri,
        "tri_first": years[0],
        "tri_last": years[-1],
        "money": money,
        "focus": rem["focus_name"],
        "within": shares,
        "within_first": min(shares[lac["region"]]),
        "within_last": max(shares[lac["region"]]),
        "names": {g: names_of[g] for g in groups},
        "north": names_of[lac["north"]],
    }
    key = "themes/latin-america/"
    stock = source_line(ctx, [], STOCK)
    money_src = source_line(ctx, ["remittances_received_usd"])
    charts = {
        "triangles": build.rows_line(
            ctx,
            key + "triangles",
            *_words(conf, "triangles"),
            tri_rows,
            "percent",
            (stock[0] + ctx.t("; shares computed by the Atlas"), stock[1]),
        ),
        "within": build.rows_line(
            ctx,
            key + "within",
            *_words(conf, "within"),
            within,
            "percent",
            (stock[0] + ctx.t("; the regional_flows resource"), stock[1]),
        ),
        "remittances": build.rows_line(
            ctx,
            key + "remittances",
            *_words(conf, "remittances", places=money["places"]),
            money_rows,
            "current US$",
            (money_src[0] + ctx.t("; sums computed by the Atlas"), money_src[1]),
        ),
    }
    return facts, charts
