"""The Global Index, its methodology, the corridor explorer and the chart-only page in Spanish
and French (issue #22): the pages exist in the three languages; their charts draw the English
pages' data with a spec in the language; in Chromium the Spanish ranking draws, and a reader's
weights redraw it with Spanish labels and Spanish numbers; the French corridor explorer draws a
corridor's charts in French; a Spanish chart alone (embed/?chart=es/...) reads in Spanish."""

from __future__ import annotations

import json
import re

import pytest

from tests.i18n_checks import english_number_word
from tests.test_browser import SITE, Visit, base, browser  # noqa: F401 (fixtures)
from tests.test_chart_browser import CHARTS
from tests.test_corridors_browser import SCROLL_EACH

LANGS = ["es", "fr"]

pytestmark = pytest.mark.skipif(
    not (SITE / "es" / "index" / "index.html").exists(), reason="needs the built site"
)

EMBED = re.compile(r'href="[^"]*embed/\?chart=([^"&]+)(?:&amp;page=([^"]+))?"')


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["index", "index/methodology", "corridors"])
def test_the_pages_exist_in_the_language(lang, page):
    text = (SITE / lang / page / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<html [^>]*lang="{lang}"', text)


def figures(path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    return [
        dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))
        for tag in re.findall(r'<figure class="atlas-chart[^"]*"[^>]*>', text)
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["index", "corridors"])
def test_figures_share_the_english_data_with_specs_in_the_language(lang, page):
    english = figures(SITE / page / "index.html")
    local = figures(SITE / lang / page / "index.html")
    assert len(local) == len(english) > 0
    for en, loc in zip(english, local, strict=True):
        if "data" in en:
            assert loc["data"] == "../" + en["data"]  # one level deeper, the same file
        assert f"/{lang}/" in loc["spec"], loc
        spec = json.loads((SITE / lang / page / loc["spec"]).resolve().read_text("utf-8"))
        text = json.dumps(spec, ensure_ascii=False)
        for english_word in ['"Country or area"', '"Year"', '"Median rank"', "'No data'"]:
            assert english_word not in text, (loc["spec"], english_word)


@pytest.mark.parametrize("lang", LANGS)
def test_the_index_map_classes_and_names_are_relabelled(lang):
    spec = json.loads(
        (SITE / "charts" / "kinds" / lang / "map" / "score.vl.json").read_text("utf-8")
    )
    labels = next(p["value"] for p in spec["params"] if p["name"] == "atlas_labels")
    english = json.loads((SITE / "charts" / "index" / "map.json").read_text("utf-8"))
    bins = {r["bin"] for r in english if "bin" in r}
    assert bins and bins <= set(labels), bins - set(labels)
    assert all(re.search(r"\d,\d", labels[b]) or "," not in b for b in bins)
    assert {"name", "bin"} <= {t.get("as") for t in spec["transform"]}


@pytest.mark.parametrize("lang", LANGS)
def test_charts_on_the_pages_embed_in_their_language(lang):
    """A Spanish page's chart-only address names the chart under its language (es/<key>),
    and that page in the language shows the chart (embed.js reads it from there)."""
    seen = 0
    for page in ["index", "countries/MEX", "regions/UN-419"]:
        text = (SITE / lang / page / "index.html").read_text(encoding="utf-8")
        for key, on in set(EMBED.findall(text)):
            seen += 1
            assert key.startswith(f"{lang}/"), key
            bare = key.removeprefix(f"{lang}/")
            target = SITE / lang / (on or bare.rsplit("/", 1)[0] + "/") / "index.html"
            assert f'id="chart-{bare.replace("/", "-")}"' in target.read_text("utf-8"), key
    assert seen > 5


def test_the_embed_page_carries_its_words_in_every_language():
    text = (SITE / "embed" / "index.html").read_text(encoding="utf-8")
    block = re.search(
        r'<script type="application/json" id="atlas-embed-words">(.*?)</script>', text
    )
    words = json.loads(block.group(1))
    assert set(words) == {"en", "es", "fr"}
    assert (
        words["es"]["site"] != words["en"]["site"]
        or words["es"]["no_chart"] != words["en"]["no_chart"]
    )
    assert all(set(w) == set(words["en"]) for w in words.values())


