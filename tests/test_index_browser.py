"""The Global Index in real Chromium: the ranking and methodology pages draw, and a reader's
weights give, in the browser, exactly the scores and ranks the build's formula gives."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from test_browser import SITE, Visit, base, browser, check_page  # noqa: F401 (fixtures)

from atlas import composite, index_scores
from atlas.base import ROOT

CONFIG = yaml.safe_load((ROOT / "metadata" / "index.yaml").read_text(encoding="utf-8"))
DIMS = [d["id"] for d in CONFIG["dimensions"]]


def build_scores(weights: dict[str, float]) -> pd.DataFrame:
    """Scores and ranks by the build's formula from the published dimension scores."""
    idx = pd.read_csv(ROOT / "data" / "index.csv", keep_default_na=False)
    idx = idx[idx["edition"] == idx["edition"].max()]
    wide = idx.pivot(index="iso3", columns="dimension", values="score").replace("", None)
    scored = idx[(idx["dimension"] == "index") & (idx["status"] == "scored")]["iso3"]
    dims = wide.loc[sorted(scored), DIMS].astype(float)
    score = index_scores.overall(dims, weights)
    return pd.DataFrame({"score": score, "rank": index_scores.ranks(score)})


def wait_until_ready(visit: Visit) -> None:
    """The weights' data load once the reader does something (here: focus a weight), or at
    once when the address carries weights."""
    assert visit.page.get_attribute("#atlas-weights", "data-loading") is None  # not at load
    visit.page.focus(f"#weight-{DIMS[0]}")
    visit.page.wait_for_selector("#atlas-weights[data-ready=true]", timeout=30000)


def browser_scores(visit: Visit) -> pd.DataFrame:
    rows = visit.page.eval_on_selector_all(
        "#atlas-index-ranking tbody tr",
        """trs => trs.map(tr => ({iso3: tr.dataset.iso3, score: Number(tr.dataset.score),
            shown: tr.querySelector('.atlas-score').textContent,
            rank: Number(tr.querySelector('.atlas-rank').textContent)}))""",
    )
    return pd.DataFrame(rows).set_index("iso3").sort_index()


def set_weights(visit: Visit, weights: dict[str, float]) -> None:
    for d, w in weights.items():
        visit.page.fill(f"#weight-{d}", str(w))
        visit.page.dispatch_event(f"#weight-{d}", "change")


def assert_same(got: pd.DataFrame, expect: pd.DataFrame) -> None:
    assert list(got.index) == list(expect.index)
    assert (got["score"] == expect["score"]).all()  # the same floating-point numbers
    assert (got["rank"] == expect["rank"]).all()
    assert (got["shown"] == expect["score"].map(lambda s: f"{s:.2f}")).all()


@pytest.mark.skipif(not (SITE / "index" / "index.html").exists(), reason="needs the built site")
def test_browser_and_build_agree_on_default_and_changed_weights(browser, base):  # noqa: F811
    visit = Visit(browser, f"{base}index/")
    try:
        wait_until_ready(visit)
        default = composite.default_weights(CONFIG)
        set_weights(visit, default)
        assert_same(browser_scores(visit), build_scores(default))
        changed = dict(default, **{DIMS[0]: 2.5, DIMS[-1]: 0.5})
        set_weights(visit, changed)
        got = browser_scores(visit)
        assert_same(got, build_scores(changed))
        # the ranking moved, and the table shows it in rank order
        published = pd.read_csv(ROOT / "data" / "index.csv", keep_default_na=False)
        # the latest edition: the page ranks it (the package holds four since issue 21)
        published = published[published["edition"] == published["edition"].max()]
        main = published[published["dimension"] == "index"].set_index("iso3")["rank"]
        assert (got["rank"] != main.loc[got.index].astype(int)).any()
        # the table leads with the median rank (then the rank with the weights chosen)
        shown = visit.page.eval_on_selector_all(
            "#atlas-index-ranking tbody tr",
            "trs => trs.map(t => [Number(t.dataset.median), Number(t.querySelector('.atlas-rank').textContent)])",
        )
        assert shown == sorted(shown)
        assert "Recomputed" in visit.page.inner_text("#atlas-weights-status")
        # pressed with the mouse: charts far off screen are not laid out (content-visibility)
        # but reserve their real height, so nothing moves while they are laid out as the page
        # scrolls to the button, and the click lands on it (the layout shift of scrolling this
        # page is measured in tests/test_country_pages_browser.py)
        visit.page.click("#atlas-weights-reset")
        assert_same(browser_scores(visit), build_scores(default))
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_index_pages_draw(browser, base):  # noqa: F811
    charts = check_page(browser, f"{base}index/", 1)
    assert any(c["id"] == "chart-index-ranks" for c in charts)
    check_page(browser, f"{base}index/methodology/", 0)


