"""Each chart's files: its spec, its data (JSON), the chart-only embed page, and static SVG
fallbacks (vl-convert, in parallel, cached by a hash of spec and data). A chart's CSV is
written in the browser from its JSON by `csvText` (atlas.js), the tested twin of `csv_table`
here: 7,600 files the site no longer carries (issue 18, site size)."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from markupsafe import Markup

from atlas import csp
from atlas.base import ROOT
from atlas.errors import InputError
from atlas.render import specs
from atlas.render.chart import Chart
from atlas.render.context import Context
from atlas.render.figures import segmented
from atlas.render.formats import dump_json
from atlas.render.i18n import DEFAULT, languages

SVG_CACHE = ROOT / ".cache" / "svg"


# rows' fields the CSV leaves out: how the chart draws them, not data (line segments, map
# classes' order, the bar label already split into value and share)
DRAWING_FIELDS = {"segment", "bin_order", "order", "label", "partner_total", "short"}


# where a chart's own words and data URL sit in its spec template (`specText` in atlas.js
# fills them from the chart's figure: its title, subtitle, description and data URL)
SLOTS = {k: f"@@{k}@@" for k in ("title", "subtitle", "description", "data")}


def spec_text(spec: dict) -> str:
    """A spec as the site's JSON files are written (`dump_json`)."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":"))


def _slotted(value, url: str):
    if isinstance(value, dict):
        return {k: _slotted(v, url) for k, v in value.items()}
    if isinstance(value, list):
        return [_slotted(v, url) for v in value]
    return SLOTS["data"] if value == url else value


def spec_template(chart: Chart) -> str:
    """The chart's complete spec with its title, subtitle, description and data URL as slots:
    7,600 charts share 150 templates. A word is slotted only where the figure prints the same
    (a map's figure may say more in its subtitle than its spec)."""
    spec = _slotted(chart.spec, chart.data_url)
    title = spec.get("title")
    if isinstance(title, dict):
        if title.get("text") == chart.title:
            title["text"] = SLOTS["title"]
        if "subtitle" in title and title["subtitle"] == chart.subtitle:
            title["subtitle"] = SLOTS["subtitle"]
    if "description" in spec:
        spec["description"] = SLOTS["description"]  # the figure's data-description
    return spec_text(spec)


def write_chart(out: Path, chart: Chart, own_specs: Path) -> None:
    """The chart's data, and its spec's template (the "Vega-Lite spec" download is filled in
    the browser: one file per template instead of one per chart, issue 18); each chart's own
    spec is kept beside the fragments, unpublished, for the tests."""
    template = spec_template(chart)
    chart.spec_file = f"charts/specs/{hashlib.sha256(template.encode()).hexdigest()[:16]}.vl.json"
    if not (out / chart.spec_file).exists():
        (out / chart.spec_file).parent.mkdir(parents=True, exist_ok=True)
        (out / chart.spec_file).write_text(template, encoding="utf-8")
    dump_json(own_specs / f"{chart.key}.vl.json", chart.spec)
    dump_json(out / chart.data_url, chart.rows)


def csv_table(chart: Chart, rows: list[dict]) -> tuple[list[str], list[dict]]:
    """A chart's rows as its CSV says them: who (entity: country or area name; code: ISO 3166
    alpha-3, or the Atlas code of a region or group), the chart's own fields, year, value,
    unit, then the rows' other fields, and where the values come from (source, license).
    Every row of the chart is a row of the CSV, so the file is what the chart shows. The same
    columns are written by the browser for what a reader picks (`csvTable` in atlas.js)."""
    out = []
    for r in rows:
        if chart.code:
            who = {"entity": chart.entity, "code": chart.code}
        else:
            who = {
                "entity": r.get("name", r.get("series", "")),
                "code": r.get("code", r.get("iso3", "")),
            }
        row = {**who, **{k: v for k, v in r.items() if k not in DRAWING_FIELDS}}
        row.setdefault("year", chart.years)
        row.update(unit=chart.csv_unit, source=chart.source, license=chart.license)
        out.append(row)
    own = [f for f in chart.fields if f not in ("name", "iso3", "code", "year", "value", "label")]
    first = ["entity", "code", *own, "year"] + (
        ["value"] if any("value" in r for r in rows) else []
    )
    rest = [k for r in out for k in r if k not in ("unit", "source", "license")]
    fields = list(dict.fromkeys(first + ["unit"] + rest + ["source", "license"]))
    return fields, out


def write_chart_csv(path: Path, chart: Chart, rows: list[dict]) -> None:
    fields, table = csv_table(chart, rows)
    write_csv(path, table, fields)


