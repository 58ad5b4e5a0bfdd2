"""The charts of the SDG tracker and its target pages (issue 20), one builder per chart kind of
metadata/sdg_targets.yaml: publisher aggregates over time, maps of each country's latest value,
breakdowns side by side (sex, age, form of exploitation, migrant status), the 10.c cost against
its 3 % target, the share of corridors above 5 %, and who reports. Rows come from
`sdg_figures` (never a statistic computed here); specs from `specs` (kinds `lines`, `map`,
`dots`, `targetlines`)."""

from __future__ import annotations

import pandas as pd

from atlas.render import specs
from atlas.render.chart import Chart, value_styles
from atlas.render.charts import local_unit, source_line
from atlas.render.context import Context
from atlas.render.figures import drawable, segmented
from atlas.render.formats import human_number
from atlas.render.sdg_figures import (
    age_band,
    as_dicts,
    breakdown_rows,
    headline,
    latest_per_country,
)
from atlas.render.sdg_words import (
    flag_word,
    indicator_unit,
    local_classes,
    sdg_config,
    shown_unit,
)

PUBLISHER = "publisher_aggregate"


def _listed(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def series_meta(ctx: Context) -> dict[str, dict]:
    return {s["code"]: s for s in ctx.meta["sdg_series"]["series"]}


def series_source(ctx: Context, codes: list[str]) -> tuple[str, str]:
    """The source line of official series: publisher and dataset, and the custodian agency."""
    meta = series_meta(ctx)
    local = {s["code"]: s for s in ctx.local_meta("sdg_series")["series"]}
    source, license_ = source_line(ctx, [], [meta[c]["source"] for c in codes])
    custodians = list(dict.fromkeys(local[c]["custodian"] for c in codes))
    return ctx.t("{source}; custodian: {custodians}").format(
        source=source, custodians=", ".join(custodians)
    ), license_


def _chart(ctx: Context, key: str, kind: str, title: str, subtitle: str, rows: list[dict],
           columns: list[tuple[str, str]], unit: str, source: tuple[str, str], alt: str,
           controls: dict | None = None) -> Chart:  # fmt: skip
    years = sorted({int(r["year"]) for r in rows if r.get("year") is not None})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]) if years else ""
    fmt = ctx.number_format(unit)
    spec = specs.chart_spec(
        kind, f"charts/{key}.json", title, subtitle, f"{title}, {subtitle}", fmt, unit=unit
    )
    return Chart(key, kind, title, subtitle, spec, rows, columns, source[0], source[1], span,
                 alt, controls=controls or {}, unit=unit, styles=value_styles(fmt))  # fmt: skip


def _line_rows(rows: list[dict]) -> list[dict]:
    """Line rows worth drawing, each series' segments marked (`figures.segmented`)."""
    return segmented(drawable(rows))


def _latest_alt(ctx: Context, prefix: str, rows: list[dict], fmt: dict) -> str:
    latest: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: (r["series"], r["year"])):
        latest[r["series"]] = r
    said = "; ".join(
        f"{r['series']} {human_number(r['value'], fmt, lang=ctx.lang)} ({r['year']})"
        for r in latest.values()
    )
    return ctx.t("{prefix}. Latest: {said}").format(prefix=prefix, said=said)


def _line_columns(ctx: Context, unit: str) -> list[tuple[str, str]]:
    return [
        ("series", ctx.t("Series")),
        ("year", ctx.t("Year")),
        ("value", ctx.t("Value ({unit})").format(unit=unit)),
    ]


def _line_alt(ctx: Context, title: str) -> str:
    return ctx.t("Line chart: {title}").format(title=title)


