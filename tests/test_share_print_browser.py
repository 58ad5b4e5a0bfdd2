"""Shared links unfurl and country pages print as fact sheets, on the built site: every page
has Open Graph / Twitter meta with an absolute 1200×630 PNG of the site (its first chart on
chart pages); the home page summarises the current release's changelog; /countries/MEX/
printed in real Chromium (print media, A4 PDF) shows no navigation, its charts and its
address. PNG sizes are read from the files' IHDR chunk, not through the code that wrote them."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
import yaml

from atlas.base import current_release
from tests.test_browser import ARGS, CHROMIUM, ROOT, SITE, base, browser  # noqa: F401

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
META = re.compile(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">')


def metas(page: Path) -> dict[str, str]:
    return dict(META.findall(page.read_text(encoding="utf-8")))


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])


def site_pages() -> list[Path]:
    return sorted(
        p for p in SITE.rglob("index.html") if not {"embed", "assets"} & set(p.parts[-4:])
    )


def test_every_page_unfurls_with_an_absolute_png_of_the_site() -> None:
    pages = site_pages()
    assert len(pages) > 350
    seen: set[str] = set()
    for page in pages:
        m = metas(page)
        url = SITE_URL + page.parent.relative_to(SITE).as_posix() + "/"
        url = url.replace(SITE_URL + "./", SITE_URL)
        assert m.get("og:url") == url, page
        assert m.get("og:title") and m.get("og:description"), page
        image = m.get("og:image", "")
        assert image.startswith(SITE_URL) and image.endswith(".png"), (page, image)
        assert (m["og:image:width"], m["og:image:height"]) == ("1200", "630"), page
        assert m.get("twitter:card") == "summary_large_image", page
        assert m.get("og:image:alt"), page
        seen.add(image)
    for image in seen:
        path = SITE / image.removeprefix(SITE_URL)
        assert path.is_file(), image
        assert png_size(path) == (1200, 630), image


@pytest.mark.parametrize("page", ["countries/MEX", "countries/TON", "indicators/hdi", "regions"])
def test_chart_pages_show_their_own_chart(page: str) -> None:
    index = SITE / page / "index.html"
    if page == "regions":  # a region page, whichever the first is
        index = next(p for p in sorted((SITE / "regions").glob("*/index.html")))
    m = metas(index)
    assert not m["og:image"].endswith("/default.png"), index
    # the alt text is the chart's title, which the page prints too
    title = m["og:image:alt"].split(". ")[0]
    assert f'<h3 class="atlas-chart__title">{title}</h3>' in index.read_text(encoding="utf-8")


def test_preview_images_stay_small() -> None:
    files = list((SITE / "assets" / "og").rglob("*.png"))
    total = sum(f.stat().st_size for f in files)
    # palette PNGs: ~25 KB each; vl-convert's RGBA ones were ~290 KB (174 MB in all)
    assert total / len(files) < 60_000, f"{len(files)} previews, {total / 1e6:.1f} MB"


def test_home_says_what_is_new_in_this_release() -> None:
    record = current_release()
    html = (SITE / "index.html").read_text(encoding="utf-8")
    log = json.loads(
        (ROOT / "releases" / record["version"] / "changelog.json").read_text(encoding="utf-8")
    )
    assert f"What’s new in release {record['version']}" in html or (
        f"What's new in release {record['version']}" in html
    )
    assert f'href="releases/{record["version"]}/"' in html
    if not log["first_release"]:
        words = re.sub(r"<[^>]+>", "", html)
        added = f"{len(log['added']):,}".replace(",", "\u202f")
        assert re.search(rf"{len(log['added']):,}|{added}|{len(log['added'])}", words)
        assert f"{len(log['removed'])} removed" in words


PAGE_URL = SITE_URL + "countries/MEX/"


@pytest.fixture(scope="module")
def printed(browser, base):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(base + "countries/MEX/", wait_until="load")
    page.emulate_media(media="print")
    # atlas.js loads every lazy static SVG for print: wait until each has arrived
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.atlas-fallback')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=30_000,
    )
    yield page
    context.close()


def test_print_hides_navigation_and_controls(printed) -> None:
    for selector in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar--primary",
        ".md-footer",
        ".atlas-chart__bar",
        ".md-search",
    ):
        hidden = printed.eval_on_selector_all(
            selector, "els => els.every(e => getComputedStyle(e).display === 'none')"
        )
        assert hidden, f"{selector} is printed"


def test_print_shows_every_chart_and_the_address(printed) -> None:
    sizes = printed.eval_on_selector_all(
        "figure.atlas-chart",
        """figs => figs.map(f => {
             const v = f.querySelector('.atlas-chart__view');
             const img = v.querySelector('img, svg, canvas');
             const r = img ? img.getBoundingClientRect() : {width: 0, height: 0};
             return [f.id, r.width, r.height, img && img.tagName === 'IMG' ? img.complete && img.naturalWidth > 0 : true];
           })""",
    )
    assert len(sizes) >= 5
    for fid, w, h, loaded in sizes:
        assert w > 100 and h > 50 and loaded, f"{fid} prints {w}×{h} (loaded: {loaded})"
    note = printed.locator(".atlas-print-only")
    assert note.is_visible()
    text = note.inner_text()
    assert PAGE_URL in text and current_release()["version"] in text
    # key figures and sources are printed
    assert printed.locator(".atlas-card").first.is_visible()
    assert printed.locator(".atlas-chart__footer").first.is_visible()


def test_country_page_prints_to_a4_pdf(printed, tmp_path: Path) -> None:
    pdf = tmp_path / "MEX.pdf"
    printed.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-"
    # A4 portrait: 595 × 842 points
    assert re.search(rb"/MediaBox \[0 0 59[45][.0-9]* 84[12][.0-9]*\]", data)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert PAGE_URL in text.replace("\n", "")
        assert "Skip to content" not in text
