"""What a reader sees in real Chromium, on pages of every kind (home, country pages, indicator
pages, lists, compare, the Global Index): every chart has at least one visible mark (non-zero
size, painted: a mark element alone is not enough, the empty bar charts had them); no "NaN"
anywhere; no axis or legend label with an SI prefix ("70G", "800m", "0.2k"); maps draw every
country of the world map; year cells read as years ("2024", never "2,024")."""

from __future__ import annotations

import csv as csv_module
import functools
import http.server
import io
import json
import os
import re
import threading
from pathlib import Path

import pytest
from test_browser import CHROMIUM, SCROLL_THROUGH, QuietHandler, browser  # noqa: F401 (fixture)

from atlas.base import ROOT, load_yaml

# the built site (ATLAS_SITE points elsewhere, e.g. at an older build to compare)
SITE = Path(os.environ.get("ATLAS_SITE", Path(__file__).resolve().parent.parent / "site"))

PAGES = [
    "",
    "countries/MEX/",
    "countries/MEX/corridors/",
    "countries/MEX/flows/",
    "countries/MEX/origin-costs/",
    "countries/TON/",
    "countries/TON/corridors/",
    "countries/AFG/",
    "countries/DEU/",
    "indicators/hdi/",
    "indicators/migrant_stock/",
    "indicators/remittances_received_usd/",
    "indicators/idps_idmc/",
    "coverage/",
    "compare/",
    "index/",
]
SI_LABEL = re.compile(r"\d(\.\d+)?\s?[kMGTmµ]$")

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists() or not CHROMIUM.exists(),
    reason="needs the built site and Debian's chromium (`make site`)",
)

DRAWN = """() => Array.from(document.querySelectorAll("figure.atlas-chart")).every(
  (f) => f.classList.contains("is-drawn") || (f.querySelector(".atlas-status") || {}).textContent)"""

# per chart: its id, how many of its data marks are visible, its axis and legend labels, and the
# number of shapes of its first map layer
CHARTS = """() => Array.from(document.querySelectorAll("figure.atlas-chart.is-drawn")).map((f) => {
  const painted = (c) => c && c !== "none" && c !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(c);
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 && r.height <= 0) return false;
    const cs = getComputedStyle(el);
    if (parseFloat(cs.opacity) === 0 || parseFloat(el.getAttribute("opacity") || "1") === 0) return false;
    return painted(el.getAttribute("fill") || cs.fill) || painted(el.getAttribute("stroke") || cs.stroke);
  };
  const groups = Array.from(f.querySelectorAll("svg g.role-mark")).filter(
    (g) => !g.closest(".role-legend, .role-axis, .role-title") && !g.classList.contains("mark-group"));
  const items = groups.flatMap((g) => Array.from(g.children));
  const shapes = f.querySelector("svg g.mark-shape.role-mark");
  return {
    id: f.id,
    visible: items.filter(visible).length,
    labels: Array.from(f.querySelectorAll(".role-axis-label text, .role-legend-label text")).map((t) => t.textContent),
    shapes: shapes ? shapes.children.length : null,
    kind: f.dataset.kind,
  };
})"""

YEARS = """() => Array.from(document.querySelectorAll("table")).flatMap((t) => {
  const heads = Array.from(t.querySelectorAll("thead th"));
  const cols = heads.map((th, i) => [i, (th.dataset.field || th.textContent).trim()])
    .filter(([, f]) => /^(year|Year)$/.test(f)).map(([i]) => i);
  return Array.from(t.tBodies[0] ? t.tBodies[0].rows : []).flatMap((tr) =>
    cols.map((i) => (tr.cells[i] ? tr.cells[i].textContent.trim() : "")));
})"""


@pytest.fixture(scope="module")
def base():
    handler = functools.partial(QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def world_shapes() -> int:
    topo = json.loads((SITE / "assets" / "vendor" / "countries-110m.json").read_text())
    return len(topo["objects"]["countries"]["geometries"])


TEXT = (
    "() => document.body.innerText + ' ' + Array.from(document.querySelectorAll("
    "'svg text')).map((t) => t.textContent).join(' ')"
)
CELLS = (
    "() => Array.from(new Set(Array.from(document.querySelectorAll('td'))"
    ".map((td) => td.textContent.trim())))"
)


def drawn_pages(browser, base: str, pages: list[str], **reads: str) -> dict[str, dict]:  # noqa: F811
    """Each page opened once and scrolled through (charts are drawn as they come into view),
    every chart drawn: its charts' marks, its figure count, its text, and any other `reads`
    (name -> a JavaScript function evaluated on the page)."""
    out = {}
    for path in pages:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + path, wait_until="load")
        page.evaluate(SCROLL_THROUGH)
        page.wait_for_function(DRAWN, timeout=120_000)
        out[path] = {
            "charts": page.evaluate(CHARTS),
            "figures": page.locator("figure.atlas-chart").count(),
            "text": page.evaluate(TEXT),
            **{name: page.evaluate(script) for name, script in reads.items()},
        }
        page.close()
    return out


