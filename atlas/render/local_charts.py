"""The charts of Spanish and French pages: the English charts' data, specs and static SVGs
are shared (one copy); each language gets the text only. A chart kind's spec in the language
(charts/kinds/<lang>/..., `spec_i18n.localized_spec`) carries the map from the English values
the data hold (series labels, names of countries and areas, flags, sexes, index dimensions) to
the language's, and the page's figure (fragment) its title, table and buttons in the language.

Static SVGs hold English text: a Spanish or French figure holds its place with the English
chart's size and an empty image (assets/blank.svg) until the chart is drawn in the language,
so nothing moves when it is drawn, and no English shows.
"""

from __future__ import annotations

from pathlib import Path

from atlas.render import specs
from atlas.render.chart import kind_url
from atlas.render.context import Context
from atlas.render.flow_charts import flow_labels
from atlas.render.formats import WORDS, d3_format_locale, dump_json, number_expr, number_words
from atlas.render.origin_charts import origin_labels
from atlas.render.region_charts import flow_label
from atlas.render.spec_i18n import (
    LABELLED,
    NO_DATA,
    in_words,
    label_map,
    localized_spec,
    template_expr,
)

BLANK_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
SEXES = ("female", "male", "total")


def _series_labels(ctx: Context) -> dict[str, str]:
    """The labels of the page charts' series (metadata/pages.yaml), through the catalogue."""
    out = {}
    charts = [c for fam in ctx.pages["country_charts"] for c in fam["charts"]]
    for c in charts + ctx.pages["region_charts"]:
        for s in c.get("series", []):
            out[s["label"]] = ctx.text(s["label"])
    for label in ("Emigrants living in the region", "Immigrants born in the region"):
        out[label] = flow_label(ctx, label)
    # the country sub-pages' series (metadata/country_flows.yaml, origin_costs.yaml): one
    # English label, one translation, whichever page draws it
    for label, local in (flow_labels(ctx) | origin_labels(ctx)).items():
        if out.setdefault(label, local) != local:
            raise ValueError(f"{label!r}: two {ctx.lang} labels ({out[label]!r}, {local!r})")
    return out


def local_labels(ctx: Context) -> dict[str, str]:
    """English value -> the page's language, for every labelled field of chart rows."""
    c = ctx.tables["countries"]
    english = dict(zip(c["iso3"], c["name_en"], strict=True))
    labels = label_map(english, ctx.local_names)
    labels |= label_map(
        {code: ctx.names[code] for code in ctx.chart_names if code in ctx.names},
        ctx.local_names,
    )
    short = {ctx.chart_names[code]: ctx.local_names[code] for code in ctx.chart_names}
    labels |= {k: v for k, v in short.items() if k != v}
    flags = ctx.meta["flags"]
    labels |= label_map(
        {f: v["en"] for f, v in flags.items()}, {f: v[ctx.lang] for f, v in flags.items()}
    )
    words = spec_words(ctx.t)
    labels |= {s: words[s] for s in SEXES}
    labels |= _series_labels(ctx)
    labels |= ctx.gindex_labels
    local = {i["id"]: i["short_en"] for i in ctx.local_meta("instruments")}
    labels |= label_map({i["id"]: i["short_en"] for i in ctx.meta["instruments"]}, local)
    return dict(sorted((k, v) for k, v in labels.items() if k != v))


def _row_key(row: dict) -> tuple:
    """What a chart row is, whatever its language: its fields other than the words."""
    return tuple(sorted((k, repr(v)) for k, v in row.items() if k not in (*LABELLED, "segment")))


# pages whose charts label their rows with metadata's words in the page's language (their
# kinds' specs carry the map from the English twin's words, `twin_labels`)
TWIN_PAGES = ("sdg/", "themes/")


def twin_labels(ctx: Context, kind: str, unit: str) -> dict[str, str]:
    """English word -> the page's language, read off the charts of the language's pages and
    their English twins (same key, same data): a row of each, matched by its numbers and codes,
    gives the words of its labelled fields (SDG and theme charts label their rows from metadata
    in the page's language). A row or a word matched more than one way is left out. Only the
    charts of one kind and unit (those that draw from the spec that carries the map)."""
    english = {c.key: c for c in ctx.charts}
    pairs: dict[str, set[str]] = {}
    for c in ctx.local_charts:
        if c.lang != ctx.lang or c.key not in english or (c.kind, c.unit) != (kind, unit):
            continue
        if not c.key.startswith(TWIN_PAGES):
            continue
        local: dict[tuple, list[dict]] = {}
        for r in c.rows:
            local.setdefault(_row_key(r), []).append(r)
        seen: dict[tuple, int] = {}
        for r in english[c.key].rows:
            seen[_row_key(r)] = seen.get(_row_key(r), 0) + 1
        # a map's classes: its legend writes them in the language (`map_words`), twice is wrong
        fields = [f for f in LABELLED if not (kind == "map" and f == "bin")]
        for r in english[c.key].rows:
            mine = local.get(_row_key(r), [])
            if seen[_row_key(r)] != 1 or len(mine) != 1:
                continue
            for f in fields:
                en, loc = r.get(f), mine[0].get(f)
                if isinstance(en, str) and isinstance(loc, str) and en != loc:
                    pairs.setdefault(en, set()).add(loc)
    return {en: next(iter(loc)) for en, loc in pairs.items() if len(loc) == 1}


