"""The charts and tables of "what emigration costs countries of origin" (issue 21): the
"Origin costs" section of country pages and the theme page. Rows come from the package's
lookups; the estimate's values are the published ones (atlas/transform/origin.py computes
them), its assumptions are metadata/origin_costs.yaml. Nothing here computes a statistic: the
"why no estimate" list only names the ingredients the package lacks for the country.
"""

from __future__ import annotations

from atlas.render import specs
from atlas.render.chart import Chart, value_styles
from atlas.render.charts import _line, _points, local_unit, source_line
from atlas.render.context import Context
from atlas.render.formats import human_number
from atlas.render.i18n import DEFAULT, overlay, translated_yaml

ESTIMATES = ("low", "central", "high")


def local_origin_meta(ctx: Context) -> dict:
    """metadata/origin_costs.yaml in the page's language (its mirror
    metadata/translations/origin_costs.<lang>.yaml laid over it)."""
    if ctx.lang == DEFAULT:
        return ctx.meta["origin"]
    key = ("origin_costs", ctx.lang)
    if key not in ctx.shared:
        ctx.shared[key] = overlay(ctx.meta["origin"], translated_yaml("origin_costs", ctx.lang))
    return ctx.shared[key]


def estimate_labels(ctx: Context) -> dict[str, str]:
    """The estimate chart's bars, by their English label (what the data carry)."""
    words = {
        "low": ctx.t("Estimate, low"),
        "central": ctx.t("Estimate, central"),
        "high": ctx.t("Estimate, high"),
    }
    out = {f"Estimate, {v}": words[v] for v in ESTIMATES}
    # received: the catalogue's "Remittances" is a chart's remittances paid
    out["Remittances"] = "Remittances" if ctx.lang == DEFAULT else ctx.t("Remittances received")
    return out


def origin_labels(ctx: Context) -> dict[str, str]:
    """The section's series and bar labels, English -> the page's language."""
    pairs = estimate_labels(ctx)
    english, local = ctx.meta["origin"]["country_charts"], local_origin_meta(ctx)["country_charts"]
    for c, lc in zip(english, local, strict=True):
        for s, ls in zip(c["series"], lc["series"], strict=True):
            pairs[s["label"]] = ls["label"]
    return pairs


def origin_line_charts(ctx: Context, iso3: str, prefix: str) -> tuple[list[Chart], list[str]]:
    """The section's line charts with something to draw, and the titles of those without."""
    made, empty = [], []
    name = ctx.local_names[iso3]
    for c in local_origin_meta(ctx)["country_charts"]:
        rows = []
        for s in c["series"]:
            key = (iso3, s["indicator"], s.get("sex", "total"))
            rows += _points(ctx, ctx.obs_index, key, s["label"], c["first_year"])
        indicators = list(dict.fromkeys(s["indicator"] for s in c["series"]))
        unit = ctx.indicators[indicators[0]]["unit_en"]
        note = f" · {c['note']}" if c.get("note") else ""
        chart = _line(
            ctx,
            f"{prefix}/{c['id']}",
            c["title"],
            f"{name} · {local_unit(ctx, unit)}{note}",
            rows,
            unit,
            source_line(ctx, indicators),
            ctx.t("Line chart: {title}, {name}").format(title=c["title"], name=name),
        )
        if chart is None:
            empty.append(c["title"])
        else:
            made.append(chart)
    return made, empty


def _value(ctx: Context, iso3: str, indicator: str, year: int | None = None):
    """(year, value) of the indicator for the country: in `year`, or its latest."""
    points = ctx.obs_index.get((iso3, indicator, "total"), [])
    if year is not None:
        points = [p for p in points if p[0] == year]
    return (points[-1][0], points[-1][1]) if points else None


def estimate_values(ctx: Context, iso3: str) -> dict | None:
    """The published estimate of the country (low, central, high, emigrants) and the
    remittances of the same year, or None when none is published."""
    p = ctx.meta["origin"]["estimate"]
    got = {k: _value(ctx, iso3, i, p["year"]) for k, i in p["indicators"].items()}
    if got["central"] is None:
        return None
    out = {k: (v[1] if v else None) for k, v in got.items()}
    rem = _value(ctx, iso3, p["remittances"], p["year"])
    out["remittances"] = rem[1] if rem else None
    return out


def missing_ingredients(ctx: Context, iso3: str) -> list[str]:
    """Why no estimate: each ingredient the package lacks for the country in the estimate's
    year (or window), and a high-skilled emigration rate above the published limit."""
    p = ctx.meta["origin"]["estimate"]
    year, window = p["year"], p["window"]
    exact = [p["rate"], p["population"], p["dependency"], p["share65"], p["gdp_per_capita"]]
    near = [p["attainment"], *p["funding"].values()]
    why = []

    def title(ind: str) -> str:
        text = ctx.indicators[ind][f"title_{ctx.lang}"]
        return text if text[1:2].isupper() else text[:1].lower() + text[1:]

    for ind in exact:
        if _value(ctx, iso3, ind, year) is None:
            why.append(ctx.t("{indicator} in {year}").format(indicator=title(ind), year=year))
    for ind in near:
        points = ctx.obs_index.get((iso3, ind, "total"), [])
        if not any(abs(y - year) <= window for y, _, _ in points):
            why.append(
                ctx.t("{indicator} in {year}").format(
                    indicator=title(ind), year=f"{year - window}–{year + window}"
                )
            )
    rate = _value(ctx, iso3, p["rate"], year)
    if rate is not None and rate[1] > p["max_rate"] * 100:
        why.append(
            ctx.t(
                "the high-skilled emigration rate ({rate}) is above {limit} %, where a count"
                " derived from it is unstable"
            ).format(
                rate=human_number(rate[1], ctx.number_format("percent"), lang=ctx.lang),
                limit=f"{p['max_rate'] * 100:.0f}",
            )
        )
    return why