@pytest.fixture(scope="module")
def seen(browser, base):  # noqa: F811
    """Each page of the sample opened once, its charts drawn: what the tests below read."""
    return drawn_pages(browser, base, PAGES, years=YEARS, cells=CELLS)


def test_every_chart_draws_a_visible_mark(seen):
    blank = [
        f"{path} {c['id']}"
        for path, got in seen.items()
        for c in got["charts"]
        if c["visible"] == 0
    ]
    drawn = sum(len(got["charts"]) for got in seen.values())
    assert drawn > 40
    assert not blank, f"{len(blank)} of {drawn} charts show no visible mark: {blank}"


def test_every_figure_is_drawn(seen):
    missing = {p: g["figures"] - len(g["charts"]) for p, g in seen.items()}
    assert not any(missing.values()), f"figures not drawn: {missing}"


def test_no_nan_on_any_page(seen):
    assert not [p for p, got in seen.items() if re.search(r"\bNaN\b", got["text"])]


def test_no_si_prefix_on_axes_or_legends(seen):
    bad = [
        f"{path} {c['id']}: {label}"
        for path, got in seen.items()
        for c in got["charts"]
        for label in c["labels"]
        if SI_LABEL.search(label.strip())
    ]
    assert not bad, f"{len(bad)} labels with SI prefixes: {bad[:20]}"


def test_maps_draw_every_country_shape(seen):
    world = world_shapes()
    maps = [(p, c) for p, got in seen.items() for c in got["charts"] if c["kind"] == "map"]
    assert maps
    short = [f"{p} {c['id']}: {c['shapes']} of {world}" for p, c in maps if c["shapes"] < world]
    assert not short, f"maps with holes: {short}"


def test_year_cells_read_as_years(seen):
    cells = [y for got in seen.values() for y in got["years"]]
    assert cells
    bad = sorted({y for y in cells if y and not re.fullmatch(r"\d{4}", y)})
    assert not bad, f"year cells that do not read as years: {bad[:20]}"


def test_the_map_csv_follows_the_year_picked(browser, base):  # noqa: F811
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "indicators/migrant_stock/", wait_until="load")
    page.evaluate(SCROLL_THROUGH)
    page.wait_for_function(DRAWN, timeout=120_000)
    fig = page.locator("figure.atlas-chart[data-kind='map']")
    page.select_option("select.atlas-year", "2000")
    page.wait_for_function(
        "() => document.querySelector('figure[data-kind=map] .atlas-chart__subtitle')"
        ".textContent.startsWith('2000')"
    )
    # the year's CSV is written in the browser from the year's rows (the site keeps one CSV
    # per map); the JSON link points at the year's file
    page.wait_for_selector("figure[data-kind=map] .atlas-downloads a[data-csv]", state="attached")
    fig.locator("details:has(.atlas-downloads)").evaluate("d => { d.open = true; }")
    with page.expect_download(timeout=60000) as got:
        fig.locator(".atlas-downloads a[data-csv]").click()
    text = Path(got.value.path()).read_text(encoding="utf-8")
    rows = list(csv_module.DictReader(io.StringIO(text)))
    assert rows and {r["year"] for r in rows} == {"2000"}
    assert {"entity", "code", "unit", "source", "license"} <= set(rows[0])
    assert fig.locator(".atlas-downloads a[href$='map-2000.json']").count() == 1
    context.close()


def test_flags_are_explained_in_words_never_ids(seen):
    ids = set(load_yaml(ROOT / "metadata" / "flags.yaml")["flags"])
    raw = {p: ids & set(got["cells"]) for p, got in seen.items() if ids & set(got["cells"])}
    assert not raw, f"flag ids shown raw: {raw}"


def test_values_at_sensible_precision(seen):
    """Counts as integers, shares to one decimal, indices to three: no cell with more than
    three decimals (downloads keep full precision)."""
    long = {p: [c for c in got["cells"] if re.search(r"\d\.\d{4,}$", c)] for p, got in seen.items()}
    long = {p: cells[:5] for p, cells in long.items() if cells}
    assert not long, f"cells at raw precision: {long}"
