"""Link previews (Open Graph, Twitter cards): one PNG per page of countries, indicators,
regions, themes and SDG targets, drawn at build time from the page's first chart (its spec and
data, with its title and the export footer of atlas.js), and one site-wide image for pages
without a chart. Unfurlers take PNG, not SVG; 1200×630 is the size they all show whole.

The images are drawn by vl-convert (the same as the static SVGs: `output.render_fallbacks`),
in parallel, and cached by a hash of everything they depend on, so a warm build draws none.
`og.json` beside the chart fragments tells the site stage which page has which image."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import textwrap
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from markupsafe import Markup
from PIL import Image

from atlas.base import ROOT
from atlas.render import specs
from atlas.render.chart import Chart
from atlas.render.context import Context, site_url
from atlas.render.figures import segmented
from atlas.render.output import vega_lite_version

OG_CACHE = ROOT / ".cache" / "og"
# drawn at half size and rasterised at 2×: the chart's type reads as it does on the page
WIDTH, HEIGHT, SCALE = 600, 315, 2
# pages whose preview is their first chart (the key's first folder)
CHART_PAGES = ("countries", "indicators", "regions", "themes", "sdg")
DEFAULT_IMAGE = "assets/og/default.png"
# a palette of 32 colours, no dithering: a chart's flat colours and its type's anti-aliasing
# survive, and the image shrinks tenfold (vl-convert writes RGBA, barely compressed)
COLOURS = 32
FIRST_TAG = re.compile(r'<svg([^>]*?) width="[0-9.]+" height="[0-9.]+"')


def page_of(chart: Chart, is_page: Callable[[str], bool]) -> str | None:
    """The page a chart is on, as MkDocs addresses it (`countries/MEX/`): the nearest folder
    of its key that is a page (a country page's origin section keys its charts
    `countries/MEX/origin/<n>`)."""
    parts = chart.key.split("/")[:-1]
    while parts:
        page = "/".join(parts) + "/"
        if is_page(page):
            return page
        parts.pop()
    return None


def image_url(page: str) -> str:
    """Where a page's preview is written: assets/og/<page path>.png."""
    return f"assets/og/{page.rstrip('/')}.png"


def first_charts(charts: list[Chart], is_page: Callable[[str], bool]) -> dict[str, Chart]:
    """Each page of CHART_PAGES with its first drawn chart (the order pages made them in)."""
    out: dict[str, Chart] = {}
    for chart in charts:
        page = page_of(chart, is_page)
        if page and page.split("/", 1)[0] in CHART_PAGES and chart.fallback:
            out.setdefault(page, chart)
    return out


def footer_lines(text: str, width: int = WIDTH) -> list[str]:
    """The footer's sentences wrapped as atlas.js wraps an export's (`footerLines`: words to
    (width - 16) / 6 characters a line, 11 px type)."""
    limit = max(40, (width - 16) // 6)
    lines: list[str] = []
    for sentence in text.splitlines():
        if sentence.strip():
            lines += textwrap.wrap(
                sentence.strip(), limit, break_long_words=False, break_on_hyphens=False
            )
    return lines


def preview_spec(chart: Chart, topo: dict, height: int) -> dict:
    """The chart's spec with its data, its title and subtitle drawn, fitted to the image."""
    rows = segmented(chart.rows) if chart.kind == "lines" else chart.rows
    spec = specs.with_values(chart.spec, rows)
    spec["title"] = {"text": chart.title, "subtitle": chart.subtitle, "anchor": "start"}
    if chart.kind == "map":
        spec["data"] = {"values": topo, "format": {"type": "topojson", "feature": "countries"}}
    spec["width"], spec["height"] = WIDTH, height
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    spec["background"] = "white"
    return spec


def small_png(png: bytes) -> bytes:
    """The PNG with a palette of COLOURS colours, optimised (a tenth of vl-convert's size)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(COLOURS, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _png(args: tuple[str, str, str, str, int]) -> tuple[str, bytes]:
    import vl_convert as vlc  # in the worker process only (see output._svg)

    key, spec_json, version, frame, height = args
    svg = vlc.vegalite_to_svg(json.loads(spec_json), vl_version=version)
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    # the chart scaled into its room above the footer, its proportions kept (viewBox)
    svg = FIRST_TAG.sub(rf'<svg\1 x="0" y="0" width="{WIDTH}" height="{height}"', svg, count=1)
    return key, small_png(vlc.svg_to_png(frame.replace("@@CHART@@", svg), scale=SCALE))


def _cached(text: str) -> Path:
    return OG_CACHE / f"{hashlib.sha256(text.encode()).hexdigest()}.png"


def render_previews(ctx: Context, out: Path, fragments: Path, workers: int = 2) -> dict:
    """Every page's preview PNG into out/assets/og/ and the site-wide one, and the page ->
    image map into fragments/og.json; returns how many were drawn (not cached) and the
    images' total size in bytes."""
    OG_CACHE.mkdir(parents=True, exist_ok=True)
    template = ctx.env.get_template("og_image.svg.j2")
    footer = ctx.env.get_template("_og_footer.j2").module.footer
    version = ctx.env.globals["release"]["version"]
    topo = json.loads((out / "assets" / "vendor" / "countries-110m.json").read_text())
    vl = vega_lite_version()
    pages, files, todo = {}, {}, []

    def is_page(page: str) -> bool:
        # MkDocs serves countries/MEX.md and countries/index.md at countries/MEX/, countries/
        return (out / page / "index.md").is_file() or (out / f"{page.rstrip('/')}.md").is_file()

    for page, chart in first_charts(ctx.charts, is_page).items():
        anchor = "chart-" + chart.key.replace("/", "-")
        url = f"{site_url()}{page}#{anchor}"
        # the sentences as plain text (the image's template escapes them once)
        lines = footer_lines(Markup(footer(chart.source, chart.license, version, url)).unescape())
        height = HEIGHT - (16 * len(lines) + 14)
        frame = template.render(
            width=WIDTH, height=HEIGHT, chart_height=height, lines=lines, chart="@@CHART@@"
        )
        spec_json = json.dumps(preview_spec(chart, topo, height), sort_keys=True)
        cached = _cached(f"{vl}\n{SCALE}\n{COLOURS}\n{frame}\n{spec_json}")
        pages[page] = {"image": image_url(page), "alt": f"{chart.title}. {chart.subtitle}".strip()}
        files[image_url(page)] = cached
        if not cached.exists():
            todo.append((chart.key, spec_json, vl, frame, height, cached))
    default = ctx.env.get_template("og_default.svg.j2").render(version=version)
    files[DEFAULT_IMAGE] = _cached(f"{SCALE}\n{COLOURS}\n{default}")
    drawn = len(todo)
    if todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = dict(pool.map(_png, [t[:5] for t in todo], chunksize=8))
        for key, *_, cached in todo:
            cached.write_bytes(results[key])
    if not files[DEFAULT_IMAGE].exists():
        import vl_convert as vlc  # noqa: PLC0415 (only when the cache lacks it)

        files[DEFAULT_IMAGE].write_bytes(small_png(vlc.svg_to_png(default, scale=SCALE)))
        drawn += 1
    for url, cached in files.items():
        (out / url).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, out / url)
    fragments.mkdir(parents=True, exist_ok=True)
    (fragments / "og.json").write_text(
        json.dumps({"default": DEFAULT_IMAGE, "pages": pages}, indent=1, sort_keys=True),
        encoding="utf-8",
    )
    return {"previews drawn": drawn, "preview bytes": sum(p.stat().st_size for p in files.values())}
