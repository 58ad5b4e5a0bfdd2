"""Chart kinds of the SDG tracker, region, theme and corridor pages, registered in `specs.KINDS`
beside the others (one function per kind; the theme and the value formats are the same): `dots`
(the parts of a breakdown side by side), `targetlines` (lines with a numeric target drawn
across), `costbars` and `catbars`. Kept apart so that specs.py stays small."""

from __future__ import annotations

import altair as alt

from atlas.render.formats import number_expr
from atlas.render.palette import AXIS_NAME, FIT_X, OKABE_ITO, PLAIN, label_room, wrapped_axis


def _cost_bars(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """The cost of sending $200 in each corridor (latest year), longest first, against the
    SDG 10.c target and the corridor ceiling: dashed rules whose values come with the rows
    (`target`, `ceiling`: metadata/pages.yaml), each labelled in words."""
    bars = (
        alt.Chart(data)
        .transform_calculate(place=AXIS_NAME)  # a short name where the full one is too long
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            y=alt.Y("place:N", title=None, sort=alt.EncodingSortField("value", order="descending")),
            x=alt.X("value:Q", title=None, axis=alt.Axis(labelExpr=number_expr(PLAIN))),
            tooltip=[
                alt.Tooltip("partner:N", title="Corridor partner"),
                tooltip_value,
                alt.Tooltip("year:Q", title="Year", format="d"),
            ],
        )
    )

    def rule(field: str, colour: str, label: str) -> alt.LayerChart:
        # each rule's own aggregate name: Vega-Lite merges equal-named aggregates of one source
        at = f"at_{field}"
        base = alt.Chart(data).transform_aggregate(**{at: f"max({field})"})
        line = base.mark_rule(color=colour, strokeDash=[4, 3], strokeWidth=2).encode(x=f"{at}:Q")
        text = base.mark_text(align="left", dx=3, dy=-4, baseline="bottom", color=colour).encode(
            x=f"{at}:Q", y=alt.value(0), text=alt.value(label)
        )
        return line + text

    target = rule("target", OKABE_ITO[2], "target")
    ceiling = rule("ceiling", OKABE_ITO[5], "ceiling")
    return (bars + target + ceiling).properties(
        width="container",
        height={"step": 18},
        autosize=FIT_X,
    )


def _category_bars(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """One bar per category (a route, a cause, a group), largest first, each labelled with its
    number (`label`, in the unit's words)."""
    base = alt.Chart(data).encode(
        y=alt.Y(
            "category:N",
            title=None,
            sort=alt.EncodingSortField("value", order="descending"),
            # long names (IOM's causes) break into lines at " / " and "; ", never end in "…"
            axis=alt.Axis(
                labelLimit=0,
                labelExpr="split(replace(datum.label, /; /g, ' / '), ' / ')",
            ),
        )
    )
    bars = base.mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(labelExpr=number_expr(PLAIN))),
        tooltip=[alt.Tooltip("category:N", title="Category"), tooltip_value],
    )
    labels = base.mark_text(align="left", dx=3, fontSize=11, color="#333").encode(
        x="value:Q", text="label:N"
    )
    room = label_room(data, 2)
    return (bars + labels + room).properties(
        width="container",
        height={"step": 34},
        autosize=FIT_X,
    )


def dots(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """Parts side by side (a dot per part, one row per place or category): the parts of a
    breakdown as published, never stacked, since they need not add up to the total (16.2.2,
    8.7.1); a thin rule joins a row's dots so the gap between them reads at a glance."""
    base = alt.Chart(data).encode(
        y=alt.Y(
            "label:N",
            title=None,
            sort=alt.EncodingSortField("order", op="min"),
            axis=wrapped_axis(),
        )
    )
    x = alt.X("value:Q", title=None, axis=alt.Axis(labelExpr=number_expr(PLAIN)))
    span = base.mark_rule(color="#bbbbbb").encode(x="min(value):Q", x2="max(value):Q")
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        x=x,
        color=alt.Color(
            "group:N",
            title=None,
            sort=alt.EncodingSortField("group_order", op="min"),
            legend=alt.Legend(columns=2, labelLimit=0),
        ),
        # one legend: colour and shape of the same parts, merged by Vega-Lite
        shape=alt.Shape(
            "group:N",
            title=None,
            sort=alt.EncodingSortField("group_order", op="min"),
            legend=alt.Legend(columns=2, labelLimit=0),
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Place"),
            alt.Tooltip("group:N", title="Part"),
            tooltip_value,
            alt.Tooltip("year:Q", title="Year", format="d"),
        ],
    )
    return (span + dots).properties(width="container", height={"step": 22}, autosize=FIT_X)


def target_lines(lines_kind, data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """Lines with a numeric SDG target drawn across them (10.c: 3 %): every row carries the
    `target` and its words, the rule and its label are drawn once."""
    chart = lines_kind(data, tooltip_value)  # one data source, at the top (pages swap it)
    target = alt.Chart().transform_aggregate(target="max(target)", groupby=["target_label"])
    rule = target.mark_rule(color="#D55E00", strokeDash=[6, 4], strokeWidth=2).encode(y="target:Q")
    label = target.mark_text(
        align="left", baseline="bottom", dx=4, dy=-3, color="#A04000", fontSize=11
    ).encode(y="target:Q", x=alt.value(0), text="target_label:N")
    chart.layer = [*chart.layer, rule, label]
    return chart


KINDS = {"costbars": _cost_bars, "catbars": _category_bars, "dots": dots}