def _bars(
    ctx: Context,
    key: str,
    title: str,
    subtitle: str,
    rows: list[dict],
    unit: str,
    source,
    iso3: str = "",
) -> Chart:
    """A totalbars chart of labelled rows (partner, value, year): ranked as given; `iso3`: the
    one country the chart is about (its CSV's entity), else each row names its own."""
    fmt = ctx.number_format(unit)
    for n, r in enumerate(rows, 1):
        r.update(rank=n, sex="total", partner_total=r["value"])
        r.setdefault("label", human_number(r["value"], fmt, lang=ctx.lang))
    spec = specs.chart_spec(
        "totalbars", f"charts/{key}.json", title, subtitle, f"{title}, {subtitle}", fmt, unit=unit
    )
    alt = ctx.t("Bar chart: {title}").format(title=title) + ": "
    alt += "; ".join(f"{r['partner']} {r['label']}" for r in rows)
    years = sorted({r["year"] for r in rows})
    return Chart(
        key,
        "totalbars",
        title,
        subtitle,
        spec,
        rows,
        [
            ("partner", ctx.t("Series")),
            ("value", ctx.t("Value ({unit})").format(unit=local_unit(ctx, unit))),
            ("year", ctx.t("Year")),
        ],
        source[0],
        source[1],
        f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]),
        alt,
        unit=unit,
        styles=value_styles(fmt),
        entity=ctx.names[iso3] if iso3 else "",
        code=iso3,
    )


def estimate_chart(ctx: Context, key: str, iso3: str) -> Chart | None:
    """The experimental estimate (low, central, high) beside the remittances of its year."""
    est = estimate_values(ctx, iso3)
    if est is None:
        return None
    p = ctx.meta["origin"]["estimate"]
    year, name = p["year"], ctx.local_names[iso3]
    words = estimate_labels(ctx)
    rows = [{"partner": words[f"Estimate, {v}"], "value": est[v], "year": year} for v in ESTIMATES]
    if est["remittances"] is not None:
        rows.append({"partner": words["Remittances"], "value": est["remittances"], "year": year})
    # the country in the title: the theme page shows several (each table region a unique label)
    title = ctx.t("Experimental: emigrants' public schooling vs remittances, {name}").format(
        name=name
    )
    subtitle = ctx.t(
        "{name} · {year} · {unit} · estimate: a stock; remittances: a year's flow"
    ).format(name=name, year=year, unit=local_unit(ctx, "current US$"))
    source = source_line(ctx, [p["indicators"]["central"], p["remittances"]])
    return _bars(ctx, key, title, subtitle, rows, "current US$", source, iso3)


def compare_chart(
    ctx: Context, key: str, spec: dict, countries: list[str]
) -> tuple[Chart | None, list[str]]:
    """One indicator for several countries (latest year, or `spec['year']`), one bar each;
    the countries without a value are returned for the page to name."""
    ind = ctx.indicators[spec["indicator"]]
    unit = ind["unit_en"]
    fmt = ctx.number_format(unit)
    rows, missing = [], []
    for iso3 in countries:
        hit = _value(ctx, iso3, spec["indicator"], spec.get("year"))
        if hit is None:
            missing.append(ctx.local_names[iso3])
            continue
        # a Spanish or French page's rows (its table) in its words; its chart draws the
        # English rows (one copy), relabelled by the kind's spec in the language
        label = f"{human_number(hit[1], fmt, lang=ctx.lang)} ({hit[0]})"
        name = ctx.local_names[iso3]
        row = {
            "partner": name,
            "name": name,
            "iso3": iso3,
            "value": hit[1],
            "year": hit[0],
            "label": label,
        }
        rows.append(ctx.with_short(row, iso3))
    if not rows:
        return None, missing
    subtitle = ctx.t("{unit} · labels: value (year)").format(unit=local_unit(ctx, unit))
    source = source_line(ctx, [spec["indicator"]])
    return _bars(ctx, key, spec["title"], subtitle, rows, unit, source), missing


def estimate_table(ctx: Context, countries: list[str]) -> list[dict]:
    """One row per country: the estimate, its range and the remittances (None where absent),
    and why there is none."""
    out = []
    for iso3 in countries:
        est = estimate_values(ctx, iso3)
        out.append(
            {
                "iso3": iso3,
                "name": ctx.local_names[iso3],
                "estimate": est,
                "why": [] if est else missing_ingredients(ctx, iso3),
            }
        )
    return out


def origin_section(ctx: Context, iso3: str) -> dict:
    """What the "Origin costs" section of a country page shows (templates/_origin_costs.md.j2)."""
    made, empty = origin_line_charts(ctx, iso3, f"countries/{iso3}/origin")
    estimate = estimate_chart(ctx, f"countries/{iso3}/origin/estimate", iso3)
    return {
        "charts": made,
        "empty": empty,
        "estimate_chart": estimate,
        "row": estimate_table(ctx, [iso3])[0],
        "all": ([estimate] if estimate else []) + made,
    }
