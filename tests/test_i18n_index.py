"""The Global Index, the corridor explorer and the chart-only page in Spanish and French
(issue #22), without a build: the page kinds are translated, the map's classes read in the
language, every word the pages' scripts write comes from the page (filled through gettext) and
has a translation, and a Spanish chart's chart-only address names it under its language."""

from __future__ import annotations

import re

import pytest

from atlas.base import ROOT
from atlas.render.chart import Chart
from atlas.render.figures import CLASS_WORDS, quantile_classes
from atlas.render.i18n import Translator, other_languages, page_kind, translated
from atlas.render.index_i18n import spec_words, with_index_labels
from atlas.render.output import embed_words

UNIT = {"decimals": 1, "prefix": "", "suffix": "", "scale": 1}


def test_index_methodology_and_corridors_are_translated_kinds():
    assert page_kind("index/index.md") == page_kind("index/methodology.md") == "index"
    assert page_kind("corridors.md") == "corridors"
    for path in ["index/index.md", "index/methodology.md", "corridors.md"]:
        assert translated(path), path


def test_map_classes_read_in_the_language():
    values = [float(v) for v in range(10, 91)]
    cuts, english = quantile_classes(values, UNIT)
    assert english[0].startswith("under ") and english[-1].endswith(" and more")
    assert quantile_classes(values, UNIT, words=CLASS_WORDS) == (cuts, english)
    t = Translator.load()
    t.lang = "es"
    words = {
        "lang": "es",
        "under": t("under {a}"),
        "between": "{a} – {b}",
        "over": t("{a} and more"),
    }
    cuts_es, spanish = quantile_classes(values, UNIT, words=words)
    assert cuts_es == cuts and len(spanish) == len(english)
    assert spanish[0].startswith("menos de ") and spanish[-1].endswith(" y más")
    assert not t.missing


@pytest.mark.parametrize("lang", other_languages())
def test_the_words_of_the_scripts_and_specs_have_translations(lang):
    t = Translator.load()
    t.lang = lang
    words = embed_words(t) | spec_words(t)
    assert all(v for v in words.values())
    assert not t.missing, t.problems()
    assert words["No data"] != "No data"


def test_the_index_script_takes_its_words_from_the_page():
    """index.js's English words are a fallback only: the page passes each in its language."""
    script = (ROOT / "docs" / "assets" / "index.js").read_text(encoding="utf-8")
    template = (ROOT / "templates" / "global_index.md.j2").read_text(encoding="utf-8")
    block = re.search(r'id="atlas-index-words">(.*?)</script>', template, flags=re.S).group(1)
    passed = set(re.findall(r'"(\w+)": _\(', block))
    fallback = re.search(r"var WORDS = \{(.*?)\};", script, flags=re.S).group(1)
    assert set(re.findall(r"^\s*(\w+):", fallback, flags=re.M)) == passed
    assert ".toFixed(" not in script  # numbers in the page's locale (toLocaleString)


def test_the_corridor_script_writes_numbers_in_the_page_locale():
    script = (ROOT / "docs" / "assets" / "corridors.js").read_text(encoding="utf-8")
    assert 'toLocaleString("en"' not in script and "toLocaleString(LANG" in script


def test_a_spanish_charts_chart_only_address_names_its_language():
    chart = Chart("countries/MEX/stocks", "lines", "t", "s", {}, [], [], "", "", "", "")
    assert chart.embed_url == "embed/?chart=countries/MEX/stocks"
    chart.lang = "es"
    assert chart.embed_url == "embed/?chart=es/countries/MEX/stocks"
    chart.page = "countries/MEX/corridors/"
    assert chart.embed_url == "embed/?chart=es/countries/MEX/stocks&page=countries/MEX/corridors/"


def test_index_specs_relabel_names_and_classes_and_say_no_data_in_the_language():
    spec = {
        "transform": [{"calculate": "isValid(atlas_labels[datum.series]) ? 1 : 0", "as": "series"}],
        "params": [{"name": "atlas_labels", "value": {"a": "b"}}],
        "layer": [
            {
                "transform": [{"calculate": "'No data'", "as": "nodata"}],
                "encoding": {"color": {"scale": {"domain": ["No data"]}}},
            }
        ],
    }
    out = with_index_labels(spec, {"Mexico": "México", "under 40": "menos de 40"}, "Sin datos")
    assert [t["as"] for t in out["transform"]] == ["name", "bin", "series"]
    assert out["layer"][0]["transform"][0]["calculate"] == "'Sin datos'"
    assert out["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["Sin datos"]
    labels = out["params"][0]["value"]
    assert labels == {"Mexico": "México", "a": "b", "under 40": "menos de 40"}
