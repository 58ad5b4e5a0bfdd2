"""Link previews: which chart each page shows, and the export footer wrapped as atlas.js wraps
it (`footerLines`)."""

from __future__ import annotations

from atlas.render.chart import Chart
from atlas.render.og_images import CHART_PAGES, first_charts, footer_lines, image_url, page_of


def chart(key: str, fallback: bool = True) -> Chart:
    return Chart(key, "lines", "T", "", {}, [], [], "S", "L", "2000", "", fallback=fallback)


def test_each_chart_page_gets_its_first_drawn_chart() -> None:
    charts = [
        chart("countries/MEX/stock", fallback=False),
        chart("countries/MEX/remittances"),
        chart("countries/MEX/refugees"),
        chart("indicators/hdi/map"),
        chart("compare/lines"),
        chart("index/scores"),
        chart("sdg/10.7/0"),
        chart("countries/TON/origin/costs"),  # a section of a page: keyed below it
    ]
    pages = {"countries/MEX/", "indicators/hdi/", "compare/", "index/", "sdg/10.7/"}
    firsts = first_charts(charts, pages.__contains__)
    assert {p: c.key for p, c in firsts.items()} == {
        "countries/MEX/": "countries/MEX/remittances",
        "indicators/hdi/": "indicators/hdi/map",
        "sdg/10.7/": "sdg/10.7/0",
    }
    assert page_of(charts[-1], {"countries/TON/"}.__contains__) == "countries/TON/"
    assert page_of(charts[-1], set().__contains__) is None
    assert all(p.split("/")[0] in CHART_PAGES for p in firsts)
    assert page_of(charts[1], pages.__contains__) == "countries/MEX/"
    assert image_url("countries/MEX/") == "assets/og/countries/MEX.png"


def test_footer_wraps_at_the_exports_width_and_keeps_every_word() -> None:
    text = "Source: " + "word " * 60 + ".\nMigration & Development Atlas, version 1. https://x.org/"
    lines = footer_lines(text, 600)
    assert all(len(line) <= (600 - 16) // 6 for line in lines)
    assert " ".join(lines).split() == text.split()
    assert lines[-1].endswith("https://x.org/")
