"""Country and region pages in Spanish and French on the built site (issue #22): every
country page, its corridors sub-page and every region page in the three languages; their
charts draw the English pages' data (one copy: the site grows by HTML, not data) with a spec
in the language; and in Chromium a French country page draws every chart, with French numbers
on its axes and French figure text."""

from __future__ import annotations

import csv
import json
import re

import pytest

from tests.i18n_checks import without_singular_branches
from tests.test_browser import ROOT, SITE, Visit, base, browser  # noqa: F401 (fixtures)
from tests.test_chart_browser import CHARTS

LANGS = ["es", "fr"]

pytestmark = pytest.mark.skipif(
    not (SITE / "es" / "countries" / "MEX" / "index.html").exists(), reason="needs the built site"
)


def countries() -> list[str]:
    with (ROOT / "data" / "countries.csv").open(encoding="utf-8") as fh:
        return [r["iso3"] for r in csv.DictReader(fh) if r["kind"] == "country"]


def test_every_country_page_exists_in_the_three_languages():
    codes = countries()
    assert len(codes) > 200
    missing = [
        f"{lang}/countries/{iso3}/{sub}"
        for iso3 in codes
        for lang in ["", *LANGS]
        for sub in ["", "corridors/"]
        if not (SITE / lang / "countries" / iso3 / sub / "index.html").is_file()
    ]
    assert not missing, missing[:10]


def test_every_region_page_exists_in_the_three_languages():
    regions = sorted(p.name for p in (SITE / "regions").iterdir() if (p / "index.html").is_file())
    assert len(regions) > 20
    missing = [
        f"{lang}/regions/{code}/"
        for code in regions
        for lang in LANGS
        if not (SITE / lang / "regions" / code / "index.html").is_file()
    ]
    assert not missing, missing[:10]


def figures(path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    return [
        dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))
        for tag in re.findall(r'<figure class="atlas-chart"[^>]*>', text)
    ]


@pytest.mark.parametrize(
    ("lang", "page"),
    [
        ("es", "countries/MEX"),
        ("fr", "countries/MAR"),
        ("fr", "countries/TON"),
        ("es", "countries/MEX/corridors"),
        ("es", "regions/UN-419"),
        ("fr", "regions/UN-AFR"),
    ],
)
def test_figures_share_the_english_data_with_a_spec_in_the_language(lang, page):
    english = figures(SITE / page / "index.html")
    local = figures(SITE / lang / page / "index.html")
    assert len(local) == len(english) > 0
    for en, loc in zip(english, local, strict=True):
        assert loc["data"] == "../" + en["data"]  # one level deeper, the same file
        assert f"charts/kinds/{lang}/" in loc["spec"], loc
        assert (SITE / lang / page / loc["spec"]).resolve().is_file()
    text = (SITE / lang / page / "index.html").read_text(encoding="utf-8")
    # no static SVG with English text: the place is held at the English chart's size
    assert "assets/blank.svg" in text and f"charts/{page.split('/')[0]}/" in text
    assert not re.search(r'class="atlas-fallback" src="[^"]*\.svg"', text.replace("blank.svg", ""))


def test_the_site_grows_by_html_not_data():
    """Spanish and French pages copy no data: their folders hold pages (and the search
    index); the kinds' specs in each language are a few hundred kilobytes."""
    for lang in LANGS:
        other = [
            p
            for p in (SITE / lang).rglob("*")
            if p.is_file() and p.suffix not in {".html", ".xml", ".gz"}
        ]
        assert sum(p.stat().st_size for p in other) < 2_000_000, other[:5]
        specs = list((SITE / "charts" / "kinds" / lang).rglob("*.vl.json"))
        assert specs and sum(p.stat().st_size for p in specs) < 2_000_000


@pytest.mark.parametrize("lang", LANGS)
def test_kind_specs_in_the_language_carry_no_english_words(lang):
    for path in (SITE / "charts" / "kinds" / lang).rglob("*.vl.json"):
        spec = json.loads(path.read_text(encoding="utf-8"))
        text = without_singular_branches(json.dumps(spec, ensure_ascii=False))
        labels = next(p["value"] for p in spec["params"] if p["name"] == "atlas_labels")
        assert labels.get("female") in {"mujeres", "femmes"}, path
        for english in ['"Series"', '"Year"', '"Country or area"', "' billion'", "' million'"]:
            assert english not in text.replace(json.dumps(labels, ensure_ascii=False), ""), (
                path,
                english,
            )


FRENCH_NUMBER = re.compile(r"\d[\u202f\u00a0 ]\d{3}\b|\d,\d|millions|milliards")
# an English decimal point, or English words: French says "1 million" but "2 millions"
ENGLISH_NUMBER = re.compile(
    r"\d\.\d|\btrillion\b|(?<![\d,])([2-9]|\d{2,})(,\d+)? (million|billion)\b"
)


def test_a_french_country_page_draws_its_charts_in_french(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}fr/countries/MAR/")
    try:
        page = visit.page
        assert page.evaluate("document.documentElement.lang") == "fr"
        visit.wait_for_charts()
        charts = page.evaluate(CHARTS)
        n = page.locator("figure.atlas-chart").count()
        assert len(charts) == n > 5
        empty = [c["id"] for c in charts if c["visible"] == 0]
        assert not empty, empty
        labels = [label for c in charts for label in c["labels"]]
        assert any(FRENCH_NUMBER.search(label) for label in labels), labels[:40]
        assert not any(ENGLISH_NUMBER.search(x) for x in labels), labels
        assert "Immigrés" in labels and "Espagne" in labels  # series and countries relabelled
        first = page.locator("figure.atlas-chart").first
        assert first.locator(".atlas-tab").first.inner_text() == "Graphique"
        assert "Télécharger" in first.locator(".atlas-menu summary").first.inner_text()
        assert first.locator(".atlas-chart__footer").inner_text().startswith("Source :")
        assert visit.errors == [], visit.errors
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


# the boxes of a chart's y-axis labels (a label of two lines is one <text>)
AXIS_LABEL_BOXES = """el => [...el.querySelectorAll('.role-axis-label text')].map(t => {
    const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, t.textContent];
})"""


@pytest.mark.parametrize("lang", ["fr", "es", "en"])
def test_instrument_names_of_the_ratification_timeline_never_overlap_on_a_phone(
    browser,  # noqa: F811
    base,  # noqa: F811
    lang,
):
    """French and Spanish names run to two lines; at a fixed 320 px for 18 rows they ran
    into each other on a phone (each row now has room for two lines)."""
    prefix = "" if lang == "en" else f"{lang}/"
    visit = Visit(browser, f"{base}{prefix}countries/MAR/", viewport={"width": 360, "height": 800})
    try:
        figure_id = "chart-countries-MAR-ratifications"
        figure = visit.page.locator(f"#{figure_id}")
        figure.scroll_into_view_if_needed()
        visit.page.wait_for_selector(f"figure#{figure_id}.is-drawn svg", timeout=30_000)
        boxes = figure.element_handle().evaluate(AXIS_LABEL_BOXES)
        names = [b for b in boxes if not b[4].isdigit()]  # the y axis (the x axis: years)
        assert len(names) >= 15, boxes
        names.sort(key=lambda b: b[1])
        clashes = [
            (a[4], b[4]) for a, b in zip(names, names[1:], strict=False) if b[1] < a[3] - 0.5
        ]
        assert not clashes, clashes
    finally:
        visit.close()
