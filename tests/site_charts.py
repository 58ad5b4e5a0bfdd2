"""The built site's charts as the Python CSV writer sees them: a chart's figure on its page says
who it is about, its unit, source, license, years and table fields (data attributes and the
table's header); its rows are its JSON. The site carries no CSV per chart (the browser writes it
from the JSON with `csvText`, atlas.js), so tests read a chart's CSV as `csv_table` writes it."""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import re
from pathlib import Path

from atlas.render.chart import Chart
from atlas.render.output import csv_table

SITE = Path(__file__).resolve().parent.parent / "site"
FIGURE = re.compile(r'<figure class="atlas-chart" id="chart-([^"]+)"([^>]*)>(.*?)</figure>', re.S)
DATA = re.compile(r' data-([a-z-]+)="([^"]*)"')
FIELD = re.compile(r'<th scope="col" data-field="([^"]+)"')


TITLE = re.compile(
    r'<h3 class="atlas-chart__title">(.*?)</h3>\s*<p class="atlas-chart__subtitle">(.*?)</p>', re.S
)
TEMPLATE = re.compile(r'<a class="atlas-spec" [^>]*data-template="([^"]+)"')


def figures(text: str) -> dict[str, tuple[dict, list[str]]]:
    """Each chart figure of a page, by id (without `chart-`): its data attributes (with the
    words it prints, `title` and `subtitle`, and its spec's `template`) and its fields."""
    out = {}
    for fid, attrs, body in FIGURE.findall(text):
        data = {k: html.unescape(v) for k, v in DATA.findall(attrs)}
        words = TITLE.search(body)
        if words:
            data.update(title=html.unescape(words[1]), subtitle=html.unescape(words[2]))
        template = TEMPLATE.search(body)
        if template:
            data["template"] = html.unescape(template[1])
        out[fid] = (data, FIELD.findall(body))
    return out


@functools.cache
def site_figures() -> dict[str, tuple[dict, list[str], str]]:
    """Every chart figure of the English site's pages, by id: its data attributes, its fields
    and the first page showing it (`countries/MEX/`)."""
    out: dict = {}
    for page in sorted(SITE.rglob("index.html")):
        rel = page.relative_to(SITE).parts
        if rel[0] in ("es", "fr", "embed", "assets"):
            continue
        url = "/".join(rel[:-1]) + "/" if len(rel) > 1 else ""
        for fid, (data, fields) in figures(page.read_text(encoding="utf-8")).items():
            out.setdefault(fid, (data, fields, url))
    return out


def chart_of(data: dict, fields: list[str], rows: list[dict]) -> Chart:
    """A chart with what its CSV is written from (the figure's attributes, its rows)."""
    return Chart(
        "k/x",
        data["kind"],
        "",
        "",
        {},
        rows,
        [(f, f) for f in fields],
        data["source"],
        data["license"],
        data["years"],
        "",
        entity=data.get("entity", ""),
        code=data.get("code", ""),
        unit=data.get("unit", ""),
    )


def csv_text(chart: Chart, rows: list[dict]) -> str:
    """The CSV the build's writer (`write_chart_csv`) writes for these rows, as text."""
    fields, table = csv_table(chart, rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(table)
    return out.getvalue()


def chart_csv(key: str) -> str:
    """The CSV of the chart `key` (countries/MEX/stocks) as the Python writer writes it."""
    data, fields, _ = site_figures()[key.replace("/", "-")]
    rows = json.loads((SITE / "charts" / f"{key}.json").read_text(encoding="utf-8"))
    return csv_text(chart_of(data, fields, rows), rows)
