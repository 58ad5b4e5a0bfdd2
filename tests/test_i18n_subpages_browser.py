"""The country sub-pages in Spanish and French on the built site (issue #22): "Flows and shares"
(/countries/<iso3>/flows/), "Origin costs" (/origin-costs/) and "SDG migration targets" (/sdg/)
exist for every country in the three languages; the es/fr country pages link the sub-pages in
their language and the language switcher of a sub-page leads to the same sub-page; their
charts draw the English pages' data with a spec in the language; no English words of the
render stage are left (trend words, estimates, notes), numbers follow the page's locale; and in
Chromium their charts draw with visible marks, labels and numbers in the language."""

from __future__ import annotations

import html
import re

import pytest

from tests.i18n_checks import english_number_word
from tests.test_browser import SITE, Visit, base, browser  # noqa: F401 (fixtures)
from tests.test_chart_browser import CHARTS
from tests.test_i18n_browser import page_text
from tests.test_i18n_country_browser import countries, figures

LANGS = ["es", "fr"]
SUBS = ["flows", "origin-costs", "sdg"]

pytestmark = pytest.mark.skipif(
    not (SITE / "es" / "countries" / "MEX" / "flows" / "index.html").exists(),
    reason="needs the built site",
)


def sub_pages(lang: str):
    for iso3 in countries():
        for sub in SUBS:
            yield iso3, sub, SITE / lang / "countries" / iso3 / sub / "index.html"


def test_every_country_sub_page_exists_in_the_three_languages():
    missing = [
        f"{lang}/countries/{iso3}/{sub}/"
        for lang in ["", *LANGS]
        for iso3, sub, _ in sub_pages(lang)
        if not (SITE / lang / "countries" / iso3 / sub / "index.html").is_file()
    ]
    assert not missing, missing[:10]


@pytest.mark.parametrize("lang", LANGS)
def test_country_pages_link_their_sub_pages_in_their_language(lang):
    wrong = []
    for iso3 in countries():
        page = SITE / lang / "countries" / iso3 / "index.html"
        text = page.read_text(encoding="utf-8")
        for sub in SUBS:
            hrefs = re.findall(rf'href="([^"#]*{iso3}/{sub}/)"', text)
            targets = {(page.parent / html.unescape(h)).resolve() for h in hrefs}
            if targets != {(SITE / lang / "countries" / iso3 / sub).resolve()}:
                wrong.append((lang, iso3, sub, hrefs))
    assert not wrong, wrong[:5]


SWITCHER = re.compile(r'<a href="([^"]+)" hreflang="([a-z]{2})" class="md-select__link"')


@pytest.mark.parametrize("lang", ["en", *LANGS])
@pytest.mark.parametrize(
    "page", ["countries/MEX/flows", "countries/MAR/origin-costs", "countries/TON/sdg"]
)
def test_the_switcher_of_a_sub_page_leads_to_the_same_sub_page(lang, page):
    here = SITE / ("" if lang == "en" else lang) / page / "index.html"
    text = here.read_text(encoding="utf-8")
    assert re.search(rf'<html [^>]*lang="{lang}"', text)
    switcher = SWITCHER.findall(text)
    assert {h for _, h in switcher} == {"en", *LANGS}, switcher
    for href, hreflang in switcher:
        target = (here.parent / html.unescape(href)).resolve()
        expected = SITE / ("" if hreflang == "en" else hreflang) / page
        assert target == expected.resolve(), (lang, page, href)


@pytest.mark.parametrize(
    ("lang", "page"),
    [
        ("es", "countries/MEX/flows"),
        ("fr", "countries/MAR/flows"),
        ("fr", "countries/MAR/origin-costs"),
        ("es", "countries/PHL/origin-costs"),
    ],
)
def test_sub_page_figures_share_the_english_data_with_a_spec_in_the_language(lang, page):
    english = figures(SITE / page / "index.html")
    local = figures(SITE / lang / page / "index.html")
    assert len(local) == len(english) > 2
    for en, loc in zip(english, local, strict=True):
        assert loc["data"] == "../" + en["data"]  # one level deeper, the same file
        assert f"charts/kinds/{lang}/" in loc["spec"], loc
        assert (SITE / lang / page / loc["spec"]).resolve().is_file()
        assert loc["url"].startswith(f"https://migration-atlas.example.org/{lang}/{page}/")
    text = (SITE / lang / page / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'class="atlas-fallback" src="[^"]*\.svg"', text.replace("blank.svg", ""))


