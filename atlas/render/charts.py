"""The charts pages show, one builder per chart: the rows from the package's lookups (never a
statistic computed here), the spec of its kind (`atlas.render.specs`), title, subtitle, a text
alternative and the source line."""

from __future__ import annotations

from atlas.render import specs
from atlas.render.chart import FIRST_YEAR, Chart, value_styles
from atlas.render.context import Context
from atlas.render.figures import drawable, map_classes, peer_groups
from atlas.render.formats import human_number, partner_label


def _points(
    ctx: Context, index: dict, key: tuple, label: str, first_year: int = FIRST_YEAR
) -> list[dict]:
    # an empty flag is left out of the row (smaller files; a missing flag reads as none); a
    # flag is explained in words (metadata/flags.yaml) in `flag_note`
    return [
        {
            "series": label,
            "year": y,
            "value": v,
            **(
                {"flag": f, "flag_note": ctx.meta["flags"].get(f, {}).get(ctx.lang, f)} if f else {}
            ),
        }
        for y, v, f in index.get(key, ())
        if y >= first_year
    ]


def status_word(ctx: Context, status: str) -> str:
    """A treaty status (ratifications `status`) in the page's language."""
    words = {
        "party": ctx.t("party"),
        "signatory": ctx.t("signatory"),
        "none": ctx.t("none"),
        "no data": ctx.t("no data"),
    }
    return words[status]


def local_ratifications(ctx: Context, rows: list[dict]) -> list[dict]:
    """A country's treaty rows with instruments, statuses and actions in the page's language."""
    local = ctx.local_meta("instruments")
    short = {i["id"]: i["short_en"] for i in local}
    title = {i["id"]: i[ctx.lang] for i in ctx.meta["instruments"]}
    actions = {
        "ratification": ctx.t("ratification"),
        "accession": ctx.t("accession"),
        "succession": ctx.t("succession"),
        "": "",
    }
    return [
        dict(
            r,
            instrument=short[r["id"]],
            title=title[r["id"]],
            status=status_word(ctx, r["status"]),
            action=actions[r["action"]],
        )
        for r in rows
    ]


def local_unit(ctx: Context, unit: str) -> str:
    """A unit in the page's language: the indicators' own translation (metadata), else the
    catalogue's (a missing one stops the build)."""
    return ctx.unit_names.get(unit) or ctx.text(unit, "metadata/units.yaml")


def _line(
    ctx: Context,
    key: str,
    title: str,
    subtitle: str,
    rows: list[dict],
    unit: str,
    source: tuple[str, str],
    alt_prefix: str,
    controls: dict | None = None,
) -> Chart | None:
    """A line chart of the series with something to draw (`figures.drawable`), or None: an
    all-zero, all-missing or single-point chart is not drawn (the page says so)."""
    rows = sorted(drawable(rows), key=lambda r: (r["series"], r["year"]))
    if len(rows) < 2:
        return None
    years = f"{min(r['year'] for r in rows)}–{max(r['year'] for r in rows)}"
    fmt = ctx.number_format(unit)
    spec = specs.chart_spec(
        "lines", f"charts/{key}.json", title, subtitle, f"{title}, {subtitle}", fmt, unit=unit
    )
    latest: dict[str, dict] = {}
    for r in rows:
        latest[r["series"]] = r
    latest_word = ctx.t("Latest")
    alt = f"{alt_prefix}, {years}. {latest_word}: " + "; ".join(
        f"{r['series']} {human_number(r['value'], fmt, lang=ctx.lang)} ({r['year']})"
        for r in latest.values()
    )
    columns = [
        ("series", ctx.t("Series")),
        ("year", ctx.t("Year")),
        ("value", ctx.t("Value ({unit})").format(unit=local_unit(ctx, unit))),
        ("flag_note", ctx.t("Note")),
    ]
    return Chart(
        key,
        "lines",
        title,
        subtitle,
        spec,
        rows,
        columns,
        source[0],
        source[1],
        years,
        alt,
        controls=controls or {},
        unit=unit,
        styles=value_styles(fmt),
    )


def line_chart(
    ctx: Context, key: str, title: str, series: list[dict], iso3: str, text=None
) -> Chart | None:
    """A country's series of indicators; `text` writes a series' label in the page's language
    (default: the catalogue, for metadata/pages.yaml; `str` for labels already translated)."""
    text = text or ctx.text
    rows = []
    for s in series:
        rows += _points(
            ctx, ctx.obs_index, (iso3, s["indicator"], s.get("sex", "total")), text(s["label"])
        )
    if not rows:
        return None
    unit = ctx.indicators[series[0]["indicator"]]["unit_en"]
    name = ctx.local_names[iso3]
    source = source_line(ctx, list(dict.fromkeys(s["indicator"] for s in series)))
    subtitle = f"{name} · {local_unit(ctx, unit)}"
    alt = ctx.t("Line chart: {title}, {name}").format(title=title, name=name)
    chart = _line(ctx, key, title, subtitle, rows, unit, source, alt)
    if chart is not None:
        chart.entity, chart.code = ctx.names[iso3], iso3
    return chart