def aggregate_lines(ctx: Context, key: str, conf: dict, frame: pd.DataFrame) -> Chart | None:
    """The publisher's own World and regional values over time (flagged: their method cannot
    be reproduced from the country values)."""
    codes = _listed(conf["series"])
    meta = series_meta(ctx)
    rows = headline(frame[frame["series"].isin(codes)], ctx.sdg["config"])
    rows = rows[rows["publisher_aggregate"]]
    places = conf.get("places") or ["WLD", *sorted(set(rows["iso3"]) - {"WLD"})]
    rows = rows[rows["iso3"].isin(places)]
    words = sdg_config(ctx)["breakdown_words"]["series"]
    names = ctx.local_names
    points = []
    for r in as_dicts(rows):
        label = names[r["iso3"]] if len(codes) == 1 else words.get(r["series"], r["series"])
        if len(codes) > 1 and len(places) > 1:
            label = f"{label}, {names[r['iso3']]}"
        note = flag_word(ctx, PUBLISHER)
        # the note says "publisher aggregate" in words; no `flag`: every point of these lines
        # is one, and hollow points would leave a lone year (2011, 2015) without a visible mark
        points.append(dict(series=label, year=r["year"], value=r["value"], flag_note=note))
    points = _line_rows(points)
    if len(points) < 2:
        return None
    unit = meta[codes[0]]["unit"]["en"]
    shown = shown_unit(ctx, codes[0])
    subtitle = ctx.t("{unit} · publisher aggregates").format(unit=shown)
    alt = _latest_alt(ctx, _line_alt(ctx, conf["title"]), points, ctx.number_format(unit))
    columns = _line_columns(ctx, shown) + [("flag_note", ctx.t("Note"))]
    return _chart(ctx, key, "lines", conf["title"], subtitle, points, columns, unit,
                  series_source(ctx, codes), alt)  # fmt: skip


def _map_columns(ctx: Context, unit: str) -> list[tuple[str, str]]:
    return [
        ("rank", ctx.t("Rank")),
        ("name", ctx.t("Country or area")),
        ("value", ctx.t("Value ({unit})").format(unit=unit)),
        ("year", ctx.t("Year")),
        ("flag_note", ctx.t("Note")),
    ]


def _map(ctx: Context, key: str, title: str, rows: list[dict], unit: str, source, what: str,
         shown: str):  # fmt: skip
    fmt = ctx.number_format(unit)
    years = sorted({r["year"] for r in rows})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    subtitle = ctx.t("latest year per country ({span}) · {unit} · grey: no data").format(
        span=span, unit=shown
    )
    ranked = [dict(r, rank=n) for n, r in enumerate(rows, start=1)]
    alt = ctx.t("World map: {title}; {count} countries with data, {what}").format(
        title=title, count=len(rows), what=what
    )
    columns = _map_columns(ctx, shown)
    return _chart(ctx, key, "map", title, subtitle, local_classes(ctx, ranked, fmt), columns, unit,
                  source, alt)  # fmt: skip


def _map_rows(ctx: Context, latest: pd.DataFrame, note) -> list[dict]:
    """Map rows of each country's latest value; `note(row)` says what the value's note is."""
    return [
        {
            "iso3": r["iso3"],
            "name": ctx.local_names[r["iso3"]],
            "id": ctx.m49[r["iso3"]],
            "year": r["year"],
            "value": r["value"],
            "flag": "",
            "flag_note": note(r),
        }  # fmt: skip
        for r in as_dicts(latest)
    ]


def series_map(ctx: Context, key: str, conf: dict, frame: pd.DataFrame) -> Chart | None:
    """Each country's latest value of one series (its headline breakdown; one age band where
    the chart names it), with the year beside it; the age band in the note where it varies."""
    code = conf["series"]
    keep = {"age": [conf["age"]]} if "age" in conf else None
    rows = headline(frame[frame["series"] == code], ctx.sdg["config"], keep)
    latest = latest_per_country(rows, ctx.sdg["countries"])
    if latest.empty:
        return None
    vary = latest["age"].nunique() > 1
    ages = ctx.t("ages {band}")
    out = _map_rows(ctx, latest, lambda r: ages.format(band=age_band(r["age"])) if vary else "")
    unit = series_meta(ctx)[code]["unit"]["en"]
    what = ctx.t("series {code}").format(code=code)
    return _map(ctx, key, conf["title"], out, unit, series_source(ctx, [code]), what,
                shown_unit(ctx, code))  # fmt: skip


def atlas_map(ctx: Context, key: str, conf: dict) -> Chart | None:
    """Each country's latest value of an indicator of the package (10.c.1: the cost of sending
    $200 to the country)."""
    iid = conf["indicator"]
    latest = ctx.latest[(ctx.latest["indicator_id"] == iid) & (ctx.latest["sex"] == "total")]
    latest = latest[latest["iso3"].isin(ctx.sdg["countries"])]
    latest = latest.sort_values(["value", "iso3"], ascending=[False, True])
    out = _map_rows(ctx, latest, lambda r: "")
    if not out:
        return None
    unit = ctx.indicators[iid]["unit_en"]
    what = ctx.t("indicator {id}").format(id=iid)
    return _map(ctx, key, conf["title"], out, unit, source_line(ctx, [iid]), what,
                indicator_unit(ctx, iid))  # fmt: skip