def write_csv(path: Path, rows: list[dict], first: list[str]) -> None:
    """Rows as CSV at full precision: the `first` columns, then every other field of the rows."""
    fields = list(dict.fromkeys(first + [k for r in rows for k in r]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


@functools.cache
def vega_lite_version() -> str:
    """major.minor of the self-hosted vega-lite (pinned in package.json), so static fallbacks
    are drawn by the same Vega-Lite as the pages."""
    pinned = json.loads((ROOT / "node_modules" / "vega-lite" / "package.json").read_text())
    return ".".join(pinned["version"].split(".")[:2])


SVG_SIZE = re.compile(r'<svg [^>]*?width="([0-9.]+)" height="([0-9.]+)"')


def svg_size(svg: str) -> tuple[int, int]:
    """The width and height an SVG says it has (the page's <img> reserves that much room)."""
    m = SVG_SIZE.search(svg[:1000])
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (600, 300)


PATH_DATA = re.compile(r'( (?:d|transform)="[^"]*")')
LONG_DECIMAL = re.compile(r"(\d\.\d)\d+")


# What an SVG shown through <img> never uses: accessibility and interaction attributes (the
# page's figure carries the chart's description and its table), class names (no stylesheet
# reaches an image; vl-convert writes none inside), an opacity of 1 (the default), and the empty
# background/foreground paths of Vega's groups
UNUSED_ATTRIBUTE = re.compile(
    r' (?:aria-label|aria-roledescription|aria-hidden|role|class|pointer-events)="[^"]*"'
    r'| opacity="1"'
)
EMPTY_PATH = re.compile(r'<path d="(?:M0,0h0v0h0Z)?"(?: display="none")?/>')
EMPTY_GROUP = re.compile(r"<g></g>")
# a point: Vega's circle path at a translation, written as the circle it is
CIRCLE = re.compile(
    r'<path transform="translate\(([-\d.e]+),([-\d.e]+)\)" '
    r'd="M([\d.]+),0A\3,\3,0,1,1,-\3,0A\3,\3,0,1,1,\3,0"'
)
# SVG's initial values, written out on every grid line and tick: a line's end at 0, a stroke
# 1 wide (Vega's groups set no stroke width, so nothing is inherited instead)
DEFAULT_VALUE = re.compile(r'(<line[^>]*?) (?:x2|y2)="0"|(<line[^>]*?) stroke-width="1"')
GROUP_STROKE = re.compile(r"<g [^>]*stroke-width")
FONT_FAMILY = re.compile(r'( font-family="[^"]*")')


# presentation attributes children inherit from their group (never `opacity`: a group's
# opacity blends the group as one image, so overlapping points would read differently)
INHERITED = (
    "fill", "stroke", "stroke-width", "stroke-opacity", "fill-opacity", "stroke-dasharray",
    "stroke-linecap", "stroke-linejoin", "font-size", "font-weight", "font-style", "text-anchor",
)  # fmt: skip
LEAF = r"<(?:circle|line|path|rect)\b[^<>]*/>|<text\b[^<>]*>[^<]*</text>"
BARE_GROUP = re.compile(rf"<g>((?:{LEAF}){{3,}})</g>")
CHILD = re.compile(LEAF)
ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')


def _hoisted(group: re.Match) -> str:
    kids = CHILD.findall(group.group(1))
    common: dict | None = None
    for kid in kids:
        tag = kid[: kid.index(">") + 1]
        said = {k: v for k, v in ATTRIBUTE.findall(tag) if k in INHERITED}
        common = said if common is None else {k: v for k, v in common.items() if said.get(k) == v}
        if not common:
            return group.group(0)
    for name, value in common.items():
        kids = [kid.replace(f' {name}="{value}"', "", 1) for kid in kids]
    said = "".join(f' {name}="{value}"' for name, value in common.items())
    return f"<g{said}>{''.join(kids)}</g>"


def hoist_shared(svg: str) -> str:
    """Each bare group of marks (grid lines, ticks, labels, points) with what all its marks say
    alike said once, on the group: a line chart's grid stroke, its labels' size and colour,
    its points' fill (a sixth of the bytes left)."""
    return BARE_GROUP.sub(_hoisted, svg)


def compact_svg(svg: str) -> str:
    """The SVG with its shapes' coordinates and positions to a tenth of a pixel (vl-convert
    writes three decimals: a world map's fallback shrinks by a third, 125 to 83 KB gzipped),
    without what an image never uses (a third of a line chart's bytes: each point's
    aria-label) or what says a default, points as circles and one font said once: about half
    the bytes. Text (labels, values) is left as written; tests/test_svg_compact_browser.py
    compares the pixels with vl-convert's."""
    svg = PATH_DATA.sub(lambda m: LONG_DECIMAL.sub(r"\1", m.group(1)), svg)
    svg = EMPTY_PATH.sub("", UNUSED_ATTRIBUTE.sub("", svg))
    while EMPTY_GROUP.search(svg):
        svg = EMPTY_GROUP.sub("", svg)
    svg = CIRCLE.sub(r'<circle cx="\1" cy="\2" r="\3"', svg)
    if not GROUP_STROKE.search(svg):
        for _ in range(3):  # x2, y2 and stroke-width of each line
            svg = DEFAULT_VALUE.sub(lambda m: m.group(1) or m.group(2), svg)
    svg = hoist_shared(svg)
    fonts = set(FONT_FAMILY.findall(svg))
    if len(fonts) == 1:  # one font everywhere: said once, on the root (text inherits it)
        svg = FONT_FAMILY.sub("", svg).replace("<svg ", f"<svg{fonts.pop()} ", 1)
    return svg


def _install_svg(cached: Path, target: Path) -> tuple[int, int]:
    svg = cached.read_text(encoding="utf-8")
    target.write_text(compact_svg(svg), encoding="utf-8")
    return svg_size(svg)


def _svg(args: tuple[str, str, str]) -> tuple[str, str]:
    import vl_convert as vlc  # in the worker process only: its start-up is not paid twice

    key, spec_json, version = args
    return key, vlc.vegalite_to_svg(json.loads(spec_json), vl_version=version)


def render_fallbacks(out: Path, fallbacks: list[Chart], workers: int = 2) -> int:
    """Static SVGs, rendered in parallel and cached by a hash of spec and data, without the
    title (the page prints it above the chart); each chart learns its SVG's size."""
    SVG_CACHE.mkdir(parents=True, exist_ok=True)
    topo = json.loads((out / "assets" / "vendor" / "countries-110m.json").read_text())
    todo, rendered = [], 0
    version = vega_lite_version()
    for chart in fallbacks:
        # the drawn chart's line segments (the browser makes the same: `segments` in atlas.js)
        rows = segmented(chart.rows) if chart.kind == "lines" else chart.rows
        spec = specs.with_values(chart.spec, rows)
        spec.pop("title", None)
        if chart.kind == "map":
            spec["data"] = {"values": topo, "format": {"type": "topojson", "feature": "countries"}}
        text = json.dumps(spec, sort_keys=True)
        # the key covers everything the SVG depends on: spec, data and the Vega-Lite version
        digest = hashlib.sha256(f"{version}\n{text}".encode()).hexdigest()
        cached = SVG_CACHE / f"{digest}.svg"
        if cached.exists():
            chart.svg_size = _install_svg(cached, out / chart.svg_url)
        else:
            todo.append((chart, digest, text))
    if todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = dict(pool.map(_svg, [(c.key, t, version) for c, _, t in todo], chunksize=8))
        for chart, digest, _ in todo:
            (SVG_CACHE / f"{digest}.svg").write_text(results[chart.key], encoding="utf-8")
            chart.svg_size = _install_svg(SVG_CACHE / f"{digest}.svg", out / chart.svg_url)
            rendered += 1
    return rendered


def embed_words(t) -> dict[str, str]:
    """What the chart-only page says around a chart, in `t`'s language (embed.js shows a
    Spanish or French chart, es/<key>, in its language)."""
    return {
        "loading": t(
            "Loading the chart… It is drawn with JavaScript; without it, every chart is on its"
            " page of the Atlas, with its data table and downloads."
        ),
        "site": t("Migration & Development Atlas"),
        "no_chart": t("This address names no chart."),
        "not_read": t("This chart could not be read ({error})."),
    }


def write_embed_page(ctx: Context) -> None:
    """embed/index.html: every chart alone (embed/?chart=<key>), read by `embed.js` from the
    page that shows it; one page instead of one per chart (7,600 pages, 61 MB; issue 18). Its
    words in every language (a missing translation stops the build)."""
    words = {}
    for lang in languages():
        ctx.t.lang = lang
        words[lang] = embed_words(ctx.t)
    ctx.t.lang = DEFAULT
    if ctx.t.missing:
        raise InputError(ctx.t.problems())
    text = ctx.env.get_template("embed.html.j2").render(csp=Markup(csp.meta()), words=words)
    target = ctx.out / "embed" / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    dump_json(ctx.out / "embed" / "charts.json", old_embed_names(ctx.charts))


def old_embed_names(charts: list[Chart]) -> dict[str, list[str]]:
    """Each chart by the name of its chart-only page up to release 2026.11.3
    (embed/<key with dashes>.html, cited by those releases): its key, and its page when that
    is not its key's folder, so those addresses keep working (the 404 page sends them on)."""
    names: dict[str, list[str]] = {}
    for chart in charts:
        name = chart.key.replace("/", "-")
        if names.get(name, [chart.key])[0] != chart.key:
            raise ValueError(f"two charts named {name}: {names[name][0]} and {chart.key}")
        folder = chart.key.rsplit("/", 1)[0] + "/"
        on = [chart.page] if chart.page and chart.page != folder else []
        names[name] = [chart.key, *on]
    return names
