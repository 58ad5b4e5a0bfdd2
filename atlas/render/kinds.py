"""Chart kinds of the region, theme and corridor pages, registered in `specs.KINDS` beside the
others (one function per kind; the theme and the value formats are the same)."""

from __future__ import annotations

import altair as alt

from atlas.render.formats import number_expr
from atlas.render.palette import OKABE_ITO, PLAIN


def _cost_bars(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """The cost of sending $200 in each corridor (latest year), longest first, against the
    SDG 10.c target and the corridor ceiling: dashed rules whose values come with the rows
    (`target`, `ceiling`: metadata/pages.yaml), each labelled in words."""
    bars = (
        alt.Chart(data)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            y=alt.Y(
                "partner:N", title=None, sort=alt.EncodingSortField("value", order="descending")
            ),
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
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
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
    room = (
        alt.Chart(data)
        .mark_rule(opacity=0)
        .transform_aggregate(longest="max(value)")
        .transform_calculate(room="datum.longest * 2")
        .encode(x=alt.X("room:Q", title=None))
    )
    return (bars + labels + room).properties(
        width="container",
        height={"step": 34},
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


KINDS = {"costbars": _cost_bars, "catbars": _category_bars}
