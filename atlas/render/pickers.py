"""What the pickers of the compare and indicator pages offer: World, regions and income groups
(the package's aggregates) before countries and areas (by name as readers alphabetise), each
indicator's aggregate series for the browser (charts/aggregates/<id>.json), and the compare
page's line spec per unit (the unit on its value axis). Values are the package's, never
computed here."""

from __future__ import annotations

from atlas.render import specs
from atlas.render.chart import kind_url
from atlas.render.charts import local_unit, source_line
from atlas.render.context import Context
from atlas.render.formats import dump_json, number_expr, records, sort_key
from atlas.render.i18n import DEFAULT
from atlas.render.local_charts import local_spec
from atlas.render.spec_i18n import in_words


def group_options(ctx: Context, codes: set[str] | None = None) -> list[tuple[str, str]]:
    """(name, code) of the aggregate groups, in metadata/aggregates.yaml order."""
    names = ctx.local_names  # in the page's language
    return [
        (names[g], g)
        for g in ctx.meta["aggregation"]["groups"]
        if g in names and (codes is None or g in codes)
    ]


def place_options(ctx: Context, codes) -> list[tuple[str, str]]:
    """(name, code) of countries and areas, accents aside in the order ("Türkiye" by "Turkey")."""
    names = ctx.local_names  # in the page's language
    return sorted(((names[c], c) for c in codes), key=lambda nc: sort_key(nc[0]))


def aggregate_series(ctx: Context) -> dict[str, set[str]]:
    """Write each indicator's aggregates as rows like those of data/indicators/<id>.json (a
    group the indicator publishes itself, such as UNDP's World HDI, is not repeated); return
    the groups each indicator has."""
    agg = ctx.tables["aggregates"]
    agg = agg[agg["sex"] == "total"]
    obs = ctx.tables["observations"]
    aggregates = set(ctx.meta["aggregation"]["groups"])
    own = {p for p in zip(obs["indicator_id"], obs["iso3"], strict=True) if p[1] in aggregates}
    rows: dict[str, list[dict]] = {iid: [] for iid in ctx.indicators}
    for r in records(agg):
        if (r["indicator_id"], r["group"]) in own or r["indicator_id"] not in rows:
            continue
        rows[r["indicator_id"]].append(
            {
                "indicator_id": r["indicator_id"],
                "iso3": r["group"],
                "year": r["year"],
                "sex": "total",
                "value": r["value"],
                "flag": "",
                "name": ctx.names[r["group"]],
            }
        )
    for iid, series in rows.items():
        dump_json(ctx.out / f"charts/aggregates/{iid}.json", series)
    return {
        iid: {r["iso3"] for r in series} | {c for i, c in own if i == iid and c in ctx.names}
        for iid, series in rows.items()
    }


def compare_spec_url(unit: str, lang: str = DEFAULT) -> str:
    return kind_url("lines", unit, lang).replace("charts/kinds/", "charts/compare/")


def indicator_choices(ctx: Context) -> list[dict]:
    """The compare page's indicators in the page's language (by title as the language sorts
    it), each with its unit, the line spec of its unit (in the language), the number words of
    its axis (a Vega expression) and its source line; writes those specs."""
    lang = ctx.lang
    out = []
    for ind in sorted(ctx.indicators.values(), key=lambda i: sort_key(i[f"title_{lang}"])):
        unit = ind["unit_en"]
        fmt = ctx.number_format(unit)
        url = compare_spec_url(unit, lang)
        if not (ctx.out / url).exists():
            spec = specs.chart_spec("lines", "", "", "", "", fmt, unit=unit)
            dump_json(ctx.out / url, spec if lang == DEFAULT else local_spec(ctx, spec, "lines"))
        source, _ = source_line(ctx, [ind["id"]])
        expr = number_expr(fmt, "datum.value")
        out.append(
            dict(
                ind,
                title=ind[f"title_{lang}"],
                spec=url,
                expr=expr if lang == DEFAULT else in_words(expr, lang),
                source=source,
                unit=local_unit(ctx, unit),
            )
        )
    return out
