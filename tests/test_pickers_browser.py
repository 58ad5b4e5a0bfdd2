"""The place pickers in real Chromium: typed and keyboard-driven choice with chips ("Mex" then
Enter adds Mexico), World, regions and income groups among the choices, live charts, the
compare and indicator pages restoring their whole state from the page address, the scatter
marking and naming the chosen places with a log option; search finding countries by the
names readers use ("Turkey", "Burma")."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from test_browser import Visit, base, browser, open_search  # noqa: F401 (fixtures)


def type_and_pick(page, select_id: str, text: str, code: str) -> None:
    """Type into the picker (Tom Select's box for the select), see the place highlighted, press
    Enter."""
    box = page.locator(f"#{select_id}-ts-control")
    box.focus()
    box.press_sequentially(text)
    page.wait_for_selector(f"#{select_id}-ts-dropdown .option.active[data-value='{code}']")
    page.keyboard.press("Enter")


def chips(page, select_id: str) -> list[str]:
    return page.eval_on_selector_all(
        f"#{select_id} + .ts-wrapper .ts-control > .item", "els => els.map(e => e.dataset.value)"
    )


def series_in_table(page, fig: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{fig} tbody tr td:first-child", "tds => [...new Set(tds.map(t => t.textContent))]"
    )


def wait_for_series(page, fig: str, name: str) -> None:
    page.wait_for_function(
        """([fig, name]) => Array.from(document.querySelectorAll(fig + ' tbody tr td:first-child'))
            .some(td => td.textContent === name)""",
        arg=[fig, name],
        timeout=30000,
    )


def test_compare_picker_by_typing_and_keyboard(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}compare/?c=PHL")
    try:
        page = visit.page
        page.wait_for_selector("#compare[data-ready=true]", timeout=30000)
        assert chips(page, "cmp-countries") == ["PHL"]
        type_and_pick(page, "cmp-countries", "Mex", "MEX")
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('c') === 'PHL,MEX'", timeout=10000
        )
        assert chips(page, "cmp-countries") == ["PHL", "MEX"]
        wait_for_series(page, "#compare-lines", "Mexico")  # live: no Show button
        # World, regions and income groups are choices too, found by typing
        type_and_pick(page, "cmp-countries", "World", "WLD")
        wait_for_series(page, "#compare-lines", "World")
        assert chips(page, "cmp-countries") == ["PHL", "MEX", "WLD"]
        # Backspace in the empty box removes the last chip
        page.keyboard.press("Backspace")
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('c') === 'PHL,MEX'", timeout=10000
        )
        assert chips(page, "cmp-countries") == ["PHL", "MEX"]
        assert page.locator("#compare button[type=submit]:visible").count() == 0
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_compare_restores_its_whole_state_and_marks_the_chosen(browser, base):  # noqa: F811
    url = f"{base}compare/?i=remittances_received_usd&j=hdi&c=MEX,WLD,WB-L&y=2020&lx=1"
    visit = Visit(browser, url)
    try:
        page = visit.page
        page.wait_for_selector("#compare[data-ready=true]", timeout=30000)
        charts = visit.wait_for_charts()
        assert all(c["drawn"] and c["marks"] > 0 for c in charts)
        assert page.input_value("#cmp-indicator") == "remittances_received_usd"
        assert page.input_value("#cmp-second") == "hdi"
        assert page.input_value("#cmp-year") == "2020"
        assert page.is_checked("#cmp-logx") and not page.is_checked("#cmp-logy")
        assert chips(page, "cmp-countries") == ["MEX", "WLD", "WB-L"]
        wait_for_series(page, "#compare-lines", "Low income")
        assert sorted(series_in_table(page, "#compare-lines")) == ["Low income", "Mexico", "World"]
        # the line chart's value axis carries the unit; the scatter names the chosen places
        texts = page.eval_on_selector_all(
            "#compare-lines svg text, #compare-scatter svg text", "ts => ts.map(t => t.textContent)"
        )
        assert any("US$" in t for t in texts)
        assert "Mexico" in texts
        scale = page.evaluate(
            "() => document.getElementById('compare-scatter')._view.scale('x').type"
        )
        assert scale == "log"
        # unchecking the log box is in the address at once
        page.uncheck("#cmp-logx")
        page.wait_for_function("() => !new URLSearchParams(location.search).has('lx')")
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_indicator_page_places_come_from_the_address(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}indicators/hdi/?c=NOR,WLD")
    try:
        page = visit.page
        fig = "#chart-indicators-hdi-series"
        page.wait_for_selector("select.atlas-picker[data-ready=true]", timeout=30000)
        wait_for_series(page, fig, "World")
        assert sorted(series_in_table(page, fig)) == ["Norway", "World"]
        assert chips(page, "pick-hdi") == ["NOR", "WLD"]
        type_and_pick(page, "pick-hdi", "Mex", "MEX")
        wait_for_series(page, fig, "Mexico")
        query = parse_qs(urlparse(page.url).query)
        assert query["c"] == ["NOR,WLD,MEX"]
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


@pytest.mark.parametrize(("alias", "iso3"), [("Turkey", "TUR"), ("Burma", "MMR")])
def test_search_finds_a_country_by_the_name_readers_use(browser, base, alias, iso3):  # noqa: F811
    visit = Visit(browser, base)
    try:
        page = visit.page
        open_search(page)
        page.locator("input.md-search__input").press_sequentially(alias)
        page.wait_for_selector(
            f".md-search-result__item a[href*='countries/{iso3}']", timeout=60000
        )
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_each_chip_remove_button_names_its_place(browser, base):  # noqa: F811
    """A screen-reader user hears "Remove Mexico", not "Remove" (or "×") on every chip, for
    chips from the address and chips added by typing; pressing it removes that place."""
    visit = Visit(browser, f"{base}compare/?c=PHL,WLD")
    try:
        page = visit.page
        page.wait_for_selector("#compare[data-ready=true]", timeout=30000)
        type_and_pick(page, "cmp-countries", "Mex", "MEX")
        buttons = page.locator("#cmp-countries + .ts-wrapper .ts-control > .item .remove")
        page.wait_for_function(
            """() => document.querySelectorAll(
                '#cmp-countries + .ts-wrapper .item .remove[aria-label]').length === 3"""
        )
        names = [buttons.nth(i).get_attribute("aria-label") for i in range(buttons.count())]
        assert names == ["Remove Philippines", "Remove World", "Remove Mexico"]
        page.get_by_role("button", name="Remove World").click()
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('c') === 'PHL,MEX'", timeout=10000
        )
        assert chips(page, "cmp-countries") == ["PHL", "MEX"]
    finally:
        visit.close()