def spec_words(t) -> dict[str, str]:
    """The words of the kinds' specs (atlas/render/specs.py: tooltip titles) and the sexes
    of the data, in the language (`t`, the translator): written out here so that `make
    messages` extracts them."""
    return {
        "Series": t("Series"),
        "Year": t("Year"),
        "Note": t("Note"),
        "Country or area": t("Country or area"),
        "Sex": t("Sex"),
        "Instrument": t("Instrument"),
        "Ratified or acceded": t("Ratified or acceded"),
        "Corridor partner": t("Corridor partner"),
        "Dimension": t("Dimension"),
        "Score": t("Score"),
        "Rank": t("Rank"),
        "Category": t("Category"),
        "Score (0-100, 100 best)": t("Score (0-100, 100 best)"),
        NO_DATA: t("No data"),
        "Part": t("Part"),
        "target": t("target"),
        "ceiling": t("ceiling"),
        "female": t("female"),
        "male": t("male"),
        "total": t("total"),
    }


def gap_label(ctx: Context) -> dict:
    """The income-gap bars' labels ("3,4× · 11,3 millones emigrantes", metadata/corridors.yaml
    `country_chart.label` in the language) from the row's numbers: the data carry English."""
    words = ctx.local_meta("corridors")["explorer"]["country_chart"]
    people = in_words(number_expr(ctx.number_format("persons")), ctx.lang)
    expr = template_expr(
        words["label"],
        {
            "ratio": "format(datum.ratio, '.1f')",
            "migrants": people.replace("datum.value", "datum.migrants"),
        },
    )
    return {"calculate": f"isValid(datum.ratio) ? {expr} : datum.label", "as": "label"}


def units_in_language(ctx: Context) -> dict[str, str]:
    """Units in the page's language: the indicators', metadata/units.yaml's, and the income
    gap's (metadata/corridors.yaml)."""
    gap = ctx.meta["corridors"]["explorer"]["country_chart"]["unit"]
    local = ctx.local_meta("corridors")["explorer"]["country_chart"]["unit"]
    return {**ctx.unit_names, gap: local}


def tooltip_title(ctx: Context, title: str) -> str:
    """A tooltip title in the language: a unit's name (capitalised as the spec writes it),
    else the spec's words; a title neither knows stops the build."""
    for unit, local in units_in_language(ctx).items():
        if unit and title == unit[0].upper() + unit[1:]:
            return local[0].upper() + local[1:]
    words = spec_words(ctx.t)
    return words[title] if title in words else ctx.t(title, "atlas/render/specs.py")


def local_spec(ctx: Context, english: dict, kind: str) -> dict:
    """A kind's spec in the page's language (the compare page's, which picks its unit in the
    browser): tooltip titles, number words and the labels of the data's English names."""
    key = ("labels", ctx.lang)
    if key not in ctx.shared:
        ctx.shared[key] = local_labels(ctx)
    title = lambda t: tooltip_title(ctx, t)  # noqa: E731
    return localized_spec(english, ctx.lang, title, ctx.shared[key], kind)


def map_words(ctx: Context) -> dict:
    """What a world map's legend and shapes need in the page's language: separators (CLDR),
    the class words of `figures.quantile_classes` and the number words, English -> local, and
    each country's name by its M49 code (the world atlas's shapes)."""
    loc = d3_format_locale(ctx.lang)
    return {
        "decimal": loc["decimal"],
        "group": loc["thousands"],
        "under": ctx.t("under {value}").split("{value}")[0],
        "more": ctx.t("{value} and more").split("{value}")[1],
        "numbers": [
            (en, local) for (_, en), (_, local) in zip(WORDS, number_words(ctx.lang), strict=True)
        ],
        "places": {
            ctx.m49[c]: ctx.local_names[c]
            for c, kind in sorted(ctx.kinds.items())
            if kind == "country" and ctx.m49.get(c)
        },
    }


def write_local_specs(ctx: Context, out: Path) -> int:
    """Each (kind, unit) the Spanish and French pages draw, in their language."""
    done = 0
    for lang in sorted({c.lang for c in ctx.local_charts}):
        ctx.t.lang = lang
        labels = local_labels(ctx)
        for kind, unit in sorted({(c.kind, c.unit) for c in ctx.local_charts if c.lang == lang}):
            if unit:
                english = specs.chart_spec(kind, "", "", "", "", ctx.number_format(unit), unit=unit)
            else:
                english = specs.chart_spec(kind, "", "", "", "")
            words = map_words(ctx) if kind == "map" else None
            twins = twin_labels(ctx, kind, unit)
            mine = dict(sorted((labels | twins).items())) if twins else labels
            spec = localized_spec(english, lang, lambda t: tooltip_title(ctx, t), mine, kind, words)
            if kind == "catbars":
                spec["transform"].append(gap_label(ctx))
            if unit:
                bar_label_decimals(spec, ctx.number_format(unit))
            dump_json(out / kind_url(kind, unit, lang), spec)
            done += 1
    ctx.t.lang = "en"
    (out / "assets").mkdir(parents=True, exist_ok=True)
    (out / "assets" / "blank.svg").write_text(BLANK_SVG, encoding="utf-8")
    return done


def bar_label_decimals(spec: dict, fmt: dict) -> None:
    """A bar's label of a unit without words ("20,1 % (2010)") to the unit's decimals, as the
    English label (`formats.human_number`); the axis's expression (six significant digits,
    for round ticks) wrote "20,1327 % (2010)"."""
    if fmt.get("words"):
        return
    for t in spec.get("transform", []):
        if t.get("as") == "label" and "datum.partner_total" in t.get("calculate", ""):
            t["calculate"] = t["calculate"].replace("',.6~r'", f"',.{fmt['decimals']}~f'")


def sized_like_english(ctx: Context) -> None:
    """A Spanish or French chart reserves the English chart's drawn size (no layout shift),
    and its "Vega-Lite spec" download fills the English chart's template with its own words."""
    english = {c.key: c for c in ctx.charts}
    for c in ctx.local_charts:
        if c.key in english:
            c.svg_size, c.spec_file = english[c.key].svg_size, english[c.key].spec_file
