"""A chart's CSV is written in the browser from its JSON (`csvText`, atlas.js; the site carries
no CSV per chart): for a chart of every kind, the file its CSV link downloads is, byte for byte,
the file the build's writer (`csv_table` + the csv module) writes for the same chart; so is the
CSV of a chart-only embed page, which shows no table (its fields come from the page's)."""

from __future__ import annotations

import functools

import pytest
from site_charts import chart_csv, site_figures
from test_browser import Visit, base, browser  # noqa: F401 (fixtures)


@functools.cache
def _kinds() -> dict[str, tuple[str, str]]:
    """The first chart of each kind (sorted by page and id): kind -> (page, figure id)."""
    out: dict = {}
    for fid, (data, _, page) in sorted(site_figures().items(), key=lambda f: (f[1][2], f[0])):
        if data.get("data"):
            out.setdefault(data["kind"], (page, fid))
    return out


def _csv_download(page, fid: str) -> str:
    page.eval_on_selector(f"#{fid} .atlas-downloads", "b => { b.closest('details').open = true; }")
    with page.expect_download(timeout=60000) as got:
        page.click(f"#{fid} .atlas-downloads a.atlas-csv")
    return open(got.value.path(), encoding="utf-8", newline="").read()


def _key(page: str, fid: str) -> str:
    """The chart's key from its figure: its data URL without charts/ and .json."""
    data = site_figures()[fid][0]["data"]
    return data.split("charts/", 1)[1].removesuffix(".json")


def test_every_kind_has_a_chart_to_check():
    kinds = _kinds()
    if not kinds:
        pytest.skip("needs the built site (`make site`)")
    assert set(kinds) == set(KINDS), sorted(kinds)


# the kinds of chart the site's pages show (12 on main; test_every_kind_has_a_chart_to_check
# fails if a page shows one not listed), listed here so collecting the tests reads no page
KINDS = [
    "bars", "catbars", "costbars", "dots", "intervals", "lines", "map", "scores",
    "targetlines", "timeline", "totalbars", "yearbars",
]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_the_browser_writes_the_builds_csv(browser, base, kind):  # noqa: F811
    if kind not in _kinds():
        pytest.skip(f"no {kind} chart on the built site")
    page_url, fid = _kinds()[kind]
    visit = Visit(browser, base + page_url)
    try:
        shown = _csv_download(visit.page, "chart-" + fid)
        assert shown == chart_csv(_key(page_url, fid)), (kind, fid)
        assert visit.errors == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_an_embed_pages_csv_is_the_builds(browser, base):  # noqa: F811
    visit = Visit(browser, base + "embed/?chart=countries/MEX/stocks")
    try:
        visit.page.wait_for_selector("#chart-countries-MEX-stocks", timeout=60000)
        assert visit.page.locator("#chart-countries-MEX-stocks table").count() == 0
        shown = _csv_download(visit.page, "chart-countries-MEX-stocks")
        assert shown == chart_csv("countries/MEX/stocks")
        assert visit.errors == [] and visit.outside() == [] and visit.csp_violations() == []
    finally:
        visit.close()


def test_every_charts_csv_from_javascript_is_the_builds(tmp_path):
    """Every chart of the site (not a sample): `csvText` over the JSON file as the browser reads
    it (`rowsFromText`: whole floats such as 1.0 stay as Python wrote them) gives the CSV of
    the build's writer, in node."""
    import json
    import shutil
    import subprocess

    from site_charts import SITE, chart_of, csv_text
    from test_twins import DRAWING_FIELDS, js_function

    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    cases, expected = [], []
    for data, fields, _ in site_figures().values():
        if not data.get("data"):
            continue
        path = SITE / "charts" / data["data"].split("charts/", 1)[1]
        rows = json.loads(path.read_text(encoding="utf-8"))
        cases.append({"path": str(path), "d": data, "fields": fields})
        expected.append(csv_text(chart_of(data, fields, rows), rows))
    if not cases:
        pytest.skip("needs the built site (`make site`)")
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    script = DRAWING_FIELDS + "\n".join(
        js_function(f) for f in ("csvCell", "csvText", "rowsFromText")
    )
    script += """
const fs = require("fs");
const out = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).map((c) => csvText(
  {dataset: c.d, querySelectorAll: () => c.fields.map((f) => ({dataset: {field: f}}))},
  rowsFromText(fs.readFileSync(c.path, "utf8"))));
fs.writeFileSync(process.argv[1], JSON.stringify(out));
"""
    subprocess.run(["node", "-e", script, str(tmp_path / "cases.json")], check=True)
    got = json.loads((tmp_path / "cases.json").read_text(encoding="utf-8"))
    assert len(cases) > 1000
    differ = [c["path"] for c, g, e in zip(cases, got, expected, strict=True) if g != e]
    assert differ == [], f"{len(differ)} differ: {differ[:10]}"