def in_word_order(codes: set[str], words: dict) -> list[str]:
    """Breakdown codes in the order of their words in metadata (both sexes first)."""
    order = list(words)
    return sorted(codes, key=lambda c: (order.index(c) if c in order else len(order), c))


def _dot_columns(ctx: Context, unit: str) -> list[tuple[str, str]]:
    return [
        ("label", ctx.t("Place")),
        ("group", ctx.t("Part")),
        ("value", ctx.t("Value ({unit})").format(unit=unit)),
        ("year", ctx.t("Year")),
    ]


def dots_chart(ctx: Context, key: str, conf: dict, frame: pd.DataFrame) -> Chart | None:
    """A breakdown side by side: per place (or per policy domain), the parts as published in
    one year. Places: the publisher's aggregates, the listed ones, or every country (the top
    ones by value where the chart says so)."""
    config = ctx.sdg["config"]
    words = sdg_config(ctx)["breakdown_words"]
    codes = _listed(conf["series"])
    by = conf["by"]
    keep = {"age": [conf["age"]]} if "age" in conf else {}
    rows = frame[frame["series"].isin(codes)]
    if by not in ("series", "exploitation_form", "year"):
        english = config["breakdown_words"].get(by, {})
        keep[by] = list(conf.get("split") or in_word_order(set(rows[by]), english))
    if by == "year":  # every category of the rows (10.7.2: each policy domain)
        keep[conf["rows"]] = sorted(set(rows[conf["rows"]]))
    rows = headline(rows, config, keep)
    rank = None
    if conf.get("rank_by"):
        rank = headline(frame[frame["series"] == conf["rank_by"]], config)
    if by == "year":  # one place, each category a row, each year a part
        rows = rows[rows["iso3"].isin(conf["places"])]
        domains = ctx.meta["sdg_series"]["policy_domains"]
        label = rows[conf["rows"]].map(lambda d: domains[d][ctx.lang])
        order = rows[conf["rows"]].map({d: n for n, d in enumerate(domains)})
        rows = rows.assign(label=label, order=order, group=rows["year"].astype(str),
                           group_order=rows["year"])  # fmt: skip
        rows = rows.sort_values(["order", "group_order"])
    else:
        by_col = by if by != "series" else "series"
        if conf.get("places") == "aggregates":
            places = ["WLD", *sorted(set(rows.loc[rows["publisher_aggregate"], "iso3"]) - {"WLD"})]
        else:
            places = sorted(ctx.sdg["countries"])
        groups = list(conf.get("split") or keep.get(by) or codes)
        if by == "exploitation_form":  # the forms, never the all-forms total among them
            forms = set(rows["exploitation_form"]) - {"all_forms"}
            groups = in_word_order(forms, config["breakdown_words"][by])
        rows = breakdown_rows(rows, by_col, groups, places, conf.get("top"), rank)
        if rows.empty:
            return None
        one_year = rows["year"].nunique() == 1
        names = ctx.local_names
        rows = rows.assign(
            label=[
                names[i] if one_year else f"{names[i]} ({y})"
                for i, y in zip(rows["iso3"], rows["year"], strict=True)
            ],  # fmt: skip
            group=rows[by_col].map(lambda g: words.get(by, {}).get(g, g)),
        )
    if rows.empty:
        return None
    out = [
        {"name": ctx.local_names[r["iso3"]], "iso3": r["iso3"]}
        | {k: r[k] for k in ("label", "group", "value", "year", "order", "group_order")}
        for r in as_dicts(rows)
    ]
    unit = series_meta(ctx)[codes[0]]["unit"]["en"]
    shown = shown_unit(ctx, codes[0])
    years = sorted({r["year"] for r in out})
    when = f"{years[0]}" if len(years) == 1 else ctx.t("latest year per place (beside its name)")
    if by == "year":
        when = ctx.t(" and ").join(str(y) for y in years)
    subtitle = ctx.t("{when} · {unit} · parts as published (they need not add up)").format(
        when=when, unit=shown
    )
    fmt = ctx.number_format(unit)
    alt = ctx.t("Dot chart: {title}: ").format(title=conf["title"]) + "; ".join(
        f"{r['label']}, {r['group']}: {human_number(r['value'], fmt, lang=ctx.lang)}"
        for r in out[:30]
    )
    columns = _dot_columns(ctx, shown)
    return _chart(ctx, key, "dots", conf["title"], subtitle, out, columns, unit,
                  series_source(ctx, codes), alt)  # fmt: skip


