"""SDG tracker charts in Spanish and French (issue #22), without a build: the label map a
language's kind specs carry is read off each chart's English twin (same key, same numbers), a
map's "No data" and its classes read in the language, and the tracker's trend words follow the
page's language."""

from __future__ import annotations

from types import SimpleNamespace

from atlas.base import ROOT, load_yaml
from atlas.render import specs
from atlas.render.formats import human_number, unit_format
from atlas.render.i18n import Translator
from atlas.render.local_charts import twin_labels
from atlas.render.sdg import local_trend
from atlas.render.sdg_words import local_classes
from atlas.render.spec_i18n import localized_spec


def _chart(key: str, rows: list[dict], lang: str = "en"):
    return SimpleNamespace(key=key, rows=rows, lang=lang, kind="lines", unit="percent")


def test_twin_labels_pair_the_words_of_rows_with_the_same_numbers():
    english = [
        {"series": "World", "year": 2020, "value": 6.5, "flag_note": "publisher aggregate"},
        {"series": "Africa", "year": 2020, "value": 8.1, "flag_note": "publisher aggregate"},
        {"label": "Mexico", "group": "Female", "year": 2019, "value": 1.0, "order": 0},
    ]
    # the Spanish rows come in another order (sorted by their own labels)
    spanish = [
        {"label": "México", "group": "Mujeres", "year": 2019, "value": 1.0, "order": 0},
        {"series": "África", "year": 2020, "value": 8.1, "flag_note": "agregado del editor"},
        {"series": "Mundo", "year": 2020, "value": 6.5, "flag_note": "agregado del editor"},
    ]
    ctx = SimpleNamespace(
        lang="es",
        charts=[_chart("sdg/x/a", english)],
        local_charts=[_chart("sdg/x/a", spanish, "es"), _chart("sdg/x/a", [{"v": 1}], "fr")],
    )
    assert twin_labels(ctx, "lines", "percent") == {
        "World": "Mundo",
        "Africa": "África",
        "publisher aggregate": "agregado del editor",
        "Mexico": "México",
        "Female": "Mujeres",
    }
    assert twin_labels(ctx, "map", "percent") == {}  # only the specs its charts draw from


def test_twin_labels_leave_out_rows_matched_more_than_one_way():
    english = [{"series": "A", "year": 2020, "value": 1}, {"series": "B", "year": 2020, "value": 1}]
    local = [{"series": "Á", "year": 2020, "value": 1}, {"series": "Bé", "year": 2020, "value": 1}]
    ctx = SimpleNamespace(lang="fr", charts=[_chart("sdg/k", english)],
                          local_charts=[_chart("sdg/k", local, "fr")])  # fmt: skip
    assert twin_labels(ctx, "lines", "percent") == {}


def test_a_map_spec_says_no_data_in_the_language():
    english = specs.chart_spec("map", "charts/x.json", "", "", "")
    spec = localized_spec(english, "fr", lambda t: {"No data": "Pas de données"}.get(t, t), {})
    text = str(spec)
    assert "No data" not in text and "'Pas de données'" in text
    assert "bin" in str(spec["transform"])  # the classes relabelled (English words in the data)


def _ctx(lang: str):
    t = Translator.load()
    t.lang = lang
    return SimpleNamespace(lang=lang, t=t)


def test_map_classes_read_in_the_language():
    fmt = unit_format("percent", load_yaml(ROOT / "metadata" / "units.yaml"))
    rows = [{"value": v} for v in (1.25, 2.5, 3.75, 4.5, 5.5, 6.75, 8.25, 9.5, 10.5, 12.0)]
    english = local_classes(_ctx("en"), rows, fmt)
    spanish = local_classes(_ctx("es"), rows, fmt)
    assert [r["bin_order"] for r in spanish] == [r["bin_order"] for r in english]
    assert english[0]["bin"].startswith("under ") and english[-1]["bin"].endswith(" and more")
    assert spanish[0]["bin"].startswith("menos de ") and spanish[-1]["bin"].endswith(" y más")
    assert "," in spanish[0]["bin"] + spanish[-1]["bin"]  # the decimal comma


def test_trend_words_follow_the_page_language():
    fmt = unit_format("percent", load_yaml(ROOT / "metadata" / "units.yaml"))
    row = {"base_year": 2011, "base_value": 9.3, "change": -3.0}

    def say(lang):
        return lambda v: human_number(v, fmt, lang=lang)

    assert local_trend(_ctx("en"), row, say("en")) == "down from 9.3 % in 2011"
    assert local_trend(_ctx("es"), row, say("es")) == "baja desde 9,3 % en 2011"
    assert local_trend(_ctx("fr"), dict(row, change=0), say("fr")) == "inchangé depuis 2011"
