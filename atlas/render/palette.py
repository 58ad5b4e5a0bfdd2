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
# charts with a height per row (step) fit the container's width only
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")