SPANISH_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$")


def test_a_spanish_ranking_redraws_with_spanish_words_and_numbers(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}es/index/")
    try:
        page = visit.page
        assert page.evaluate("document.documentElement.lang") == "es"
        visit.wait_for_charts()
        charts = {c["id"]: c for c in page.evaluate(CHARTS)}
        assert charts["chart-index-ranks"]["visible"] > 100
        assert charts["chart-index-map"]["visible"] > 100
        labels = charts["chart-index-ranks"]["labels"]
        assert "México" in labels and "Mexico" not in labels, labels[:20]
        legend = charts["chart-index-map"]["labels"]
        assert "Sin datos" in legend and any(x.startswith("menos de") for x in legend), legend
        # a reader's weight: the data load, everything is recomputed and redrawn in Spanish
        page.focus("#weight-" + page.get_attribute("#atlas-weights input", "name"))
        page.wait_for_selector("#atlas-weights[data-ready=true]", timeout=30000)
        first = page.get_attribute("#atlas-weights input", "name")
        page.fill(f"#weight-{first}", "2.5")
        page.dispatch_event(f"#weight-{first}", "change")
        page.wait_for_function(
            "() => /Recalculado/.test(document.getElementById('atlas-weights-status').textContent)",
            timeout=30000,
        )
        status = page.inner_text("#atlas-weights-status")
        assert "2,5" in status and "países" in status, status
        page.wait_for_function(
            "() => document.getElementById('chart-index-ranks').classList.contains('is-drawn')"
            " && document.getElementById('chart-index-ranks').classList.contains('atlas-chart--live')"
        )
        visit.wait_for_charts()
        charts = {c["id"]: c for c in page.evaluate(CHARTS)}
        assert charts["chart-index-ranks"]["visible"] > 100
        labels = charts["chart-index-ranks"]["labels"]
        assert "México" in labels and "Mexico" not in labels
        legend = charts["chart-index-map"]["labels"]
        assert any(x.startswith("menos de") for x in legend), legend
        cells = page.eval_on_selector_all(
            "#atlas-index-ranking tbody tr",
            "trs => trs.map(t => [t.querySelector('.atlas-score').textContent,"
            " t.querySelector('.atlas-median').textContent])",
        )
        assert all(re.search(r"^\d+,\d\d$", s) for s, _ in cells), cells[:5]
        assert all(SPANISH_NUMBER.match(m) for _, m in cells), cells[:5]
        assert any("," in m for _, m in cells)  # half ranks: "12,5"
        # the tooltip words of the redrawn chart come from the Spanish spec
        spec = page.evaluate("document.getElementById('chart-index-ranks')._spec")
        assert "Posición mediana" in json.dumps(spec, ensure_ascii=False)
        assert visit.errors == [], visit.errors
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


# the four charts of one corridor shown, each drawn or saying it has no estimate
DRAWN_PAIR = """() => {
  const shown = Array.from(document.querySelectorAll("figure.atlas-corridor-chart:not([hidden])"));
  return shown.length === 4 && shown.every((f) => f.dataset.mode === "pair"
    && (f.classList.contains("is-drawn") || !f.querySelector(".atlas-corridor-missing").hidden));
}"""

FRENCH_NUMBER = re.compile(r"\d[\u202f\u00a0 ]\d{3}\b|\d,\d|millions|milliards")


