"""Chart kinds of the flows section of country pages (issue 19), registered in `specs.KINDS`:
`yearbars`, a corridor's estimates of two years side by side (KNOMAD's 2017 and 2021 remittance
matrices). Kept apart so that specs.py and kinds.py stay small."""

from __future__ import annotations

import altair as alt

from atlas.render.formats import number_expr
from atlas.render.palette import AXIS_NAME, FIT_X, OKABE_ITO, PLAIN, fitted_label_room

# the earlier year light, the later dark (both blue: one measure, two years)
YEAR_COLOURS = [OKABE_ITO[4], OKABE_ITO[0]]


def year_bars(data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    """One group of bars per partner (ranked by the latest year), a bar per year, each labelled
    with its number in words; the years' legend on top. A year without an estimate has no bar
    (missing, not zero)."""
    # the axis names each place by its short name where the full one is too long (`short`)
    base = (
        alt.Chart(data)
        .transform_calculate(place=AXIS_NAME)
        .encode(
            y=alt.Y(
                "place:N",
                title=None,
                sort=alt.EncodingSortField("rank", op="min", order="ascending"),
            ),
            yOffset=alt.YOffset("series:N", sort="ascending"),
        )
    )
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(labelExpr=number_expr(PLAIN))),
        color=alt.Color(
            "series:N",
            title=None,
            sort="ascending",
            scale=alt.Scale(range=YEAR_COLOURS),
            legend=alt.Legend(orient="top", direction="horizontal"),
        ),
        tooltip=[
            alt.Tooltip("partner:N", title="Corridor partner"),
            alt.Tooltip("year:Q", title="Year", format="d"),
            tooltip_value,
        ],
    )
    labels = base.mark_text(align="left", dx=3, fontSize=10, color="#333").encode(
        x="value:Q", text="label:N"
    )
    room = fitted_label_room(data, 5.0)  # labels of 10 px: under 5 px a character
    return (bars + labels + room).properties(width="container", height={"step": 14}, autosize=FIT_X)


KINDS = {"yearbars": year_bars}