def bars_chart(
    ctx: Context, key: str, title: str, iso3: str, measure: str, side: str, top: dict
) -> Chart | None:
    """A country's top partners: bars by sex where the measure has them (one colour where it
    has totals only), each labelled with its number and share of the country's total."""
    rows = top.get(iso3)
    if not rows or not any(r["value"] for r in rows):
        return None
    rows = [
        ctx.with_short(dict(r, partner=ctx.local_names[r["partner_iso3"]]), r["partner_iso3"])
        for r in rows
    ]
    spec_m = ctx.meta["measures"][measure]
    unit = spec_m["unit"]
    fmt = ctx.number_format(unit)
    kind = "bars" if any(r["sex"] != "total" for r in rows) else "totalbars"
    year = max(r["year"] for r in rows)
    name = ctx.local_names[iso3]
    labels = ctx.t("labels: number and share of all partners")
    subtitle = f"{name} · {year} · {local_unit(ctx, unit)} · {labels}"
    spec = specs.chart_spec(
        kind, f"charts/{key}.json", title, subtitle, f"{title}, {name}, {year}", fmt, unit=unit
    )
    source, license_ = source_line(ctx, [], [spec_m["source"]])
    alt = ctx.t("Bar chart: {title}, {name}, {year}").format(title=title, name=name, year=year)
    alt += ": " + ", ".join(
        f"{r['partner']} {partner_label(r['partner_total'], r['of_total'], fmt, ctx.lang)}"
        for r in rows
        if r.get("label")
    )
    return Chart(
        key,
        kind,
        title,
        subtitle,
        spec,
        rows,
        [
            ("rank", ctx.t("Rank")),
            ("partner", ctx.t("Country or area")),
            ("sex", ctx.t("Sex")),
            ("value", ctx.t("Value ({unit})").format(unit=local_unit(ctx, unit))),
            ("year", ctx.t("Year")),
        ],
        source,
        license_,
        str(year),
        alt,
        unit=unit,
        styles=value_styles(fmt),
        entity=ctx.names[iso3],
        code=iso3,
    )


def timeline_chart(ctx: Context, key: str, title: str, iso3: str) -> Chart | None:
    rows = ctx.ratifications.get(iso3)
    if not rows:
        return None
    name = ctx.local_names[iso3]
    as_of = ctx.local_status_date
    subtitle = ctx.t(
        "{name} · year of ratification, accession or succession · status as of {date}"
    ).format(name=name, date=as_of)
    spec = specs.chart_spec("timeline", f"charts/{key}.json", title, subtitle, f"{title}, {name}")
    source, license_ = source_line(ctx, [], [ctx.meta["instruments"][0]["source"]])
    parties = sum(1 for r in rows if r["status"] == "party")
    icmw = next((r["status"] for r in rows if r["id"] == "icmw"), "no data")
    alt = ctx.t(
        "Timeline: {name} is party to {parties} of {n} core instruments;"
        " Migrant Workers Convention: {status}"
    ).format(name=name, parties=parties, n=len(rows), status=status_word(ctx, icmw))
    return Chart(
        key,
        "timeline",
        title,
        subtitle,
        spec,
        local_ratifications(ctx, rows) if ctx.lang != "en" else rows,
        [
            ("instrument", ctx.t("Instrument")),
            ("title", ctx.t("Full title")),
            ("status", ctx.t("Status")),
            ("action", ctx.t("Action")),
            ("date", ctx.t("Date")),
        ],
        source,
        license_,
        ctx.t("status of {date}").format(date=as_of),
        alt,
        entity=ctx.names[iso3],
        code=iso3,
    )


