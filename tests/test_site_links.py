"""Every internal link, download, chart spec and data URL of the built site resolves to a file
in site/ (a fast check of our own; it also follows the URLs inside chart pages' data attributes
and the year pattern of map charts), and every link to an anchor finds its target id."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

SITE = Path(__file__).resolve().parent.parent / "site"
ATTR = re.compile(r'(?:href|src|data-spec|data-data)="([^"#?]+)[^"]*"')
PATTERN = re.compile(r'data-year-pattern="([^"]+)"')
ANCHOR = re.compile(r'href="([^"#]*)#([^"]+)"')
IDS = re.compile(r'\sid="([^"]+)"')

pytestmark = pytest.mark.skipif(not (SITE / "index.html").exists(), reason="needs the built site")


def resolve(page: Path, url: str) -> Path | None:
    """The file a relative URL of `page` names, or None for external and special URLs."""
    parsed = urlparse(url)
    if parsed.scheme or url.startswith(("//", "mailto:", "javascript:")) or not url:
        return None
    base = SITE if url.startswith("/") else page.parent  # 404.html links from the site root
    target = (base / unquote(parsed.path).lstrip("/")).resolve()
    if url.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def test_every_internal_url_resolves():
    broken = []
    pages = sorted(SITE.rglob("*.html"))
    assert len(pages) > 300
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for url in ATTR.findall(text):
            target = resolve(page, url)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(SITE)} -> {url}")
        for pattern in PATTERN.findall(text):
            folder = resolve(page, pattern.split("{year}")[0] + "x").parent
            if not any(folder.glob("map-*.json")):
                broken.append(f"{page.relative_to(SITE)} -> {pattern}")
    assert broken == [], f"{len(broken)} broken: {broken[:20]}"


def test_every_anchor_link_finds_its_target():
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in sorted(SITE.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for url, anchor in ANCHOR.findall(text):
            target = page if url == "" else resolve(page, url)
            if target is None or not target.is_file() or target.suffix != ".html":
                continue  # external, or a missing file (the test above reports those)
            if target not in ids:
                ids[target] = set(IDS.findall(target.read_text(encoding="utf-8")))
            if unquote(anchor) not in ids[target]:
                broken.append(f"{page.relative_to(SITE)} -> {url}#{anchor}")
    assert broken == [], f"{len(broken)} broken anchors: {broken[:20]}"


def test_stable_download_urls_exist():
    for path in (
        "data/indicators/migrant_stock.csv",
        "data/indicators/migrant_stock.json",
        "data/countries/MEX.csv",
        "data/countries/MEX.json",
        "data/package/datapackage.json",
        "data/package/data/observations.csv",
    ):
        assert (SITE / path).is_file(), path


EMBED = re.compile(r'href="[^"]*embed/\?chart=([^"&]+)(?:&amp;page=([^"]+))?"')


def test_every_embed_address_finds_its_chart():
    """A chart-only address (embed/?chart=<key>[&page=<page>]) is read by embed.js from the
    page it names, else from the key's folder: that page shows the chart's figure."""
    ids: dict[Path, str] = {}
    broken, seen = [], 0
    for page in sorted(SITE.rglob("index.html")):
        if page.relative_to(SITE).parts[0] in ("es", "fr"):
            continue
        for key, on in set(EMBED.findall(page.read_text(encoding="utf-8"))):
            seen += 1
            target = SITE / (on or key.rsplit("/", 1)[0] + "/") / "index.html"
            if target not in ids:
                ids[target] = target.read_text(encoding="utf-8") if target.is_file() else ""
            if f'id="chart-{key.replace("/", "-")}"' not in ids[target]:
                broken.append(f"{page.relative_to(SITE)} -> {key} on {on}")
    assert seen > 1000
    assert broken == [], f"{len(broken)} broken: {broken[:20]}"
