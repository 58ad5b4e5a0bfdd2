"""Charts of Spanish and French pages (issue #22): a kind's spec in the language keeps the
English spec's marks and data (one copy of the data) and changes only its text: tooltip titles,
the number words of the axes, and the English labels the data carry, relabelled through a map
the spec holds; bar labels written in the data in English are written again in the language."""

from __future__ import annotations

from atlas.base import ROOT, load_yaml
from atlas.render import specs
from atlas.render.formats import unit_format
from atlas.render.spec_i18n import PARAM, label_map, localized_spec


def _words(t: str) -> str:
    return {"Series": "Serie", "Year": "Año", "Note": "Nota", "Persons": "Personas"}.get(t, t)


def _nodes(spec):
    """Every dict of a spec, depth first."""
    if isinstance(spec, dict):
        yield spec
        for v in spec.values():
            yield from _nodes(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from _nodes(v)


def _tooltip_titles(spec: dict) -> list[str]:
    return [
        tip.get("title")
        for node in _nodes(spec)
        if isinstance(node.get("tooltip"), list)
        for tip in node["tooltip"]
    ]


def test_a_line_spec_in_spanish_relabels_its_series_and_keeps_its_marks():
    english = specs.chart_spec("lines", "", "", "", "")
    labels = {"Immigrants": "Inmigrantes", "Mexico": "México"}
    spanish = localized_spec(english, "es", _words, labels, "lines")
    assert spanish["layer"] == [
        {**layer, "encoding": spanish["layer"][n]["encoding"]}
        for n, layer in enumerate(english["layer"])
    ]  # the same marks and transforms in each layer
    assert {"name": PARAM, "value": labels} in spanish["params"]
    relabel = [t for t in spanish["transform"] if t.get("as") == "series"]
    assert relabel and PARAM in relabel[0]["calculate"]
    titles = _tooltip_titles(spanish)
    assert "Serie" in titles and "Año" in titles and "Series" not in titles
    assert english == specs.chart_spec("lines", "", "", "", "")  # the English spec untouched


def test_number_words_of_the_axes_follow_the_language():
    fmt = unit_format("current US$", load_yaml(ROOT / "metadata" / "units.yaml"))
    english = specs.chart_spec("lines", "", "", "", "", fmt, unit="current US$")
    text = str(english)
    assert "' billion'" in text
    french = str(localized_spec(english, "fr", _words, {}, "lines"))
    # French "billion" is 10^12, the singular of "billions" (English "trillion" is gone)
    assert "' milliards'" in french and "' milliard'" in french and "trillion" not in french
    spanish = str(localized_spec(english, "es", _words, {}, "lines"))
    assert "' mil millones'" in spanish and "' millón'" in spanish and "billion" not in spanish


def test_bar_labels_are_written_again_from_the_numbers():
    english = specs.chart_spec("bars", "", "", "", "")
    french = localized_spec(english, "fr", _words, {"female": "femmes"}, "bars")
    label = [
        t for t in french["transform"] if t.get("as") == "label" and "of_total" in t["calculate"]
    ]
    assert label, french["transform"]
    assert "datum.partner_total" in label[0]["calculate"]
    # the sexes' colours follow the relabelled values
    domains = [
        n["scale"].get("domain")
        for n in _nodes(french)
        if n.get("field") == "sex" and isinstance(n.get("scale"), dict)
    ]
    assert ["femmes", "male"] in domains


def test_a_label_map_holds_only_what_differs_sorted():
    english = {"MEX": "Mexico", "PER": "Peru", "CHL": "Chile"}
    spanish = {"MEX": "México", "PER": "Perú", "CHL": "Chile"}
    assert label_map(english, spanish) == {"Mexico": "México", "Peru": "Perú"}
    assert list(label_map(english, spanish)) == ["Mexico", "Peru"]
