"""Chart kinds of the SDG tracker (issue 20), registered in `specs.KINDS` with the others:
`dots` (the parts of a breakdown side by side) and `targetlines` (lines with a numeric target
drawn across). Kept apart so that specs.py stays small; the shared constants live here."""

from __future__ import annotations

import altair as alt

from atlas.render.formats import number_expr

PLAIN = {"words": True}  # a number of no known unit (until a chart's unit format is put in)
# charts with a height per row (step) fit the container's width only
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")


def dots(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """Parts side by side (a dot per part, one row per place or category): the parts of a
    breakdown as published, never stacked, since they need not add up to the total (16.2.2,
    8.7.1); a thin rule joins a row's dots so the gap between them reads at a glance."""
    base = alt.Chart(data).encode(
        y=alt.Y(
            "label:N",
            title=None,
            sort=alt.EncodingSortField("order", op="min"),
            axis=alt.Axis(labelLimit=220),
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
