"""The SDG tracker (/sdg/ and a page per target) in Spanish and French on the built site
(issue #22): every page in the three languages with a switcher to the same page; their charts
draw the English pages' data with a spec in the language (labels, "No data", numbers); and in
Chromium a target page per language draws every chart with visible marks and the language's
numbers."""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.test_browser import SITE, Visit, base, browser  # noqa: F401 (fixtures)
from tests.test_chart_browser import CHARTS
from tests.test_i18n_country_browser import figures

LANGS = ["es", "fr"]

pytestmark = pytest.mark.skipif(
    not (SITE / "es" / "sdg" / "index.html").exists(), reason="needs the built site"
)


def sdg_pages() -> list[str]:
    return ["sdg"] + sorted(
        f"sdg/{p.name}" for p in (SITE / "sdg").iterdir() if (p / "index.html").is_file()
    )


def test_every_sdg_page_exists_in_the_three_languages_with_a_switcher_to_it():
    pages = sdg_pages()
    assert len(pages) == 8  # the tracker and its seven targets
    for page in pages:
        for lang in LANGS:
            path = SITE / lang / page / "index.html"
            text = path.read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in text or re.search(rf'<html [^>]*lang="{lang}"', text)
            links = re.findall(
                r'<a href="([^"]+)" hreflang="([a-z]{2})" class="md-select__link"', text
            )
            for href, hreflang in links:
                target = (path.parent / html.unescape(href)).resolve()
                target = target / "index.html" if target.is_dir() else target
                want = (
                    SITE / page / "index.html"
                    if hreflang == "en"
                    else SITE / hreflang / page / "index.html"
                )
                assert target == want.resolve(), (lang, page, href)


@pytest.mark.parametrize(("lang", "page"), [("es", "sdg/10-c"), ("fr", "sdg/8-8"), ("es", "sdg")])
def test_sdg_figures_share_the_english_data_with_a_spec_in_the_language(lang, page):
    english = figures(SITE / page / "index.html")
    local = figures(SITE / lang / page / "index.html")
    assert len(local) == len(english) > 0
    for en, loc in zip(english, local, strict=True):
        assert loc["data"] == "../" + en["data"]
        assert f"charts/kinds/{lang}/" in loc["spec"], loc
        assert (SITE / lang / page / loc["spec"]).resolve().is_file()


@pytest.mark.parametrize(("lang", "words"), [("es", ("Sin datos", "Mujeres")),
                                             ("fr", ("Pas de données", "Femmes"))])  # fmt: skip
def test_sdg_kind_specs_say_no_data_and_breakdowns_in_the_language(lang, words):
    """A map's grey countries and the dots' parts (breakdown words of metadata/sdg_targets.yaml
    in the language, through the English twin's rows) read in the language."""
    maps = list((SITE / "charts" / "kinds" / lang / "map").glob("*.vl.json"))
    assert maps
    for path in maps:
        text = path.read_text(encoding="utf-8")
        assert "'No data'" not in text and words[0] in text, path
    labels = {}  # each spec carries the words of the charts that draw from it
    for path in (SITE / "charts" / "kinds" / lang / "dots").glob("*.vl.json"):
        spec = json.loads(path.read_text("utf-8"))
        labels |= next(p["value"] for p in spec["params"] if p["name"] == "atlas_labels")
    assert labels.get("Female") == words[1]
    assert labels.get("Migrant workers") in {"Trabajadores migrantes", "Travailleurs migrants"}


NUMBER = {
    "es": re.compile(r"\d\.\d{3}\b|\d,\d|millones"),
    "fr": re.compile(r"\d[\u202f\u00a0 ]\d{3}\b|\d,\d|millions"),
}
# English numbers and words: a decimal point (Spanish writes 1.000 for a thousand: a point
# before three digits only), a thousands comma, English words of the charts
ENGLISH = {
    "es": re.compile(r"\d\.\d{1,2}(?!\d)|\d,\d{3}\b"),
    "fr": re.compile(r"\d\.\d|\d,\d{3}\b"),
}
SDG_CODE = re.compile(r"^\d{1,2}\.[0-9a-z]{1,2}(\.\d{1,2})? (?=\D)")  # "8.8.1 Lesiones …"
ENGLISH_WORDS = re.compile(r"\bmillion\b|\bNo data\b|\bBoth sexes\b|\bWorld\b|\bunder\b|and more")


@pytest.mark.parametrize(("lang", "page", "word"), [("es", "sdg/8-8", "Trabajadores migrantes"),
                                                    ("fr", "sdg/10-c", "Monde")])  # fmt: skip
def test_an_sdg_target_page_draws_its_charts_in_the_language(browser, base, lang, page, word):  # noqa: F811
    visit = Visit(browser, f"{base}{lang}/{page}/")
    try:
        p = visit.page
        assert p.evaluate("document.documentElement.lang") == lang
        visit.wait_for_charts()
        charts = p.evaluate(CHARTS)
        n = p.locator("figure.atlas-chart").count()
        assert len(charts) == n >= 3
        empty = [c["id"] for c in charts if c["visible"] == 0]
        assert not empty, empty
        labels = [label for c in charts for label in c["labels"]]
        assert any(NUMBER[lang].search(x) for x in labels), labels[:40]
        words = [SDG_CODE.sub("", x) for x in labels]
        english = [x for x in words if ENGLISH[lang].search(x) or ENGLISH_WORDS.search(x)]
        assert not english, english[:20]
        assert word in labels, labels
        assert visit.errors == [], visit.errors
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()
