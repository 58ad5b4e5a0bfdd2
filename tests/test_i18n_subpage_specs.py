"""Charts of the Spanish and French country sub-pages (issue #22: flows, origin costs), without
a build: the bar labels the data carry in English ("US$ 1.2 billion", "12.3 %") are written
again from the row's numbers in the language, a bar without a share (the origin-costs
estimate) gets no share, and the kind's marks stay the English ones."""

from __future__ import annotations

from atlas.base import ROOT, load_yaml
from atlas.render import specs
from atlas.render.country import lower_first
from atlas.render.formats import unit_format
from atlas.render.spec_i18n import localized_spec

UNITS = load_yaml(ROOT / "metadata" / "units.yaml")


def _label_transforms(spec: dict) -> list[str]:
    return [t["calculate"] for t in spec["transform"] if t.get("as") == "label"]


def test_remittance_corridor_bars_are_labelled_from_their_number_in_the_language():
    fmt = unit_format("current US$", UNITS)
    english = specs.chart_spec("yearbars", "", "", "", "", fmt, unit="current US$")
    french = localized_spec(english, "fr", str, {}, "yearbars")
    relabel, number = _label_transforms(french)  # the label map first, then the number
    assert "atlas_labels" in relabel
    # French words ("billion" is French too: 10^12, in the long scale)
    assert "datum.value" in number and "' milliards'" in number and "' billions'" in number
    # the value axis's longer words end at the axis's end (not cut at a phone's edge)
    axis = french["layer"][0]["encoding"]["x"]["axis"]
    assert "milliards" in axis["labelExpr"] and "right" in axis["labelAlign"]["expr"]
    # the same marks (a label's room is counted for the language's wider words)
    assert [la["mark"] for la in french["layer"]] == [la["mark"] for la in english["layer"]]


def test_a_bar_without_a_share_is_labelled_with_its_number_only():
    fmt = unit_format("current US$", UNITS)
    english = specs.chart_spec("totalbars", "", "", "", "", fmt, unit="current US$")
    spanish = localized_spec(english, "es", str, {}, "totalbars")
    label = _label_transforms(spanish)[-1]
    # a top partner's bar: its share; the estimate's bars (no `of_total`): the number alone,
    # with the year where the English label names one ("12.3 % (2010)")
    assert "isValid(datum.of_total)" in label and "datum.partner_total" in label
    assert "' mil millones'" in label and "datum.year" in label


def test_a_sub_page_title_keeps_its_acronyms_after_the_colon():
    assert lower_first("Flows and shares") == "flows and shares"
    assert lower_first("SDG migration targets") == "SDG migration targets"
    assert lower_first("Metas de los ODS sobre migración") == "metas de los ODS sobre migración"
    assert lower_first("Coûts à l’origine") == "coûts à l’origine"
