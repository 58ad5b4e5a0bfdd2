"""Theme pages in Spanish and French on the built site (issue #22): every theme page (and the
themes list and five-countries page) in the three languages, their charts drawing the English
pages' data with a spec in the language; in Chromium one theme page per language draws every
chart with visible marks, numbers in the locale and series, routes and causes in the
language. (The origin-costs theme is the kind `origin`, tested apart.)"""

from __future__ import annotations

import re

import pytest

from tests.test_browser import SITE, Visit, base, browser  # noqa: F401 (fixtures)
from tests.test_chart_browser import CHARTS
from tests.test_i18n_country_browser import ENGLISH_NUMBER, FRENCH_NUMBER, figures

LANGS = ["es", "fr"]

pytestmark = pytest.mark.skipif(
    not (SITE / "es" / "themes" / "human-cost" / "index.html").exists(),
    reason="needs the built site",
)


def theme_pages() -> list[str]:
    return sorted(
        p.parent.relative_to(SITE).as_posix()
        for p in (SITE / "themes").glob("*/index.html")
        if p.parent.name != "origin-costs"
    )


def test_every_theme_page_exists_in_the_three_languages():
    pages = theme_pages()
    assert len(pages) >= 8 and "themes/five-countries" in pages, pages
    missing = [
        f"{lang}/{p}/"
        for p in ["themes", *pages]
        for lang in LANGS
        if not (SITE / lang / p / "index.html").is_file()
    ]
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGS)
def test_theme_figures_share_the_english_data_with_a_spec_in_the_language(lang):
    for page in theme_pages():
        english = figures(SITE / page / "index.html")
        local = figures(SITE / lang / page / "index.html")
        assert len(local) == len(english) > 0, page
        for en, loc in zip(english, local, strict=True):
            assert loc["data"] == "../" + en["data"], page  # one level deeper, the same file
            assert f"charts/kinds/{lang}/" in loc["spec"], (page, loc)
            assert (SITE / lang / page / loc["spec"]).resolve().is_file()
        # the lede, headings and quotes' "now" in the language; quotes keep their own
        text = (SITE / lang / page / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text


# the page, words a legend or axis must show in the language, and an English word it must not
PAGES = {
    "es": (
        "themes/human-cost/",
        ["Ahogamiento", "Ruta sudamericana", "Rutas dentro de África"],
        "Drowning",
    ),
    "fr": ("themes/people-on-the-move/", ["Migrations Sud-Sud"], "Born in a non-high"),
}
SPANISH_NUMBER = re.compile(r"\d\.\d{3}\b|\d,\d|millones|mil\b")
# English grouping or words in a Spanish chart ("10,000", "2.5 million"; Spanish: "10.000")
ENGLISH_IN_SPANISH = re.compile(r"\d,\d{3}\b|\b(million|billion|trillion)\b")


@pytest.mark.parametrize("lang", LANGS)
def test_a_theme_page_draws_its_charts_in_the_language(browser, base, lang):  # noqa: F811
    page_path, words, english = PAGES[lang]
    visit = Visit(browser, f"{base}{lang}/{page_path}")
    try:
        page = visit.page
        assert page.evaluate("document.documentElement.lang") == lang
        visit.wait_for_charts()
        charts = page.evaluate(CHARTS)
        n = page.locator("figure.atlas-chart").count()
        assert len(charts) == n >= 3
        empty = [c["id"] for c in charts if c["visible"] == 0]
        assert not empty, empty
        labels = [label for c in charts for label in c["labels"]]
        local_number = FRENCH_NUMBER if lang == "fr" else SPANISH_NUMBER
        assert any(local_number.search(label) for label in labels), labels[:40]
        english_number = ENGLISH_NUMBER if lang == "fr" else ENGLISH_IN_SPANISH
        assert not any(english_number.search(x) for x in labels), labels
        shown = " ".join(labels) + " " + page.locator("article").inner_text()
        for w in words:
            assert w in shown, (w, labels[:60])
        assert english not in " ".join(labels), labels
        assert visit.errors == [], visit.errors
        assert visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


# the plot's width and its widest bar (a category bar chart: one rect per category)
BAR_AND_PLOT = """el => {
  const bars = [...el.querySelectorAll('svg g.mark-rect.role-mark path, svg g.mark-rect.role-mark rect')]
    .map(b => b.getBoundingClientRect().width);
  const plot = el.querySelector('svg g.mark-rule.role-axis-grid, svg .role-axis-grid');
  return [Math.max(0, ...bars), plot ? plot.getBoundingClientRect().width : 0];
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_bars_on_a_phone_stay_readable_in_the_language(browser, base, lang):  # noqa: F811
    """Long Spanish and French names leave a narrow plot on a phone: the room kept for the bar
    labels grew without bound there, and the longest bar was a sliver against an axis twenty
    times longer. It takes at least a fifth of the plot now."""
    visit = Visit(
        browser, f"{base}{lang}/themes/human-cost/", viewport={"width": 360, "height": 800}
    )
    try:
        figure_id = "chart-themes-human-cost-causes"
        visit.page.locator(f"#{figure_id}").scroll_into_view_if_needed()
        visit.page.wait_for_selector(f"figure#{figure_id}.is-drawn svg", timeout=30_000)
        bar, plot = visit.page.locator(f"#{figure_id}").element_handle().evaluate(BAR_AND_PLOT)
        assert plot > 0 and bar >= plot / 5, (bar, plot)
    finally:
        visit.close()