def cost_target_chart(ctx: Context, key: str, conf: dict, numeric: dict) -> Chart | None:
    """The 10.c.1 cost in the World and the SDG regions (the publisher's own averages) with the
    3 % target drawn across."""
    iid = conf["indicator"]
    target = numeric["average"]
    places = ["WLD", *sorted(g for g in ctx.kinds if g.startswith("M49-"))]
    words = ctx.t("SDG target: {target}").format(target=target[ctx.lang])
    points = []
    for place in places:
        for y, v, f in ctx.obs_index.get((place, iid, "total"), ()):
            points.append(dict(series=ctx.local_names[place], year=y, value=v,
                               flag_note=flag_word(ctx, f), target=target["value"],
                               target_label=words))  # fmt: skip
    points = _line_rows(points)
    if len(points) < 2:
        return None
    unit = ctx.indicators[iid]["unit_en"]
    shown = indicator_unit(ctx, iid)
    subtitle = ctx.t("{unit} · publisher aggregates · dashed: the {value} % target").format(
        unit=shown, value=f"{target['value']:g}"
    )
    alt = _latest_alt(ctx, _line_alt(ctx, conf["title"]), points, ctx.number_format(unit))
    columns = _line_columns(ctx, shown) + [("flag_note", ctx.t("Note"))]
    return _chart(ctx, key, "targetlines", conf["title"], subtitle, points, columns, unit,
                  source_line(ctx, [iid]), alt)  # fmt: skip


def corridor_chart(
    ctx: Context, key: str, conf: dict, share: pd.DataFrame, numeric: dict
) -> Chart | None:
    """The share of priced corridors costing more than 5 % per year (computed by
    `sdg_figures.corridors_above` from the corridor series), against the target of none."""
    ceiling = numeric["corridor"]
    above = ctx.t("Corridors above {value} %").format(value=f"{ceiling['value']:g}")
    words = ctx.t("SDG target: {target}").format(target=ceiling[ctx.lang])
    points = [
        dict(
            series=above,
            year=r["year"],
            value=r["share"],
            corridors=r["corridors"],
            above=r["above"],
            target=0,
            target_label=words,
        )  # fmt: skip
        for r in as_dicts(share)
    ]
    points = _line_rows(points)
    if len(points) < 2:
        return None
    unit = "% of corridors priced"
    shown = local_unit(ctx, unit)
    measure = ctx.meta["measures"][ctx.sdg["config"]["corridors"]["measure"]]
    subtitle = ctx.t(
        "{unit} · computed by the Atlas from the corridor series · dashed: the target"
    ).format(unit=shown)
    alt = _latest_alt(ctx, _line_alt(ctx, conf["title"]), points, ctx.number_format(unit))
    columns = [("year", ctx.t("Year")), ("corridors", ctx.t("Corridors priced")),
               ("above", ctx.t("Above {value} %").format(value=f"{ceiling['value']:g}")),
               ("value", ctx.t("Share ({unit})").format(unit=shown))]  # fmt: skip
    chart = _chart(ctx, key, "targetlines", conf["title"], subtitle, points, columns, unit,
                   source_line(ctx, [], [measure["source"]]), alt)  # fmt: skip
    chart.styles.update(corridors="0", above="0")
    return chart


def reporting_chart(ctx: Context, key: str, target: dict, counts: pd.DataFrame) -> Chart | None:
    """Who reports: countries with a value per series and year (the series of the target)."""
    meta = series_meta(ctx)
    short = sdg_config(ctx)["short_names"]
    points = []
    for r in as_dicts(counts):
        code = r["series"]
        name = (
            meta[code]["title"][ctx.lang]
            if code in meta
            else ctx.indicators[code][f"title_{ctx.lang}"]
        )
        points.append(dict(series=short.get(code, name), year=r["year"], value=r["countries"]))
    points = _line_rows(points)
    if len(points) < 2:
        return None
    unit = "countries reporting"
    shown = local_unit(ctx, unit)
    title = ctx.t("Who reports: {id} {title}").format(
        id=target["id"], title=target["title"][ctx.lang]
    )
    subtitle = ctx.t("countries or areas with a value, per year (aggregates not counted)")
    alt = _latest_alt(ctx, _line_alt(ctx, title), points, ctx.number_format(unit))
    columns = _line_columns(ctx, shown)
    codes = [c for c in counts["series"].unique() if c in meta]
    source = series_source(ctx, codes) if codes else source_line(ctx, list(counts["series"]))
    return _chart(ctx, key, "lines", title, subtitle, points, columns, unit, source, alt)
