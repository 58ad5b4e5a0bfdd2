"""The static SVGs the site installs (`compact_svg`: coordinates to a tenth of a pixel, no
attribute an <img> never uses) draw what vl-convert drew: each of a sample of every chart kind,
as written to the SVG cache and as installed, rasterised by Chromium and compared pixel by
pixel; and they are much smaller."""

from __future__ import annotations

import base64

import pytest
from test_browser import CHROMIUM, SITE, browser  # noqa: F401 (fixtures)

from atlas.base import ROOT
from atlas.render.output import compact_svg

CACHE = ROOT / ".cache" / "svg"
# a pixel differs when its colour moves by more than 96 (of 765): anti-aliasing of an edge
# moved by under a tenth of a pixel stays below; a missing mark, label or colour does not
DIFF = """async ([a, b]) => {
  const load = (s) => new Promise((ok, ko) => { const i = new Image(); i.onload = () => ok(i);
    i.onerror = ko; i.src = "data:image/svg+xml;base64," + s; });
  const [ia, ib] = [await load(a), await load(b)];
  if (ia.naturalWidth !== ib.naturalWidth || ia.naturalHeight !== ib.naturalHeight) return 1;
  const px = (im) => { const c = document.createElement("canvas"); c.width = im.naturalWidth;
    c.height = im.naturalHeight; const x = c.getContext("2d"); x.drawImage(im, 0, 0);
    return x.getImageData(0, 0, c.width, c.height).data; };
  const [pa, pb] = [px(ia), px(ib)];
  let n = 0;
  for (let k = 0; k < pa.length; k += 4) {
    if (Math.abs(pa[k] - pb[k]) + Math.abs(pa[k + 1] - pb[k + 1]) + Math.abs(pa[k + 2] - pb[k + 2]) > 96) n++;
  }
  return n / (pa.length / 4);
}"""

pytestmark = pytest.mark.skipif(
    not CACHE.is_dir() or not (SITE / "charts").is_dir() or not CHROMIUM.exists(),
    reason="needs a build's SVG cache and site (`make site`) and Debian's chromium",
)


def samples_paths(per_group: int = 3):
    """A few installed SVGs of each chart name (map, series, stocks, origins, cost-to, …)."""
    seen: dict[str, int] = {}
    for svg in sorted((SITE / "charts").rglob("*.svg")):
        name = svg.name
        if seen.get(name, 0) < per_group:
            seen[name] = seen.get(name, 0) + 1
            yield svg


def test_compact_svgs_draw_what_vl_convert_drew(browser):  # noqa: F811
    wanted = {p.read_text(encoding="utf-8") for p in samples_paths()}
    pairs = []
    for cached in CACHE.glob("*.svg"):
        text = cached.read_text(encoding="utf-8")
        small = compact_svg(text)
        if small in wanted:
            pairs.append((cached.name, text, small))
            wanted.discard(small)
    assert len(pairs) >= 30, f"only {len(pairs)} installed SVGs found in the cache"
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><title>svg</title>")
        worse = {}
        before = after = 0
        for name, text, small in pairs:
            before, after = before + len(text), after + len(small)
            share = page.evaluate(
                DIFF, [base64.b64encode(x.encode()).decode() for x in (text, small)]
            )
            if share > 0.03:
                worse[name] = share
        assert not worse, f"compacted SVGs that draw differently (share of pixels): {worse}"
        assert after < 0.6 * before, (before, after)
    finally:
        page.close()