# English words the render stage writes from data and Python (not catalogue strings: the
# catalogue scan of tests/test_i18n_browser.py covers those)
ENGLISH = re.compile(
    r"\b(not reported|up from|down from|unchanged since|percentage points|meets the|Estimate,"
    r"|model estimates|ranked by|ages \d|migrant workers|Line chart|Bar chart|no data"
    r"|Value \(|Corridor partner|emigrants. public schooling|Remittances|the package lacks|in no group)\b"
)
# a decimal point (English), outside version numbers and addresses
DECIMAL_POINT = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,2}(?![\d.])")


@pytest.mark.parametrize("lang", LANGS)
def test_sub_pages_leave_no_english_and_write_numbers_in_the_locale(lang):
    english, points = [], []
    for iso3, sub, path in sub_pages(lang):
        text = page_text(path)
        # versions of the Atlas and of licenses are not numbers
        text = re.sub(r"\d{4}\.\d+\.\d+|CC BY[-A-Z]* \d\.\d", " ", text)
        english += [(iso3, sub, m.group(0)) for m in ENGLISH.finditer(text)]
        points += [(iso3, sub, m.group(0)) for m in DECIMAL_POINT.finditer(text)]
    assert not english, english[:10]
    assert not points, points[:10]


FRENCH_NUMBER = re.compile(r"\d[\u202f\u00a0 ]\d{3}\b|\d,\d|millions|milliards")
SPANISH_NUMBER = re.compile(r"\d\.\d{3}\b|\d,\d|millones")
MARK_TEXT = """() => Array.from(document.querySelectorAll("figure.atlas-chart.is-drawn"))
  .flatMap((f) => Array.from(f.querySelectorAll(".role-mark text")).map((t) => t.textContent))"""


@pytest.mark.parametrize(
    ("lang", "page", "words"),
    [
        ("es", "countries/MEX/flows", ["Mujeres entre los emigrantes", "Estados Unidos"]),
        ("fr", "countries/MAR/origin-costs", ["Estimation centrale", "Envois de fonds reçus"]),
    ],
)
def test_sub_page_charts_draw_in_the_language(browser, base, lang, page, words):  # noqa: F811
    visit = Visit(browser, f"{base}{lang}/{page}/")
    try:
        p = visit.page
        assert p.evaluate("document.documentElement.lang") == lang
        visit.wait_for_charts()
        charts = p.evaluate(CHARTS)
        assert len(charts) == p.locator("figure.atlas-chart").count() > 2
        empty = [c["id"] for c in charts if c["visible"] == 0]
        assert not empty, empty
        labels = [label for c in charts for label in c["labels"]] + p.evaluate(MARK_TEXT)
        number = FRENCH_NUMBER if lang == "fr" else SPANISH_NUMBER
        assert any(number.search(x) for x in labels), labels[:40]
        english = [x for x in labels if re.search(r"\d\.\d\b", x) or english_number_word(x, lang)]
        assert not english, english
        for word in words:  # series, partners and bars relabelled
            assert word in labels, (word, labels[:40])
        assert visit.errors == [], visit.errors
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_a_spanish_sdg_sub_page_reads_in_spanish(browser, base):  # noqa: F811
    """The SDG sub-page is a table: values, trends and distances in Spanish words and
    numbers; links to the target pages and indicators resolve."""
    visit = Visit(browser, f"{base}es/countries/PHL/sdg/")
    try:
        p = visit.page
        assert p.evaluate("document.documentElement.lang") == "es"
        assert p.locator("h1").inner_text().startswith("Filipinas")
        cells = p.eval_on_selector_all(".atlas-table tbody td", "tds => tds.map(t => t.innerText)")
        text = " ".join(cells)
        assert "no notificado" in text and re.search(r"(sube|baja) desde", text), text[:400]
        assert any(SPANISH_NUMBER.search(c) for c in cells), cells[:20]
        assert not re.search(r"\bnot reported\b|\bup from\b|\bdown from\b", text)
        heads = p.eval_on_selector_all(".atlas-table th", "ths => ths.map(t => t.innerText)")
        assert heads == ["Indicador", "Último valor", "Año", "Tendencia, distancia a la meta"]
        assert visit.errors == [], visit.errors
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()
