"""Chart kinds of the corridor explorer, registered in `specs.KINDS` beside the others:
`costlines`, the cost of sending $200 in one corridor over the years against the SDG 10.c target
and the corridor ceiling (the lines of the `lines` kind, with the two dashed rules of
`costbars` laid across; their values come with the rows: `target`, `ceiling`)."""

from __future__ import annotations

import altair as alt

from atlas.render.palette import OKABE_ITO


def _rule(field: str, colour: str, label: str) -> list[alt.Chart]:
    # each rule's own aggregate name: Vega-Lite merges equal-named aggregates of one source
    at = f"at_{field}"
    base = alt.Chart().transform_aggregate(**{at: f"max({field})"})
    line = base.mark_rule(color=colour, strokeDash=[4, 3], strokeWidth=2).encode(y=f"{at}:Q")
    text = base.mark_text(align="left", dx=4, dy=-3, baseline="bottom", color=colour).encode(
        y=f"{at}:Q", x=alt.value(0), text=alt.value(label)
    )
    return [line, text]


def cost_lines(lines_kind, data: alt.UrlData, tooltip_value: alt.Tooltip) -> alt.TopLevelMixin:
    chart = lines_kind(data, tooltip_value)  # one data source, at the top (pages swap it)
    rules = _rule("target", OKABE_ITO[2], "target") + _rule("ceiling", OKABE_ITO[5], "ceiling")
    chart.layer = [*chart.layer, *rules]
    return chart
