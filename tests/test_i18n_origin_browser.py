"""The origin-costs theme page and its methodology in Spanish and French on the built site
(issue #22): both pages in the three languages, their figures drawing the English page's data
(one copy) with a kind's spec in the language, and in Chromium the Spanish theme page drawing
every chart with visible marks, Spanish numbers and Spanish names."""

from __future__ import annotations

import re

import pytest

from tests.i18n_checks import english_number_word
from tests.test_browser import SITE, Visit, base, browser  # noqa: F401 (fixtures)
from tests.test_chart_browser import CHARTS
from tests.test_i18n_country_browser import figures

LANGS = ["es", "fr"]
PAGES = ["themes/origin-costs", "themes/origin-costs/methodology"]

pytestmark = pytest.mark.skipif(
    not (SITE / "es" / "themes" / "origin-costs" / "index.html").exists(),
    reason="needs the built site",
)


def test_the_theme_and_its_methodology_exist_in_the_three_languages():
    missing = [
        f"{lang}/{page}/"
        for page in PAGES
        for lang in ["", *LANGS]
        if not (SITE / lang / page / "index.html").is_file()
    ]
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGS)
def test_theme_figures_share_the_english_data_with_a_spec_in_the_language(lang):
    page = PAGES[0]
    english = figures(SITE / page / "index.html")
    local = figures(SITE / lang / page / "index.html")
    assert len(local) == len(english) > 5
    for en, loc in zip(english, local, strict=True):
        assert loc["data"] == "../" + en["data"]  # one level deeper, the same file
        assert f"charts/kinds/{lang}/" in loc["spec"], loc
        assert (SITE / lang / page / loc["spec"]).resolve().is_file()


SPANISH_NUMBER = re.compile(r"\d,\d|millones|mil millones")
# an English decimal point ("1.5"; Spanish groups thousands with a point: "50.000")
ENGLISH_DECIMAL = re.compile(r"\d\.\d{1,2}(?!\d)")


def test_the_spanish_theme_page_draws_its_charts_in_spanish(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}es/themes/origin-costs/")
    try:
        page = visit.page
        assert page.evaluate("document.documentElement.lang") == "es"
        visit.wait_for_charts()
        charts = page.evaluate(CHARTS)
        n = page.locator("figure.atlas-chart").count()
        assert len(charts) == n > 5
        empty = [c["id"] for c in charts if c["visible"] == 0]
        assert not empty, empty
        labels = [label for c in charts for label in c["labels"]]
        assert any(SPANISH_NUMBER.search(label) for label in labels), labels[:40]
        english = [x for x in labels if ENGLISH_DECIMAL.search(x) or english_number_word(x, "es")]
        assert not english, english
        assert "México" in labels and "Marruecos" in labels  # the countries relabelled
        assert any(x.startswith("Estimación") for x in labels), labels[:40]
        table = page.locator("table.atlas-table").first.inner_text()
        assert "País" in table and "México" in table
        assert visit.errors == [], visit.errors
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()
