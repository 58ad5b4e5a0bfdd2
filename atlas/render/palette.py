"""The site's colours and shared label expressions, in one place: the theme (`specs`) and every
chart kind (`specs`, `kinds`) read them from here."""

from __future__ import annotations

# Okabe–Ito: colour-blind-safe categorical palette (no red/green-only distinction).
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEX_COLOURS = {"female": "#CC79A7", "male": "#0072B2", "total": "#0072B2"}
NO_DATA = "#d9d9d9"
PLAIN = {"words": True}  # a number of no known unit (until a chart's unit format is put in)
NOTE = "datum.flag_note ? datum.flag_note : '—'"  # a value's flag in words, or a dash
