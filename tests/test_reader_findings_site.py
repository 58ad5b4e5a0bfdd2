"""Small reader findings of issue #18, each checked over every built page of its kind (not a
sample), from the HTML and chart files the build wrote:

- every page, chart-only pages included, unfurls with a description (`og:description`);
- every chart's Share link and address (`data-url`) leads to a page that exists and holds the
  chart's id (country charts moved to sub-pages once kept their old page's address);
- the footer says "Hollow points: flagged values." only on a chart with a flagged row.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
OG_DESCRIPTION = re.compile(r'<meta property="og:description" content="([^"]*)">')
SHARE = re.compile(r'<div class="atlas-menu__body atlas-share"><p>Link: <a href="([^"]*)"')
DATA_URL = re.compile(r'<figure class="atlas-chart"[^>]* data-url="([^"]*)"')
FIGURE = re.compile(r'<figure class="atlas-chart" id="([^"]*)"[^>]*>.*?</figure>', re.S)
HOLLOW = re.compile(r'<span class="atlas-hollow-note"( hidden)?>')

pytestmark = pytest.mark.skipif(not (SITE / "index.html").exists(), reason="needs the built site")


@functools.cache
def pages() -> list[Path]:
    return sorted(SITE.rglob("*.html"))


@functools.cache
def ids_of(page: Path) -> frozenset[str] | None:
    if not page.is_file():
        return None
    return frozenset(re.findall(r'\sid="([^"]*)"', page.read_text(encoding="utf-8")))


def test_every_page_has_an_og_description():
    assert len(pages()) > 1000  # chart-only pages (embed/) included
    bad = []
    for page in pages():
        found = OG_DESCRIPTION.findall(page.read_text(encoding="utf-8"))
        if len(found) != 1 or not html.unescape(found[0]).strip():
            bad.append(str(page.relative_to(SITE)))
    assert bad == [], f"{len(bad)} pages without one og:description: {bad[:10]}"


def target(url: str) -> tuple[Path, str]:
    """The local file and the fragment of a site address."""
    assert url.startswith(SITE_URL), url
    path, _, fragment = url[len(SITE_URL) :].partition("#")
    local = SITE / path / "index.html" if path == "" or path.endswith("/") else SITE / path
    return local, fragment


def test_every_share_link_and_chart_address_resolves():
    checked, bad = 0, {}
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for url in SHARE.findall(text) + DATA_URL.findall(text):
            checked += 1
            local, fragment = target(html.unescape(url))
            ids = ids_of(local)
            if ids is None or (fragment and fragment not in ids):
                bad.setdefault(str(page.relative_to(SITE)), url)
    assert checked > 5000
    assert bad == {}, (
        f"{len(bad)} pages with a link to a missing page or id: {list(bad.items())[:5]}"
    )


def test_hollow_points_are_explained_only_on_charts_with_a_flagged_row():
    checked, bad = 0, []
    for page in pages():
        for m in FIGURE.finditer(page.read_text(encoding="utf-8")):
            figure = m.group(0)
            note = HOLLOW.search(figure)
            if 'data-kind="lines"' not in figure[:300]:
                assert note is None and "Hollow points" not in figure, (page, m.group(1))
                continue
            data = re.search(r'data-data="([^"]*)"', figure)
            local = (page.parent / html.unescape(data.group(1))).resolve() if data else None
            if local is None or not local.is_file():
                continue  # rows picked by the reader (compare): atlas.js shows the note
            checked += 1
            flagged = any(r.get("flag") for r in json.loads(local.read_text(encoding="utf-8")))
            shown = note is not None and note.group(1) is None
            if shown != flagged:
                bad.append((str(page.relative_to(SITE)), m.group(1), flagged))
    assert checked > 1000
    assert bad == [], f"{len(bad)} line charts whose note does not match their rows: {bad[:5]}"
