"""Indicator, compare and coverage pages in Spanish and French on the built site (issue #22):
every indicator page in the three languages; their charts draw the English pages' data (one
copy) with a spec in the language: the map's classes, shapes and grey in the language, the
places over time relabelled; in Chromium a Spanish and a French indicator page and the
compare page draw every chart with visible marks and numbers in the language."""

from __future__ import annotations

import json
import re

import pytest

from tests.i18n_checks import english_number_word, without_singular_branches
from tests.test_browser import SITE, Visit, base, browser  # noqa: F401 (fixtures)
from tests.test_chart_browser import CHARTS
from tests.test_i18n_country_browser import FRENCH_NUMBER, figures

LANGS = ["es", "fr"]
SPANISH_NUMBER = re.compile(r"\d\.\d{3}\b|\d,\d|millones")

pytestmark = pytest.mark.skipif(
    not (SITE / "es" / "indicators" / "hdi" / "index.html").exists(),
    reason="needs the built site",
)


def indicator_ids() -> list[str]:
    return sorted(p.name for p in (SITE / "indicators").iterdir() if (p / "index.html").is_file())


def test_every_indicator_page_and_the_compare_and_coverage_pages_exist_in_each_language():
    ids = indicator_ids()
    assert len(ids) > 60
    missing = [
        f"{lang}/{page}"
        for lang in LANGS
        for page in [f"indicators/{i}" for i in ids] + ["compare", "coverage"]
        if not (SITE / lang / page / "index.html").is_file()
    ]
    assert not missing, missing[:10]


@pytest.mark.parametrize(
    ("lang", "page"),
    [
        ("es", "indicators/hdi"),
        ("fr", "indicators/remittances_received_pct_gdp"),
        ("fr", "indicators/migrant_stock"),
        ("es", "coverage"),
    ],
)
def test_figures_share_the_english_data_with_a_spec_in_the_language(lang, page):
    english = figures(SITE / page / "index.html")
    local = figures(SITE / lang / page / "index.html")
    assert len(local) == len(english) > 0
    for en, loc in zip(english, local, strict=True):
        assert loc["data"] == "../" + en["data"]  # one level deeper, the same file
        assert loc["root"] == "../" + en["root"]  # the shared files (data, assets)
        assert f"charts/kinds/{lang}/" in loc["spec"], loc
        assert (SITE / lang / page / loc["spec"]).resolve().is_file()
        if "year-pattern" in en:  # the map's years: the English files
            assert loc["year-pattern"] == "../" + en["year-pattern"]
    text = (SITE / lang / page / "index.html").read_text(encoding="utf-8")
    assert "assets/blank.svg" in text
    assert not re.search(r'class="atlas-fallback" src="[^"]*\.svg"', text.replace("blank.svg", ""))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", ["Índice de Desarrollo Humano", "Mapa y clasificación", "Advertencias", "PNUD"]),
        ("fr", ["Indice de développement humain", "Carte et classement", "Mises en garde"]),
    ],
)
def test_an_indicator_page_reads_in_its_language(lang, words):
    text = (SITE / lang / "indicators" / "hdi" / "index.html").read_text(encoding="utf-8")
    for word in words:
        assert word in text, (lang, word)
    # the picker's places and its words in the language, links in the language
    assert {"es": ">México<", "fr": ">Mexique<"}[lang] in text
    assert 'data-words="' in text and 'href="../../data/"' in text


@pytest.mark.parametrize("lang", LANGS)
def test_map_specs_in_the_language_name_shapes_and_classes_in_it(lang):
    spec = json.loads((SITE / "charts" / "kinds" / lang / "map" / "persons.vl.json").read_text())
    text = json.dumps(spec, ensure_ascii=False)
    assert "'No data'" not in text and '"No data"' not in text
    places = next(p["value"] for p in spec["params"] if p["name"] == "atlas_places")
    assert places["484"] == {"es": "México", "fr": "Mexique"}[lang]
    assert "labelExpr" in text and {"es": "mil millones", "fr": "milliards"}[lang] in text


@pytest.mark.parametrize("lang", LANGS)
def test_compare_specs_in_the_language(lang):
    folder = SITE / "charts" / "compare" / lang
    paths = list(folder.rglob("*.vl.json"))
    assert len(paths) > 10  # the scatter, the lines, and the lines per unit
    for path in paths:
        text = without_singular_branches(path.read_text(encoding="utf-8"))
        for english in ['"Series"', '"Year"', '"Country or area"', "' billion'", "' million'"]:
            assert english not in text, (path, english)


def drawn(visit) -> list[dict]:
    visit.wait_for_charts()
    return visit.page.evaluate(CHARTS)