def test_country_page_shows_its_dimension_scores(browser, base):  # noqa: F811
    charts = check_page(browser, f"{base}countries/MEX/", 10)
    assert "chart-countries-MEX-global-index" in {c["id"] for c in charts}


def intervals_shown(visit: Visit) -> pd.DataFrame:
    rows = visit.page.eval_on_selector_all(
        "#atlas-index-ranking tbody tr",
        """trs => trs.map(tr => ({iso3: tr.dataset.iso3,
            median: Number(tr.querySelector('.atlas-median').textContent),
            interval: tr.querySelector('.atlas-interval').textContent}))""",
    )
    return pd.DataFrame(rows).set_index("iso3").sort_index()


def map_fills(visit: Visit) -> list[str]:
    return visit.page.eval_on_selector_all(
        "#chart-index-map .atlas-vega svg .role-mark path",
        "ps => ps.map(p => p.getAttribute('fill'))",
    )


@pytest.mark.skipif(not (SITE / "index" / "index.html").exists(), reason="needs the built site")
def test_reader_weights_move_the_intervals_and_the_map_and_stay_in_the_address(browser, base):  # noqa: F811
    published = pd.read_csv(ROOT / "data" / "index.csv", keep_default_na=False)
    published = published[
        (published["edition"] == published["edition"].max())  # the edition the page ranks
        & (published["dimension"] == "index")
        & (published["status"] == "scored")
    ].set_index("iso3")
    visit = Visit(browser, f"{base}index/")
    try:
        page = visit.page
        wait_until_ready(visit)
        visit.wait_for_charts()
        default = composite.default_weights(CONFIG)
        # the browser's Monte-Carlo with the default weights gives the published intervals
        set_weights(visit, dict(default, **{DIMS[0]: 2}))
        set_weights(visit, default)
        shown = intervals_shown(visit)
        expect = published.loc[shown.index]
        assert (shown["median"] == expect["rank_median"].astype(float)).all()
        assert (shown["interval"] == expect["rank_low"] + "–" + expect["rank_high"]).all()
        before = map_fills(visit)
        ranks_before = page.eval_on_selector_all(
            "#chart-index-ranks tbody tr", "trs => trs.map(t => t.textContent)"
        )
        changed = dict(default, **{DIMS[0]: 4, DIMS[1]: 0})
        set_weights(visit, changed)
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get(arguments[0]) === '4'".replace(
                "arguments[0]", repr(DIMS[0])
            )
        )
        after = intervals_shown(visit)
        assert (after["interval"] != shown["interval"]).any()  # the intervals moved
        assert (after["median"] != shown["median"]).any()
        page.wait_for_function(
            "(before) => { const p = Array.from(document.querySelectorAll('#chart-index-map .atlas-vega svg .role-mark path')).map(p => p.getAttribute('fill')); return p.length === before.length && p.join() !== before.join(); }",
            arg=before,
            timeout=30000,
        )
        ranks_after = page.eval_on_selector_all(
            "#chart-index-ranks tbody tr", "trs => trs.map(t => t.textContent)"
        )
        assert ranks_after != ranks_before  # the interval chart's data follow too
        url = page.url
    finally:
        visit.close()
    # the address restores the weights, and with them the same intervals
    again = Visit(browser, url)
    try:
        again.page.wait_for_selector("#atlas-weights[data-ready=true]", timeout=30000)
        assert again.page.input_value(f"#weight-{DIMS[0]}") == "4"
        assert again.page.input_value(f"#weight-{DIMS[1]}") == "0"
        again.page.wait_for_function(
            "() => document.getElementById('atlas-weights').dataset.weights !== undefined"
        )
        restored = intervals_shown(again)
        assert (restored["interval"] == after.loc[restored.index, "interval"]).all()
        assert "Recomputed" in again.page.inner_text("#atlas-weights-status")
        assert again.errors == [] and again.outside() == [] and again.csp_violations() == []
    finally:
        again.close()
