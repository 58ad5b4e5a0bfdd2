"""The W3C Nu HTML Checker (npm vnu-jar, run with the system Java) finds no error in a sample of
built pages of every kind: generated pages, MkDocs Material's own (404), and chart-only embeds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# A sample of every page kind, by path under site/: extend when a kind is added.
VNU_PAGES = [
    "index.html",
    "es/index.html",
    "fr/index.html",
    "es/countries/index.html",
    "fr/countries/index.html",
    "es/data/index.html",
    "fr/about/sources/index.html",
    "es/releases/2026.11.0/index.html",
    "fr/indicators/remittances_received_pct_gdp/index.html",  # issue 22g
    "es/compare/index.html",
    "es/coverage/index.html",
    "fr/index/index.html",  # the Global Index, explorer, SDG and sub-pages in es/fr (this stop)
    "es/index/methodology/index.html",
    "es/corridors/index.html",
    "fr/sdg/index.html",
    "fr/countries/MAR/flows/index.html",
    "es/countries/PHL/sdg/index.html",
    "es/themes/origin-costs/index.html",  # issue-22k
    "fr/themes/origin-costs/methodology/index.html",
    "404.html",
    "countries/index.html",
    "countries/MEX/index.html",
    "countries/MEX/corridors/index.html",
    "countries/MEX/flows/index.html",
    "countries/MEX/origin-costs/index.html",
    "countries/MEX/sdg/index.html",
    "countries/PHL/index.html",
    "countries/TUV/index.html",
    "indicators/index.html",
    "indicators/migrant_stock/index.html",
    "indicators/remittance_cost_receiving/index.html",
    "indicators/hdi/index.html",
    "compare/index.html",
    "corridors/index.html",
    "coverage/index.html",
    "index/index.html",
    "index/methodology/index.html",
    "releases/index.html",
    "releases/2026.11.0/index.html",
    "data/index.html",
    "about/index.html",
    "about/sources/index.html",
    "embed/index.html",  # every chart-only page (its figure is a page's, checked there)
    "themes/origin-costs/index.html",
    "themes/origin-costs/methodology/index.html",
    "sdg/index.html",
    "sdg/10-c/index.html",
    "sdg/8-8/index.html",
    "regions/index.html",
    "regions/UN-419/index.html",
    "regions/UN-AFR/index.html",
    "themes/index.html",
    "themes/people-on-the-move/index.html",
    "themes/money-sent-home/index.html",
    "themes/forced-from-home/index.html",
    "themes/human-cost/index.html",
    "themes/rights-on-paper/index.html",
    "themes/ageing/index.html",
    "themes/latin-america/index.html",
    "themes/five-countries/index.html",
]

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists() or not VNU.exists() or shutil.which("java") is None,
    reason="needs the built site, `npm ci` (vnu-jar) and Java",
)


def test_sample_pages_are_valid_html():
    pages = [SITE / p for p in VNU_PAGES]
    assert [p for p in pages if not p.is_file()] == []
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], f"{len(errors)} validator errors: {errors[:20]}"
    assert result.returncode == 0, result.stderr[-2000:]
