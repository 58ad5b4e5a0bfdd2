"""Spanish and French texts of the rights, ageing and Latin America theme pages
(metadata/translations/themes/<id>.<lang>.yaml) mirror the English entry of
metadata/theme_pages.yaml: same sections and quotes, the same Jinja expressions verbatim (the
numbers are the English page's), no translated quote text (quotes stay in their language), and
the agreed terms."""

from __future__ import annotations

import re

import jinja2
import pytest

from atlas.base import ROOT, load_yaml

THEMES = ["rights-on-paper", "ageing", "latin-america"]
LANGS = ["es", "fr"]
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
TERMS = {
    "es": {
        "rights-on-paper": [
            "Convención internacional sobre la protección de los derechos de todos los "
            "trabajadores migratorios y de sus familiares"
        ],
        "ageing": ["personas migrantes"],
        "latin-america": ["remesas", "personas emigrantes"],
    },
    "fr": {
        "rights-on-paper": [
            "Convention internationale sur la protection des droits de tous les travailleurs "
            "migrants et des membres de leur famille"
        ],
        "latin-america": ["envois de fonds"],
    },
}


def _english(theme: str) -> dict:
    return next(
        t for t in load_yaml(ROOT / "metadata" / "theme_pages.yaml")["themes"] if t["id"] == theme
    )


def _texts(entry: dict) -> list[str]:
    out = [entry["title"], entry["lede"]]
    for s in entry["sections"]:
        out += (
            [s["heading"], s["text"]]
            + [q["now"] for q in s["quotes"]]
            + [q["who"] for q in s["quotes"]]
        )
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("theme", THEMES)
def test_translation_mirrors_the_english_entry(theme, lang):
    en = _english(theme)
    tr = load_yaml(ROOT / "metadata" / "translations" / "themes" / f"{theme}.{lang}.yaml")
    assert set(tr) == {"title", "lede", "sections"}
    assert len(tr["sections"]) == len(en["sections"])
    for s_en, s_tr in zip(en["sections"], tr["sections"], strict=True):
        assert set(s_tr) == {"heading", "text", "quotes"}
        assert len(s_tr["quotes"]) == len(s_en["quotes"])
        for q in s_tr["quotes"]:
            assert set(q) == {"who", "now"}, "a quote's text stays in its original language"
        for key in ("text",):
            assert sorted(JINJA.findall(s_tr[key])) == sorted(JINJA.findall(s_en[key])), s_tr[
                "heading"
            ]
        for q_en, q_tr in zip(s_en["quotes"], s_tr["quotes"], strict=True):
            assert sorted(JINJA.findall(q_tr["now"])) == sorted(JINJA.findall(q_en["now"]))
    for text in _texts(tr):
        jinja2.Environment().parse(text)  # every template still parses
    words = " ".join(_texts(tr))
    for term in TERMS[lang].get(theme, []):
        assert term in words, term
