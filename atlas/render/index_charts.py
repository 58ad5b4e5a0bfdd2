"""The Global Index's charts: a country's scores by dimension, the ranks with their intervals,
the map of scores. Rows are lookups in the index resources (`figures.index_view`)."""

from __future__ import annotations

from atlas.render import specs
from atlas.render.chart import Chart, value_styles
from atlas.render.charts import source_line
from atlas.render.context import Context
from atlas.render.figures import map_classes
from atlas.render.formats import decimal_text


def index_sources(ctx: Context) -> tuple[str, str]:
    """Publishers and licenses of every series the index uses."""
    used = []
    for d in ctx.meta["index"]["dimensions"]:
        for i in d["indicators"]:
            used += [i[k] for k in ("from", "numerator", "denominator") if k in i]
    extra = [ctx.meta["instruments"][0]["source"]]
    source, license_ = source_line(ctx, list(dict.fromkeys(used)), extra)
    return ctx.t("Atlas Global Index computed from {source}").format(source=source), license_


def index_scores_chart(ctx: Context, iso3: str) -> Chart | None:
    """A country's index and dimension scores (bars), where any is scored."""
    view = ctx.gindex
    entry = view["countries"].get(iso3)
    if entry is None:
        return None
    rows = []
    for n, key in enumerate(["index", *[d["id"] for d in view["config"]["dimensions"]]]):
        r = entry["index"] if key == "index" else entry["dims"][key]
        if r["status"] != "scored":
            continue
        rows.append(
            {
                "order": n,
                "label": view["titles"][key],
                "score": r["score"],
                "rank": r["rank"],
                "of": view["scored_of"][key],
                "coverage": r["coverage"],
            }
        )
    if not rows:
        return None
    name = ctx.local_names[iso3]
    title = ctx.t("{index}: scores by dimension").format(index=view["config"]["short_title"])
    subtitle = ctx.t("{name} · edition {edition} · 0–100, 100 best").format(
        name=name, edition=view["edition"]
    )
    key = f"countries/{iso3}/global-index"
    spec = specs.chart_spec("scores", f"charts/{key}.json", title, subtitle, f"{title}, {name}")
    source, license_ = index_sources(ctx)
    alt = (
        ctx.t("Bar chart: {title}, {name}").format(title=title, name=name)
        + ": "
        + ", ".join(f"{r['label']} {decimal_text(r['score'], 1, ctx.lang)}" for r in rows)
    )
    return Chart(
        key,
        "scores",
        title,
        subtitle,
        spec,
        rows,
        [
            ("label", ctx.t("Dimension")),
            ("score", ctx.t("Score (0–100)")),
            ("rank", ctx.t("Rank")),
            ("coverage", ctx.t("Coverage")),
        ],
        source,
        license_,
        f"{view['first_year']}–{view['edition']}",
        alt,
        entity=ctx.names[iso3],
        code=iso3,
    )


def index_ranks_chart(ctx: Context) -> Chart:
    """Every scored country's rank, median rank and rank interval (dot plot)."""
    view = ctx.gindex
    config = view["config"]
    rows = [
        ctx.with_short(
            {
                "order": n,
                "rank": r["rank"],
                "name": r["name"],
                "score": r["score"],
                "rank_median": r["rank_median"],
                "rank_low": r["rank_low"],
                "rank_high": r["rank_high"],
                "iso3": r["iso3"],
            },
            r["iso3"],
        )
        for n, r in enumerate(view["ranking"])
    ]
    title = (
        f"{config['short_title']} {view['edition']}: median ranks and {view['interval']} intervals"
    )
    subtitle = (
        f"{view['n_scored']} countries · dot: median rank · bar: {view['interval']} interval over "
        f"{config['uncertainty']['draws']:,} Monte-Carlo draws · tick: rank with the weights chosen"
    )
    spec = specs.chart_spec(
        "intervals", "charts/index/ranks.json", title, subtitle, "Global Index ranks and intervals"
    )
    source, license_ = index_sources(ctx)
    return Chart(
        "index/ranks",
        "intervals",
        title,
        subtitle,
        spec,
        rows,
        [
            ("rank_median", "Median rank"),
            ("rank_low", f"{view['interval']} interval from"),
            ("rank_high", "to"),
            ("name", "Country or area"),
            ("rank", "Rank (weights chosen)"),
            ("score", "Score (0–100)"),
        ],
        source,
        license_,
        f"{view['first_year']}–{view['edition']}",
        f"Dot plot of the median ranks of the {view['n_scored']} ranked countries with their rank "
        "intervals; the table lists every median rank, interval and rank",
    )


def index_map_chart(ctx: Context) -> Chart:
    """The scores on a world map; countries not scored stay grey."""
    view = ctx.gindex
    config = view["config"]
    source, license_ = index_sources(ctx)
    map_rows = [
        {
            "rank": r["rank"],
            "iso3": r["iso3"],
            "name": r["name"],
            "id": ctx.m49[r["iso3"]],
            "value": r["score"],
            "flag": "",
        }
        for r in view["ranking"]
    ]
    map_title = f"{config['short_title']} {view['edition']}: scores"
    fmt = ctx.number_format("score")
    return Chart(
        "index/map",
        "map",
        map_title,
        "0–100, 100 best · grey: not scored",
        specs.chart_spec(
            "map",
            "charts/index/map.json",
            map_title,
            "0–100",
            "Global Index map",
            fmt,
            unit="score",
        ),
        map_classes(map_rows, fmt),
        [
            ("name", "Country or area"),
            ("value", "Score (0–100)"),
            ("rank", "Rank (weights chosen)"),
        ],
        source,
        license_,
        f"{view['first_year']}–{view['edition']}",
        f"World map of the Global Index scores of {view['n_scored']} countries; the ranking "
        "table lists every score",
        unit="score",
        styles=value_styles(fmt),
    )
