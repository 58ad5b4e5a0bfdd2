"""/index/ light at first paint (issue #18, speed): the ranking and trend tables show their
first rows at load and every row on demand ("Show all", a sort, the reader's weights); a reader
without JavaScript sees the whole tables. In real Chromium, on the built site."""

from __future__ import annotations

import pandas as pd
import pytest
from test_browser import SITE, Visit, base, browser  # noqa: F401 (fixtures)

from atlas.base import ROOT

FIRST = 20
pytestmark = pytest.mark.skipif(
    not (SITE / "index" / "index.html").exists(), reason="needs the built site"
)


def scored() -> pd.Series:
    idx = pd.read_csv(ROOT / "data" / "index.csv", keep_default_na=False)
    latest = idx[(idx["edition"] == idx["edition"].max()) & (idx["dimension"] == "index")]
    return latest[latest["status"] == "scored"].set_index("iso3")["rank_median"].astype(float)


def rows(visit: Visit, table: str) -> list[str]:
    return visit.page.eval_on_selector_all(
        f"#{table} tbody tr", "trs => trs.map(t => t.dataset.iso3)"
    )


@pytest.mark.parametrize("table", ["atlas-index-ranking", "atlas-index-trend"])
def test_first_rows_at_load_and_every_row_on_show_all(browser, base, table):  # noqa: F811
    everyone = scored()
    visit = Visit(browser, f"{base}index/")
    try:
        page = visit.page
        first = rows(visit, table)
        assert len(first) == FIRST
        # the first rows are the best median ranks
        assert sorted(everyone.loc[first]) == sorted(everyone.sort_values().iloc[:FIRST])
        # the page is light: the two tables' 3,000 elements are not in the document
        assert page.evaluate("() => document.getElementsByTagName('*').length") < 4000
        button = page.locator(f"button[data-expand='{table}']")
        assert button.is_visible() and str(len(everyone)) in button.inner_text()
        button.click()
        shown = rows(visit, table)
        assert sorted(shown) == sorted(everyone.index) and shown[:FIRST] == first
        assert not button.is_visible()
        assert visit.errors == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_sorting_a_column_sorts_every_row(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}index/")
    try:
        visit.page.click("#atlas-index-ranking thead th:nth-child(3) button")  # country name
        names = visit.page.eval_on_selector_all(
            "#atlas-index-ranking tbody tr td:nth-child(3)", "tds => tds.map(t => t.textContent)"
        )
        assert len(names) == len(scored())
        assert names == sorted(names, key=str.lower)
    finally:
        visit.close()


def test_without_javascript_the_whole_tables_show(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}index/", javascript=False)
    try:
        page = visit.page
        n = len(scored())
        for table in ("atlas-index-ranking", "atlas-index-trend"):
            assert not page.locator(f"#{table}").is_visible()  # the first rows: not shown
            assert not page.locator(f"button[data-expand='{table}']").is_visible()
            whole = page.locator(f"#{table}-all table")
            assert whole.is_visible() and whole.locator("tbody tr").count() == n
    finally:
        visit.close()
