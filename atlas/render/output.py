"""Each chart's files: its spec, its data (JSON and CSV), a chart-only embed page, and static
SVG fallbacks (vl-convert, in parallel, cached by a hash of spec and data)."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from markupsafe import Markup

from atlas import csp
from atlas.base import ROOT
from atlas.render import specs
from atlas.render.chart import Chart
from atlas.render.context import Context, site_url
from atlas.render.figures import segmented
from atlas.render.formats import dump_json

SVG_CACHE = ROOT / ".cache" / "svg"


def write_chart(out: Path, chart: Chart) -> None:
    dump_json(out / chart.spec_url, chart.spec)
    dump_json(out / chart.data_url, chart.rows)
    write_csv(out / chart.csv_url, chart.rows, [f for f, _ in chart.columns])


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


def _svg(args: tuple[str, str, str]) -> tuple[str, str]:
    import vl_convert as vlc  # in the worker process only: its start-up is not paid twice

    key, spec_json, version = args
    return key, vlc.vegalite_to_svg(json.loads(spec_json), vl_version=version)


def render_fallbacks(out: Path, fallbacks: list[Chart], workers: int = 2) -> int:
    """Static SVGs, rendered in parallel and cached by a hash of spec and data."""
    SVG_CACHE.mkdir(parents=True, exist_ok=True)
    topo = json.loads((out / "assets" / "vendor" / "countries-110m.json").read_text())
    todo, rendered = [], 0
    version = vega_lite_version()
    for chart in fallbacks:
        # the drawn chart's line segments (the browser makes the same: `segments` in atlas.js)
        rows = segmented(chart.rows) if chart.kind == "lines" else chart.rows
        spec = specs.with_values(chart.spec, rows)
        if chart.kind == "map":
            spec["data"] = {"values": topo, "format": {"type": "topojson", "feature": "countries"}}
        text = json.dumps(spec, sort_keys=True)
        # the key covers everything the SVG depends on: spec, data and the Vega-Lite version
        digest = hashlib.sha256(f"{version}\n{text}".encode()).hexdigest()
        cached = SVG_CACHE / f"{digest}.svg"
        if cached.exists():
            shutil.copyfile(cached, out / chart.svg_url)
        else:
            todo.append((chart, digest, text))
    if todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = dict(pool.map(_svg, [(c.key, t, version) for c, _, t in todo], chunksize=8))
        for chart, digest, _ in todo:
            (SVG_CACHE / f"{digest}.svg").write_text(results[chart.key], encoding="utf-8")
            shutil.copyfile(SVG_CACHE / f"{digest}.svg", out / chart.svg_url)
            rendered += 1
    return rendered


def write_embed(ctx: Context, chart: Chart) -> None:
    text = ctx.env.get_template("embed.html.j2").render(
        chart=chart, root="../", site_url=site_url(), csp=Markup(csp.meta())
    )
    target = ctx.out / chart.embed_url
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
