"""The site's colours, shared label expressions and sizing, in one place: the theme (`specs`) and every
chart kind (`specs`, `kinds`) read them from here."""

from __future__ import annotations

import altair as alt

# Okabe–Ito: colour-blind-safe categorical palette (no red/green-only distinction).
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEX_COLOURS = {"female": "#CC79A7", "male": "#0072B2", "total": "#0072B2"}
NO_DATA = "#d9d9d9"
PLAIN = {"words": True}  # a number of no known unit (until a chart's unit format is put in)
NOTE = "datum.flag_note ? datum.flag_note : '—'"  # a value's flag in words, or a dash
# a long axis label in two lines, broken at the last space before 24 characters, and never cut
# ("Rights of Persons with" / "Disabilities"): with labelLimit=0 (`wrapped_axis`)
_CUT = "lastindexof(substring(datum.label, 0, 24), ' ')"
WRAP = (
    f"length(datum.label) > 24 && {_CUT} > 0 ? "
    f"[substring(datum.label, 0, {_CUT}), substring(datum.label, {_CUT} + 1)] : datum.label"
)


def wrapped_axis(**kw) -> alt.Axis:
    """A nominal axis whose long labels break into two lines, never end in "…"."""
    return alt.Axis(labelLimit=0, labelExpr=WRAP, **kw)


def label_room(data: alt.UrlData, factor: float, field: str = "value") -> alt.Chart:
    """An invisible rule at `factor` times the longest bar: room on the right for the bars'
    value labels (a scale of the bars alone would cut the longest label)."""
    return (
        alt.Chart(data)
        .mark_rule(opacity=0)
        .transform_aggregate(longest=f"max({field})")
        .transform_calculate(room=f"datum.longest * {factor}")
        .encode(x=alt.X("room:Q", title=None))
    )


def fitted_label_room(
    data: alt.UrlData, char_px: float, field: str = "value", text: str = "label"
) -> alt.Chart:
    """An invisible rule where the x scale must end for every bar's value label to fit on its
    right, sized from the data: a bar of `value` whose label is `n` characters (about `char_px`
    pixels each, and 8 px of gap) needs the scale to reach value × width / (width − label), on
    the plot's width at the time (Vega's `width` signal). A fixed factor of the longest bar
    leaves twice the room needed on a wide screen, or too little on a phone."""
    need = f"datum.{field} * width / max(1, width - length(datum.{text}) * {char_px} - 8)"
    return (
        alt.Chart(data)
        .mark_rule(opacity=0)
        .transform_calculate(need=need)
        .transform_aggregate(room="max(need)")
        .encode(x=alt.X("room:Q", title=None))
    )


# a bar's place on the axis: its short name where its full name is too long (rows' `short`)
AXIS_NAME = "datum.short ? datum.short : datum.partner"
# charts with a height per row (step) fit the container's width only
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")
