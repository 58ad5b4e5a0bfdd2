"""The bar labels of the origin-costs theme page's comparison charts in Spanish and French,
without a build: a unit without number words (a percentage, a share of GDP) is
labelled to its decimals, as the English label (`formats.human_number`: "20.1 % (2010)"), not
to the six significant digits of the axis's round ticks ("20,1327 % (2010)")."""

from __future__ import annotations

import pytest

from atlas.base import ROOT, load_yaml
from atlas.render import specs
from atlas.render.formats import unit_format
from atlas.render.local_charts import bar_label_decimals
from atlas.render.spec_i18n import localized_spec

UNITS = load_yaml(ROOT / "metadata" / "units.yaml")


def _bar_label(spec: dict) -> str:
    return next(
        t["calculate"]
        for t in spec["transform"]
        if t.get("as") == "label" and "datum.partner_total" in t["calculate"]
    )


@pytest.mark.parametrize("unit", ["percent", "percent of GDP"])
def test_a_bar_label_without_words_keeps_the_units_decimals(unit):
    fmt = unit_format(unit, UNITS)
    english = specs.chart_spec("totalbars", "", "", "", "", fmt, unit=unit)
    spanish = localized_spec(english, "es", str, {}, "totalbars")
    assert "',.6~r'" in _bar_label(spanish)
    bar_label_decimals(spanish, fmt)
    label = _bar_label(spanish)
    assert "',.6~r'" not in label and f"',.{fmt['decimals']}~f'" in label
    assert "datum.year" in label  # "(2010)" still follows


def test_a_bar_label_in_words_is_left_alone():
    fmt = unit_format("current US$", UNITS)
    english = specs.chart_spec("totalbars", "", "", "", "", fmt, unit="current US$")
    spanish = localized_spec(english, "es", str, {}, "totalbars")
    before = _bar_label(spanish)
    bar_label_decimals(spanish, fmt)
    assert _bar_label(spanish) == before and "' mil millones'" in before