@pytest.mark.parametrize(
    ("lang", "page", "number", "words"),
    [
        ("es", "indicators/hdi", SPANISH_NUMBER, ["México", "Sin datos"]),
        ("fr", "indicators/remittances_received_pct_gdp", FRENCH_NUMBER, ["Mexique"]),
    ],
)
def test_an_indicator_page_draws_its_charts_in_its_language(  # noqa: PLR0913
    browser,  # noqa: F811
    base,  # noqa: F811
    lang,
    page,
    number,
    words,
):
    visit = Visit(browser, f"{base}{lang}/{page}/")
    try:
        p = visit.page
        assert p.evaluate("document.documentElement.lang") == lang
        charts = drawn(visit)
        assert len(charts) == p.locator("figure.atlas-chart").count() == 2
        assert not [c["id"] for c in charts if c["visible"] == 0], charts
        labels = [label for c in charts for label in c["labels"]]
        assert any(number.search(x) for x in labels), labels[:40]
        # no English number nor English class words on axes and legends
        assert not any(
            re.search(r"\d\.\d|^under |and more$", x) or english_number_word(x, lang)
            for x in labels
        ), labels
        for word in words:
            assert word in labels, (word, labels[:40])
        # the map's table after a year picked: places in the language
        fig = p.locator("figure.atlas-chart").first
        years = fig.locator("select.atlas-year option").all_inner_texts()
        fig.locator("select.atlas-year").select_option(years[1])
        p.wait_for_function(
            f"() => document.querySelector('figure.atlas-chart .atlas-chart__subtitle').textContent.startsWith('{years[1]}')"
        )
        p.wait_for_timeout(500)
        names = fig.locator("tbody tr td:nth-child(2)").all_inner_texts()
        assert words[0] in names, names[:20]
        # a year without data: the status line in the language
        fig.locator(".atlas-year-input").fill("1900")
        fig.locator(".atlas-year-input").dispatch_event("change")
        said = {"es": "Sin datos para 1900.", "fr": "Pas de données pour 1900."}[lang]
        assert fig.locator(".atlas-status").inner_text().startswith(said)
        assert visit.errors == [], visit.errors
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_the_compare_page_draws_in_spanish(browser, base):  # noqa: F811
    url = f"{base}es/compare/?i=migrant_stock_pct_population&j=hdi&c=MEX,DEU&y=2020"
    visit = Visit(browser, url)
    try:
        page = visit.page
        charts = visit.wait_for_charts()
        assert all(c["drawn"] and c["marks"] > 0 for c in charts), charts
        series = page.eval_on_selector_all(
            "#compare-lines tbody tr td:first-child",
            "tds => [...new Set(tds.map(t => t.textContent))]",
        )
        assert sorted(series) == ["Alemania", "México"]
        labels = [label for c in page.evaluate(CHARTS) for label in c["labels"]]
        assert "Alemania" in labels and any(SPANISH_NUMBER.search(x) for x in labels), labels
        assert "frente a" in page.inner_text("#compare-scatter .atlas-chart__title")
        assert "lugares elegidos" in page.inner_text("#compare-lines-subtitle")
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


@pytest.mark.parametrize(
    ("lang", "values", "cell"),
    [("es", "15.898 valores", "0,972"), ("fr", "15\u202f898 valeurs", "0,972")],
)
def test_numbers_of_an_indicator_page_follow_the_locale(lang, values, cell):
    """The facts (count of values) and the map's table (cells written by the build) in the
    language's separators, as the English page's numbers are in English."""
    english = (SITE / "indicators" / "hdi" / "index.html").read_text(encoding="utf-8")
    assert "15,898 values" in english and "<td>0.972</td>" in english
    text = (SITE / lang / "indicators" / "hdi" / "index.html").read_text(encoding="utf-8")
    assert values in text and f"<td>{cell}</td>" in text


def test_the_places_picker_speaks_spanish(browser, base):  # noqa: F811
    """The picker's placeholder, its remove buttons and its no-match line in Spanish
    (data-words of the select): no English word of picker.js on a Spanish page."""
    visit = Visit(browser, f"{base}es/indicators/hdi/")
    try:
        page = visit.page
        page.wait_for_selector("select.atlas-picker[data-ready]", state="attached")
        field = page.locator(".ts-control input").first
        assert (
            field.get_attribute("placeholder")
            == "Escriba un país, una región o un grupo de ingreso"
        )
        labels = page.eval_on_selector_all(
            ".ts-control .item .remove", "bs => bs.map(b => b.getAttribute('aria-label'))"
        )
        assert "Quitar México" in labels, labels
        field.fill("zzzz")
        assert page.locator(".ts-dropdown .no-results").first.inner_text() == "Ningún resultado"
        assert visit.errors == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_source_records_are_translated_or_quoted_in_english():
    """A source's title, vintage and license in the language where metadata/translations/
    source_names.<lang>.yaml gives them, else quoted in English (lang="en"), as on the
    Sources page: no untranslated English outside a quote."""
    migrant_stock = (SITE / "es" / "indicators" / "migrant_stock" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "(revisión de 2024)" in migrant_stock  # translated vintage
    assert "condiciones de uso de las Naciones Unidas" in migrant_stock  # translated license
    hdi = (SITE / "es" / "indicators" / "hdi" / "index.html").read_text(encoding="utf-8")
    assert '(<span lang="en">HDR 2025 (data 1990–2023)</span>)' in hdi
    assert "Informe sobre Desarrollo Humano 2025</a>" in hdi