def test_a_french_corridor_draws_in_french(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}fr/corridors/")
    try:
        page = visit.page
        assert page.evaluate("document.documentElement.lang") == "fr"
        page.wait_for_selector("#corridors[data-ready=true]", timeout=30000)
        assert "Choisissez" in page.inner_text("#corridor-heading")
        # choose a corridor: Morocco to France, through the pickers' selects
        page.evaluate(
            "() => { document.getElementById('cor-from').tomselect.setValue('MAR');"
            " document.getElementById('cor-to').tomselect.setValue('FRA'); }"
        )
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('to') === 'FRA'", timeout=10000
        )
        page.wait_for_function(DRAWN_PAIR, timeout=60000)
        page.evaluate(SCROLL_EACH)
        assert page.inner_text("#corridor-heading") == "Maroc → France"
        charts = page.evaluate(CHARTS)
        assert charts and all(c["visible"] > 0 for c in charts), charts
        labels = [label for c in charts for label in c["labels"]]
        assert "Femmes" in labels, labels
        assert any(FRENCH_NUMBER.search(x) for x in labels), labels
        assert not any(
            re.search(r"\d\.\d|\bWomen\b", x) or english_number_word(x, "fr") for x in labels
        ), labels
        gap = page.inner_text("#corridor-gap-text")
        assert gap.startswith("En ") and "Maroc" in gap and re.search(r"\d,\d\d", gap), gap
        fig = page.locator("#corridor-stock-pair")
        assert fig.locator(".atlas-tab").first.inner_text() == "Graphique"
        assert fig.locator(".atlas-chart__footer").inner_text().startswith("Source :")
        assert "Migrants par sexe" in fig.locator(".atlas-chart__title").inner_text()
        # one end alone: its partners, bars labelled in French
        page.evaluate("() => document.getElementById('cor-to').tomselect.clear()")
        page.wait_for_function(
            "() => !document.getElementById('corridor-stock-partners').hidden"
            " && document.getElementById('corridor-stock-partners').classList.contains('is-drawn')",
            timeout=60000,
        )
        bars = page.eval_on_selector_all(
            "#corridor-stock-partners .role-mark text", "ts => ts.map(t => t.textContent)"
        )
        assert any(re.search(r"\(\d+,\d %\)", b) for b in bars), bars
        assert not any(re.search(r"\d\.\d", b) for b in bars), bars
        cells = page.eval_on_selector_all(
            "#corridor-stock-partners tbody td", "tds => tds.map(t => t.textContent)"
        )
        assert "femmes" in cells and "female" not in cells, cells[:10]
        assert visit.errors == [], visit.errors
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_a_spanish_chart_alone_reads_in_spanish(browser, base):  # noqa: F811
    page_text = (SITE / "es" / "countries" / "MEX" / "index.html").read_text(encoding="utf-8")
    key, _ = next(k for k in EMBED.findall(page_text) if k[0].endswith("/stocks"))
    assert key == "es/countries/MEX/stocks"
    visit = Visit(browser, f"{base}embed/?chart={key}")
    try:
        page = visit.page
        page.wait_for_selector("figure#chart-countries-MEX-stocks.is-drawn", timeout=60000)
        assert page.evaluate("document.documentElement.lang") == "es"
        title = page.inner_text("#chart-countries-MEX-stocks .atlas-chart__title")
        assert (
            page.title() == f"{title} — Atlas de Migración y Desarrollo"
            or page.title().startswith(title)
        )
        assert "—" in page.title() and "Migration & Development Atlas" not in page.title()
        fig = page.locator("#chart-countries-MEX-stocks")
        assert fig.locator(".atlas-chart__footer").inner_text().startswith("Fuente:")
        assert "Descargar" in fig.locator(".atlas-menu summary").first.inner_text()
        (chart,) = page.evaluate(CHARTS)
        assert chart["visible"] > 0
        assert any("millones" in x or re.search(r"\d\.\d{3}", x) for x in chart["labels"])
        assert not any(re.search(r"\bmillion\b", x) for x in chart["labels"]), chart["labels"]
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


ENGLISH_DECIMAL = re.compile(r"(?<![\d.\w])(?<!BY )(?<!ODS )(?<!ODD )\d{1,3}\.\d{1,2}(?![\d.\w])")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["index", "index/methodology", "corridors"])
def test_numbers_on_the_pages_follow_the_language(lang, page):
    """No number written the English way ("2.5", "6.9 %") in the text of an es/fr page:
    decimals take the language's comma (versions such as 2026.11.1, licences such as CC BY 4.0
    and SDG targets such as 8.8 aside)."""
    from tests.test_i18n_browser import page_text  # noqa: PLC0415

    text = page_text(SITE / lang / page / "index.html")
    found = ENGLISH_DECIMAL.findall(text)
    assert not found, found[:10]
