"""Chart kinds: one function each, building a Vega-Lite spec with Altair once.

A page's chart is its kind's spec with the page's data URL, title and labels put in: specs are
built once per kind (Altair costs milliseconds per chart; thousands of charts would cost most of
the build) and copied per chart in microseconds. Data always lives in separate JSON files; the
spec names it by URL relative to the site root. One theme (fonts, sizes, grid, colour-blind-safe
palettes) is registered here and nowhere else.
"""

from __future__ import annotations

import copy
import functools
import json

import altair as alt

from atlas.render import corridor_kinds, flow_kinds, kinds
from atlas.render.formats import number_expr
from atlas.render.palette import (
    AXIS_NAME,
    FIT_X,
    NO_DATA,
    NOTE,
    OKABE_ITO,
    PLAIN,
    SEX_COLOURS,
    label_room,
    wrapped_axis,
)

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
DATA_PLACEHOLDER = "__DATA__"


@alt.theme.register("atlas", enable=True)
def atlas_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 600, "continuousHeight": 300},
            "title": {
                "anchor": "start",
                "fontSize": 15,
                "subtitleFontSize": 12,
                "subtitleColor": "#444",
            },
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "gridColor": "#e5e5e5",
                "labelColor": "#333",
            },
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
            "range": {"category": OKABE_ITO, "ramp": {"scheme": "viridis"}},
            "line": {"strokeWidth": 2},
            "point": {"size": 30},
        }
    }


def _spec(chart: alt.TopLevelMixin) -> dict:
    """The chart without the theme: pages load the theme once (assets/atlas-theme.json) and
    pass it to vega-embed as `config`, so each of thousands of specs stays small."""
    spec = chart.to_dict()
    spec.pop("config", None)
    return spec


def theme_config() -> dict:
    return atlas_theme()["config"]


def _lines(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """Lines through each series' observed years (a new segment only where a series skips more
    than its usual step), flagged values hollow; one legend (the point layer adds none)."""
    base = (
        alt.Chart(data)
        .transform_calculate(note=NOTE)
        .encode(
            x=alt.X(
                "year:Q",
                title=None,
                axis=alt.Axis(format="d", tickMinStep=1, labelOverlap="greedy", labelSeparation=6),
            ),
            y=alt.Y("value:Q", title=None, axis=alt.Axis(labelExpr=number_expr(PLAIN))),
            color=alt.Color(
                "series:N", title=None, sort=None, legend=alt.Legend(columns=1, labelLimit=0)
            ),
            tooltip=[
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                tooltip_value,
                alt.Tooltip("note:N", title="Note"),
            ],
        )
    )
    # rows carry a `segment` key (`figures.segmented`, `segments` in atlas.js)
    line = base.mark_line().encode(detail="segment:N")
    # flagged values are hollow: white inside the series' colour (a filled point has no stroke)
    points = base.mark_point(filled=True, strokeWidth=1.5).encode(
        fill=alt.condition(
            "datum.flag", alt.value("white"), alt.Color("series:N", sort=None, legend=None)
        ),
        stroke=alt.Color("series:N", sort=None, legend=None),
    )
    chart = (line + points).properties(width="container", height=280)
    return chart


def _sex_bars(data: alt.UrlData, tooltip_value: alt.Tooltip, by_sex: bool) -> alt.TopLevelMixin:
    """Top partners of a country: bars (stacked by sex when `by_sex`), each labelled with its
    number and its share of the country's total, so one dominant partner leaves the others
    readable."""
    sexes = ["female", "male"] if by_sex else ["total"]
    # the axis names each place by its short name where its full name is too long to show
    # (`short`, metadata/countries.yaml); tooltips, tables and CSVs keep the full name
    base = (
        alt.Chart(data)
        .transform_calculate(place=AXIS_NAME)
        .encode(
            y=alt.Y("place:N", title=None, sort=alt.EncodingSortField("rank", order="ascending"))
        )
    )
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(labelExpr=number_expr(PLAIN))),
        color=alt.Color(
            "sex:N",
            title=None,
            scale=alt.Scale(domain=sexes, range=[SEX_COLOURS[s] for s in sexes]),
            legend=alt.Legend() if by_sex else None,
        ),
        order=alt.Order("sex:N"),
        tooltip=[
            alt.Tooltip("partner:N", title="Country or area"),
            alt.Tooltip("sex:N", title="Sex"),
            tooltip_value,
            alt.Tooltip("year:Q", title="Year", format="d"),
        ],
    )
    # the first row of each partner carries the label, the others an empty one (no filter: a
    # filtered layer's data would stop the bars keeping their rank order)
    labels = base.mark_text(align="left", dx=3, fontSize=11, color="#333").encode(
        x=alt.X("partner_total:Q"), text="label:N"
    )
    # room right of the longest bar for its label (no y: the bars keep their rank order)
    chart = (bars + labels + label_room(data, 2, "partner_total")).properties(
        width="container", height=300
    )
    return chart


