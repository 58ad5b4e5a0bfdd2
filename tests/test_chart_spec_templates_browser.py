"""A chart's "Vega-Lite spec" download is its template (charts/specs/, shared by the charts of a
kind, unit and shape) filled in the browser with the words its figure prints (`specText`,
atlas.js): for every chart of the site, in node, the filled template is byte for byte the
chart's own spec as the build writes it (kept unpublished beside the fragments); in Chromium,
the link downloads it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from site_charts import SITE, site_figures
from test_browser import Visit, base, browser  # noqa: F401 (fixtures)
from test_twins import js_function

OWN_SPECS = SITE.parent / "generated" / "fragments" / "chart-specs"


def _words(data: dict) -> dict:
    root = data.get("root", "")
    url = data["data"][len(root) :] if data["data"].startswith(root) else data["data"]
    return {
        "title": data["title"],
        "subtitle": data["subtitle"],
        "description": data["description"],
        "data": url,
    }


def _cases() -> list[dict]:
    out = []
    for data, _, page in site_figures().values():
        if not data.get("template"):
            continue
        key = data["data"].split("charts/", 1)[1].removesuffix(".json")
        template = (SITE / page / data["template"]).resolve()
        out.append({"key": key, "template": str(template), "words": _words(data)})
    return out


def test_every_charts_spec_is_its_filled_template(tmp_path):
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    cases = _cases()
    if not cases or not OWN_SPECS.is_dir():
        pytest.skip("needs the built site (`make site`)")
    assert len(cases) > 1000
    templates = {c["template"] for c in cases}
    assert len(templates) < len(cases) / 10  # shared: the point of templates
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    script = (
        js_function("specText")
        + """
const fs = require("fs");
const cases = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
fs.writeFileSync(process.argv[1], JSON.stringify(cases.map((c) =>
  specText(fs.readFileSync(c.template, "utf8"), c.words))));
"""
    )
    subprocess.run(["node", "-e", script, str(tmp_path / "cases.json")], check=True)
    got = json.loads((tmp_path / "cases.json").read_text(encoding="utf-8"))
    differ = [
        c["key"]
        for c, text in zip(cases, got, strict=True)
        if text != (OWN_SPECS / f"{c['key']}.vl.json").read_text(encoding="utf-8")
    ]
    assert differ == [], f"{len(differ)} differ: {differ[:10]}"


@pytest.mark.parametrize(
    "address", ["countries/MEX/", "embed/?chart=countries/MEX/stocks"], ids=["page", "embed"]
)
def test_the_spec_link_downloads_the_charts_own_spec(browser, base, address):  # noqa: F811
    if not OWN_SPECS.is_dir():
        pytest.skip("needs the built site (`make site`)")
    fid = "chart-countries-MEX-stocks"
    visit = Visit(browser, base + address)
    try:
        page = visit.page
        page.wait_for_selector(f"#{fid} .atlas-downloads", state="attached", timeout=60000)
        page.eval_on_selector(
            f"#{fid} .atlas-downloads", "b => { b.closest('details').open = true; }"
        )
        with page.expect_download(timeout=60000) as got:
            page.click(f"#{fid} .atlas-downloads a.atlas-spec")
        text = Path(got.value.path()).read_text(encoding="utf-8")
        assert text == (OWN_SPECS / "countries/MEX/stocks.vl.json").read_text(encoding="utf-8")
        assert visit.errors == [] and visit.csp_violations() == []
    finally:
        visit.close()
