"""The Global Index's charts: a country's scores by dimension, the ranks with their intervals,
the map of scores. Rows are lookups in the index resources (`figures.index_view`)."""

from __future__ import annotations

from atlas.render import specs
from atlas.render.chart import Chart, value_styles
from atlas.render.charts import source_line
from atlas.render.context import Context
from atlas.render.figures import map_classes
from atlas.render.formats import cell_text, decimal_text


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
    """Every scored country's rank, median rank and rank interval (dot plot), in the page's
    language (the data file is the English page's: names are relabelled by the kind's spec)."""
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
    title = ctx.t("{index} {edition}: median ranks and {interval} intervals").format(
        index=config["short_title"], edition=view["edition"], interval=view["interval"]
    )
    subtitle = ctx.t(
        "{n} countries · dot: median rank · bar: {interval} interval over {draws} Monte-Carlo"
        " draws · tick: rank with the weights chosen"
    ).format(
        n=view["n_scored"],
        interval=view["interval"],
        draws=cell_text(config["uncertainty"]["draws"], "", ctx.lang),
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
            ("rank_median", ctx.t("Median rank")),
            ("rank_low", ctx.t("{interval} interval from").format(interval=view["interval"])),
            ("rank_high", ctx.t("to")),
            ("name", ctx.t("Country or area")),
            ("rank", ctx.t("Rank (weights chosen)")),
            ("score", ctx.t("Score (0–100)")),
        ],
        source,
        license_,
        f"{view['first_year']}–{view['edition']}",
        ctx.t(
            "Dot plot of the median ranks of the {n} ranked countries with their rank intervals;"
            " the table lists every median rank, interval and rank"
        ).format(n=view["n_scored"]),
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
    map_title = ctx.t("{index} {edition}: scores").format(
        index=config["short_title"], edition=view["edition"]
    )
    fmt = ctx.number_format("score")
    return Chart(
        "index/map",
        "map",
        map_title,
        ctx.t("0–100, 100 best · grey: not scored"),
        specs.chart_spec(
            "map",
            "charts/index/map.json",
            map_title,
            "0–100",
            "Global Index map",
            fmt,
            unit="score",
        ),
        map_classes(map_rows, fmt, words=class_words(ctx)),
        [
            ("name", ctx.t("Country or area")),
            ("value", ctx.t("Score (0–100)")),
            ("rank", ctx.t("Rank (weights chosen)")),
        ],
        source,
        license_,
        f"{view['first_year']}–{view['edition']}",
        ctx.t(
            "World map of the Global Index scores of {n} countries; the ranking table lists"
            " every score"
        ).format(n=view["n_scored"]),
        unit="score",
        styles=value_styles(fmt),
    )


def class_words(ctx: Context) -> dict:
    """How a map's classes read in the page's language: its numbers, "under 40", "80 and
    more" (figures.quantile_classes)."""
    return {
        "lang": ctx.lang,
        "under": ctx.t("under {a}"),
        "between": "{a} – {b}",
        "over": ctx.t("{a} and more"),
    }