def peer_chart(
    ctx: Context, key: str, title: str, indicator: str, iso3: str, country: dict
) -> Chart | None:
    since = FIRST_YEAR + 10  # the comparison covers the latest years (page weight)
    names = ctx.local_names
    mine = _points(ctx, ctx.obs_index, (iso3, indicator, "total"), names[iso3], since)
    if not mine:
        return None
    for r in mine:
        r["code"] = iso3
    groups = peer_groups(country, ctx.meta["aggregation"]["groups"])
    rows = list(mine)
    for g in groups:
        for r in _points(ctx, ctx.agg_index, (g, indicator, "total"), names[g], since):
            r["coverage"] = ctx.coverage.get((g, indicator, r["year"]))
            r["code"] = g
            rows.append(r)
    unit = ctx.indicators[indicator]["unit_en"]
    source, license_ = source_line(ctx, [indicator])
    subtitle = ctx.t("{name} against its region, income group and the world").format(
        name=names[iso3]
    )
    subtitle += f" · {local_unit(ctx, unit)}"
    alt = ctx.t("Line chart: {title}, {name} against {groups}").format(
        title=title, name=names[iso3], groups=", ".join(names[g] for g in groups)
    )
    note = ctx.t("; aggregates computed by the Atlas, with their coverage in the table")
    chart = _line(ctx, key, title, subtitle, rows, unit, (source + note, license_), alt)
    if chart is not None:
        chart.columns.append(("coverage", ctx.t("Coverage (share of the group's population)")))
    return chart


def source_line(
    ctx: Context, indicators: list[str], source_ids: list[str] | None = None
) -> tuple[str, str]:
    ids = list(source_ids or [])
    for i in indicators:
        ids += ctx.indicators[i]["source_ids"].split()
    sources = ctx.local_sources  # in the page's language
    ids = [i for i in dict.fromkeys(ids) if i in sources]
    # publisher and dataset; vintages, checksums and full license texts are on the Sources page
    publishers = list(dict.fromkeys(sources[i]["reader_publisher"] for i in ids))
    titles = list(dict.fromkeys(sources[i]["reader_title"] for i in ids))
    licenses = list(
        dict.fromkeys(sources[i]["reader_license"].split(" (")[0].split(";")[0] for i in ids)
    )
    if ctx.lang != "en":  # sources.yaml says so of many sources: in the page's language
        # "(license)" keeps these apart in the catalogue from the words the Sources page
        # quotes from the (English) records, as a gettext context would
        # ("not stated by the publisher" reads in the language already: Context.local_sources)
        words = {"not stated": ctx.t("not stated (license)")}
        licenses = [words.get(x, x) for x in licenses]
    return "; ".join(publishers) + " — " + "; ".join(titles), "; ".join(licenses)


def map_chart(
    ctx: Context, key: str, ind: dict, year: int, data: list[dict], years: list[int]
) -> Chart:
    """A world map of one year (rows in classes: `figures.map_classes`), with a year picker;
    its text in the page's language (the year first: atlas.js puts the year picked there)."""
    unit = ind["unit_en"]
    fmt = ctx.number_format(unit)
    title = ind[f"title_{ctx.lang}"]
    grey = ctx.t("grey: no data")
    subtitle = f"{year} · {local_unit(ctx, unit)} · {grey}"
    description = ctx.t("World map of {title}, {year}").format(title=title, year=year)
    spec = specs.chart_spec(
        "map", f"charts/{key}.json", title, subtitle, description, fmt, unit=unit
    )
    source, license_ = source_line(ctx, [ind["id"]])
    alt = ctx.t("World map: {title}, {year}, {n} countries with data").format(
        title=title, year=year, n=len(data)
    )
    return Chart(
        key,
        "map",
        title,
        subtitle,
        spec,
        map_classes(data, fmt),
        [
            ("rank", ctx.t("Rank")),
            ("name", ctx.t("Country or area")),
            ("value", ctx.t("Value ({unit})").format(unit=local_unit(ctx, unit))),
            ("year", ctx.t("Year")),
            ("flag_note", ctx.t("Note")),
        ],
        source,
        license_,
        str(year),
        alt,
        controls={"years": years, "year": year},
        unit=unit,
        styles=value_styles(fmt),
    )


def focus_series_chart(ctx: Context, key: str, ind: dict, focus: list[str]) -> Chart | None:
    points = []
    for iso3 in focus:
        for r in _points(
            ctx, ctx.obs_index, (iso3, ind["id"], "total"), ctx.local_names[iso3], first_year=0
        ):
            points.append(dict(r, iso3=iso3))
    if not points:
        return None
    unit = ind["unit_en"]
    title = ctx.t("{title}: selected countries").format(title=ind[f"title_{ctx.lang}"])
    chart = _line(
        ctx,
        key,
        title,
        local_unit(ctx, unit),
        points,
        unit,
        source_line(ctx, [ind["id"]]),
        ctx.t("Line chart: {title}").format(title=title),
        controls={"countries": True, "indicator": ind["id"]},
    )
    return chart