def _timeline(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """The year each instrument was ratified or acceded to; rows fit two-line (es/fr) names."""
    chart = (
        alt.Chart(data)
        .mark_point(filled=True, size=80)
        .encode(
            x=alt.X(
                "year:Q",
                title=None,
                axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(zero=False),
            ),
            # instruments by name in words (metadata/instruments.yaml `short_en`), never cut
            y=alt.Y(
                "instrument:N", title=None, sort=alt.EncodingSortField("order"), axis=wrapped_axis()
            ),
            color=alt.value(OKABE_ITO[0]),
            tooltip=[
                alt.Tooltip("instrument:N", title="Instrument"),
                alt.Tooltip("year:Q", title="Ratified or acceded", format="d"),
            ],
        )
        .properties(width="container", height={"step": 28}, autosize=FIT_X)
    )
    return chart


def _map(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """A choropleth: every country shape drawn grey ("No data", with its legend swatch), the
    countries with a value coloured by class (quantile classes made with the data, robust to
    one giant; rows carry `bin` and `bin_order`)."""
    shape = {"stroke": "white", "strokeWidth": 0.4}
    base = (
        alt.Chart(data)
        .mark_geoshape(**shape)
        .transform_calculate(nodata="'No data'")
        .encode(
            color=alt.Color(
                "nodata:N",
                title=None,
                scale=alt.Scale(domain=["No data"], range=[NO_DATA]),
                legend=alt.Legend(orient="top-left"),  # beside the classes a phone has no room
            ),
            tooltip=[alt.Tooltip("name:N", title="Country or area"), alt.Tooltip("nodata:N")],
        )
    )
    values = (
        alt.Chart(data)
        .mark_geoshape(**shape)
        .transform_filter("isValid(datum.value)")
        .transform_calculate(note=NOTE)
        .encode(
            color=alt.Color(
                "bin:O",
                title="",
                sort=alt.EncodingSortField("bin_order", op="min"),
                scale=alt.Scale(scheme="viridis"),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0, titleLimit=0),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Country or area"),
                tooltip_value,
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("note:N", title="Note"),
            ],
        )
    )
    chart = (
        alt.layer(base, values)
        .resolve_scale(color="independent")
        .project("equalEarth")
        .properties(width="container", height=360)
    )
    return chart


def _scatter(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """Two indicators against each other, one point per country (the compare page)."""
    chart = (
        alt.Chart(data)
        .mark_circle(size=70, opacity=0.8)
        .encode(
            x=alt.X("x:Q", title="x", axis=alt.Axis(labelExpr=number_expr(PLAIN))),
            y=alt.Y("y:Q", title="y", axis=alt.Axis(labelExpr=number_expr(PLAIN))),
            color=alt.value(OKABE_ITO[0]),
            tooltip=[
                alt.Tooltip("name:N", title="Country or area"),
                alt.Tooltip("x:Q", format=","),
                alt.Tooltip("y:Q", format=","),
            ],
        )
        .properties(width="container", height=360)
    )
    return chart


def _intervals(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """The Global Index ranking led by what the uncertainty allows: each country's median rank
    (dot) and rank interval (bar), then its rank with the weights chosen (tick); one line per
    row (13 px): long names by their short name (`short`), never wrapped."""
    base = (
        alt.Chart(data)
        .transform_calculate(place="datum.short ? datum.short : datum.name")
        .encode(
            y=alt.Y(
                "place:N",
                title=None,
                sort=alt.EncodingSortField("order", order="ascending"),
                axis=alt.Axis(labelFontSize=10),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Country or area"),
                alt.Tooltip("rank_median:Q", title="Median rank"),
                alt.Tooltip("rank_low:Q", title="Rank interval from"),
                alt.Tooltip("rank_high:Q", title="to"),
                alt.Tooltip("rank:Q", title="Rank (weights chosen)"),
                alt.Tooltip("score:Q", title="Score", format=".1f"),
            ],
        )
    )
    x = alt.X("rank_low:Q", title="Rank (1 = highest score)", axis=alt.Axis(orient="top"))
    rule = base.mark_rule(strokeWidth=3, color=OKABE_ITO[4]).encode(x=x, x2="rank_high:Q")
    rank = base.mark_tick(color=OKABE_ITO[5], thickness=2, size=10).encode(x="rank:Q")
    median = base.mark_point(filled=True, color=OKABE_ITO[0], size=30).encode(x="rank_median:Q")
    chart = (rule + rank + median).properties(
        width="container", height={"step": 13}, autosize=FIT_X
    )
    return chart


def _scores(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """A country's Global Index and dimension scores on the common 0-100 scale."""
    chart = (
        alt.Chart(data)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            y=alt.Y(
                "label:N", title=None, sort=alt.EncodingSortField("order"), axis=wrapped_axis()
            ),
            x=alt.X("score:Q", title="Score (0-100, 100 best)", scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                alt.Tooltip("label:N", title="Dimension"),
                alt.Tooltip("score:Q", title="Score", format=".1f"),
                alt.Tooltip("rank:Q", title="Rank"),
            ],
        )
        .properties(width="container", height={"step": 28}, autosize=FIT_X)
    )
    return chart


KINDS = {
    "lines": _lines,
    "bars": functools.partial(_sex_bars, by_sex=True),  # female and male stacked
    "totalbars": functools.partial(_sex_bars, by_sex=False),  # totals only (refugees)
    "timeline": _timeline,
    "map": _map,
    "scatter": _scatter,
    "intervals": _intervals,
    "scores": _scores,
    "targetlines": functools.partial(kinds.target_lines, _lines),
    **kinds.KINDS,  # SDG, region, theme, corridor pages (kinds.py); country flows (flow_kinds.py)
    **flow_kinds.KINDS,
    "costlines": functools.partial(corridor_kinds.cost_lines, _lines),  # corridor explorer
}


@functools.cache
def _kind(name: str) -> str:
    """The kind's spec as JSON text (built once), with a placeholder data URL."""
    if name not in KINDS:
        raise ValueError(f"unknown chart kind {name!r}")
    # tooltips give the value at full precision (the axis is rounded, the tooltip is not)
    tooltip_value = alt.Tooltip("value:Q", title="Value", format=",")
    return json.dumps(_spec(KINDS[name](alt.UrlData(DATA_PLACEHOLDER), tooltip_value)))


def chart_spec(
    kind: str,
    data_url: str,
    title: str,
    subtitle: str,
    description: str,
    fmt: dict | None = None,
    **labels,
) -> dict:
    """A chart of `kind` reading `data_url` (relative to the site root); `fmt` (the unit's
    format, metadata/units.yaml) writes its value axis, `labels["unit"]` names the values."""
    spec = json.loads(_kind(kind).replace(DATA_PLACEHOLDER, data_url))
    spec["title"] = {"text": title, "subtitle": subtitle}
    spec["description"] = description
    if kind == "map":
        # every country shape comes from the world map; the values are looked up by M49 code
        spec["data"] = {
            "url": "assets/vendor/countries-110m.json",
            "format": {"type": "topojson", "feature": "countries"},
        }
        fields = ["value", "name", "year", "bin", "bin_order", "flag_note"]
        spec["transform"] = [
            {"lookup": "id", "from": {"data": {"url": data_url}, "key": "id", "fields": fields}},
            {"calculate": "isValid(datum.name) ? datum.name : datum.properties.name", "as": "name"},
        ]
    if kind == "scatter":
        spec["encoding"]["x"]["title"] = labels.get("x_title", "x")
        spec["encoding"]["y"]["title"] = labels.get("y_title", "y")
    if fmt is not None:
        _format_values(spec, fmt)
    if "unit" in labels:
        _set_value_title(spec, labels["unit"])
    return spec


def _format_values(spec: dict, fmt: dict) -> None:
    """The value axis written in the unit's format (words, prefix, suffix)."""
    for enc in _encodings(spec):
        for channel in ("x", "y"):
            if enc.get(channel, {}).get("field") == "value" and "axis" in enc[channel]:
                enc[channel]["axis"]["labelExpr"] = number_expr(fmt)


def _set_value_title(spec: dict, unit: str) -> None:
    """The unit named once where values are read: the tooltip's title and the map legend's."""
    named = unit[:1].upper() + unit[1:]
    for enc in _encodings(spec):
        for tip in enc.get("tooltip", []) if isinstance(enc.get("tooltip"), list) else []:
            if tip.get("field") == "value":
                tip["title"] = named
        if enc.get("color", {}).get("field") == "bin":
            enc["color"]["title"] = named


def _encodings(spec: dict):
    if "encoding" in spec:
        yield spec["encoding"]
    for layer in spec.get("layer", []):
        yield from _encodings(layer)


def with_values(spec: dict, rows: list[dict]) -> dict:
    """The spec with its data and the theme inlined (for static SVG rendering only; pages load
    data files and the theme)."""
    spec = copy.deepcopy(spec)
    spec["config"] = theme_config()
    if spec.get("transform") and "lookup" in spec["transform"][0]:
        spec["transform"][0]["from"]["data"] = {"values": rows}
    else:
        spec["data"] = {"values": rows}
    return spec
