"""Render stage: the validated package -> Markdown pages, chart specs, data and downloads.

Writes `build/docs/` (git-ignored): the hand-written `docs/` plus one generated page per country,
indicator and list, each chart as a Vega-Lite spec and a separate data file (JSON and CSV), static
SVG fallbacks for the first chart of every page, and stable download URLs. Pages never compute
statistics: every figure comes from the package or from `atlas.analyse`. Text from data is
escaped by Jinja2's autoescaping everywhere.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from atlas import analyse, charts, citation, csp
from atlas.metadata import load_metadata
from atlas.package import staging_dir, swap_in
from atlas.release import current_release, release_records
from atlas.sources import ROOT, load_sources, load_yaml

TEMPLATES = ROOT / "templates"
DOCS = ROOT / "docs"
OUT = ROOT / "build" / "docs"
# Chart figures (with their data tables) are kept out of the Markdown: pages carry a marker that
# the MkDocs hook (scripts/mkdocs_hooks.py) replaces with the fragment after search indexing, so
# neither Markdown nor the search index parses thousands of table rows. The fragments are written
# beside the docs folder (`build/fragments` for `build/docs`).
MARKER = "<!-- atlas-fragment: {} -->"
SVG_CACHE = ROOT / ".cache" / "svg"
VENDOR = {
    "vega.min.js": "node_modules/vega/build/vega.min.js",
    "vega-lite.min.js": "node_modules/vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "node_modules/vega-embed/build/vega-embed.min.js",
    "countries-110m.json": "node_modules/world-atlas/countries-110m.json",
    "LICENSE-vega.txt": "node_modules/vega/LICENSE",
    "LICENSE-vega-interpreter.txt": "node_modules/vega-interpreter/LICENSE",
    "LICENSE-vega-lite.txt": "node_modules/vega-lite/LICENSE",
    "LICENSE-vega-embed.txt": "node_modules/vega-embed/LICENSE",
    "LICENSE-world-atlas.txt": "node_modules/world-atlas/LICENSE",
}
INDEX_NUMBERS = {
    "index": ["edition", "score", "rank", "rank_median", "rank_low", "rank_high", "coverage"],
    "index_inputs": ["edition", "value", "year", "normalised"],
    "index_indicators": [
        "edition",
        "direction",
        "lo",
        "hi",
        "countries",
        "first_year",
        "last_year",
    ],
    "index_sensitivity": ["edition", "mean_shift", "median_shift", "max_shift", "share_over_10"],
    "index_correlations": ["edition", "pearson", "spearman", "n"],
}
FIRST_YEAR = 2000  # country-page line charts start here (page weight); downloads hold every year


@dataclass
class Chart:
    """One chart of one page: its spec, its rows (the data file) and what the page shows."""

    key: str  # unique, path-safe: <page>/<n>
    kind: str
    title: str
    subtitle: str
    spec: dict
    rows: list[dict]
    columns: list[tuple[str, str]]  # (field, header) of the data table, in order
    source: str
    license: str
    years: str
    alt: str
    fallback: bool = False
    controls: dict = field(default_factory=dict)

    @functools.cached_property
    def tbody(self) -> Markup:
        return tbody_html(self.rows, self.columns)

    @property
    def spec_url(self) -> str:
        return f"charts/{self.key}.vl.json"

    @property
    def data_url(self) -> str:
        return f"charts/{self.key}.json"

    @property
    def csv_url(self) -> str:
        return f"charts/{self.key}.csv"

    @property
    def svg_url(self) -> str:
        return f"charts/{self.key}.svg"

    @property
    def embed_url(self) -> str:
        return f"embed/{self.key.replace('/', '-')}.html"


# --- formatting --------------------------------------------------------------------------------
def short_number(value, unit: str = "") -> str:
    """Rounded for people (cards): '83.2 bn', '3.65 million', '12.3 %'."""
    if value is None or pd.isna(value):
        return "no data"
    v = float(value)
    suffix = " %" if unit.startswith("percent") else ""
    for limit, word in ((1e12, " tn"), (1e9, " bn"), (1e6, " million")):
        if abs(v) >= limit:
            return format_decimal(round(v / limit, 2), locale="en") + word + suffix
    if abs(v) >= 1000:
        return format_decimal(round(v), locale="en") + suffix
    return format_decimal(round(v, 3), locale="en") + suffix


def dump_json(path: Path, payload) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False),
        encoding="utf-8",
    )


def _jsonable(value):
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts for JSON: missing -> null, whole-number floats -> ints (fast path)."""
    columns = []
    for name in frame.columns:
        col = frame[name]
        if (
            pd.api.types.is_float_dtype(col)
            and col.notna().all()
            and (col % 1 == 0).all()
            and (col.abs() < 1e15).all()
        ):
            col = col.astype("int64")
        values = col.astype(object).where(col.notna(), None).tolist()
        columns.append(
            [v.item() if hasattr(v, "item") else v for v in values]
            if col.dtype == object
            else values
        )
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def cell_text(value) -> str:
    """A table cell: full precision, grouped (en), blank when missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return "" if value != value else format(value, ",")
    return str(value)


def tbody_html(rows: list[dict], columns: list[tuple[str, str]]) -> Markup:
    """The data table's body, escaped, built once per chart."""
    fields = [f for f, _ in columns]
    out = []
    for r in rows:
        out.append(
            "<tr>" + "".join(f"<td>{escape(cell_text(r.get(f)))}</td>" for f in fields) + "</tr>"
        )
    return Markup("".join(out))


# Characters Python-Markdown gives a meaning to and lets a backslash escape.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(value) -> Markup:
    """Text from data in a Markdown context (a heading): every character Markdown would read as
    syntax is backslash-escaped, then the text is HTML-escaped, so a name shows as written and is
    never parsed as emphasis, a link or an attribute list (attr_list)."""
    return escape(MARKDOWN_SPECIAL.sub(r"\\\1", str(value)))


# --- the package, typed ------------------------------------------------------------------------
def load_package(package_root: Path) -> dict[str, pd.DataFrame]:
    data = package_root / "data"
    tables = {
        p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(data.glob("*.csv"))
    }
    for name in ("observations", "aggregates", "bilateral"):
        frame = tables[name]
        frame["year"] = frame["year"].astype(int)
        frame["value"] = pd.to_numeric(frame["value"])
    tables["ratifications"]["year"] = pd.to_numeric(tables["ratifications"]["year"]).astype("Int64")
    for name, columns in INDEX_NUMBERS.items():
        for c in columns:
            tables[name][c] = pd.to_numeric(tables[name][c])
    for c in ("rank", "rank_low", "rank_high", "indicators"):
        tables["index"][c] = tables["index"][c].astype("Int64")
    agg = tables["aggregates"]
    agg["coverage"] = pd.to_numeric(agg["coverage"])
    agg["countries"] = agg["countries"].astype(int)
    return tables


@dataclass
class Context:
    """Everything a page renders from (read once)."""

    tables: dict[str, pd.DataFrame]
    meta: dict
    pages: dict
    sources: dict[str, dict]
    names: dict[str, str]
    indicators: dict[str, dict]
    latest: pd.DataFrame
    env: jinja2.Environment
    out: Path
    charts: list[Chart] = field(default_factory=list)
    m49: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    release: dict = field(default_factory=current_release)  # version and date (releases/)
    cite_meta: dict = field(default_factory=lambda: load_yaml(ROOT / "metadata" / "citation.yaml"))
    datasets: list[dict] = field(default_factory=list)  # schema.org Datasets, for catalog.jsonld

    def __post_init__(self) -> None:
        countries = self.tables["countries"]
        self.kinds = dict(zip(countries["iso3"], countries["kind"], strict=True))
        self.m49 = {
            c: f"{int(m):03d}" if m else ""
            for c, m in zip(countries["iso3"], countries["m49"], strict=True)
        }

    @functools.cached_property
    def obs_index(self) -> dict[tuple, list[tuple]]:
        return _series_index(self.tables["observations"], "iso3")

    @functools.cached_property
    def agg_index(self) -> dict[tuple, list[tuple]]:
        return _series_index(self.tables["aggregates"].assign(flag=""), "group")

    @functools.cached_property
    def coverage(self) -> dict[tuple, float]:
        agg = self.tables["aggregates"]
        agg = agg[agg["sex"] == "total"]
        keys = zip(agg["group"], agg["indicator_id"], agg["year"].astype(int), strict=True)
        return dict(zip(keys, agg["coverage"].astype(float).tolist(), strict=True))

    @functools.cached_property
    def ratifications(self) -> dict[str, list[dict]]:
        order = {i["id"]: n for n, i in enumerate(self.meta["instruments"])}
        titles = {i["id"]: i["en"] for i in self.meta["instruments"]}
        out: dict[str, list[dict]] = {}
        for r in records(self.tables["ratifications"]):
            out.setdefault(r["iso3"], []).append(
                {
                    "instrument": r["instrument"].upper().replace("_", "-"),
                    "title": titles[r["instrument"]],
                    "status": r["status"],
                    "year": r["year"],
                    "order": order[r["instrument"]],
                }
            )
        return {k: sorted(v, key=lambda r: r["order"]) for k, v in out.items()}

    @functools.cached_property
    def gindex(self) -> dict:
        return index_view(self.tables, self.meta, self.names)


def _series_index(frame: pd.DataFrame, place: str) -> dict[tuple, list[tuple]]:
    """(place, indicator, sex) -> [(year, value, flag)] sorted by year, built in one pass."""
    frame = frame.sort_values([place, "indicator_id", "sex", "year"])
    index: dict[tuple, list[tuple]] = {}
    cols = [frame[c].tolist() for c in (place, "indicator_id", "sex", "year", "value", "flag")]
    for p, i, s_, y, v, f in zip(*cols, strict=True):
        index.setdefault((p, i, s_), []).append((int(y), _jsonable(v), f))
    return index


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every page: text from data is always escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = cell_text
    env.filters["short"] = short_number
    env.filters["md"] = markdown_text
    return env


# --- charts ------------------------------------------------------------------------------------
def _points(
    ctx: Context, index: dict, key: tuple, label: str, first_year: int = FIRST_YEAR
) -> list[dict]:
    # an empty flag is left out of the row (smaller files; a missing flag reads as none)
    return [
        {"series": label, "year": y, "value": v, **({"flag": f} if f else {})}
        for y, v, f in index.get(key, ())
        if y >= first_year
    ]


LINE_COLUMNS = [
    ("series", "Series"),
    ("year", "Year"),
    ("value", "Value ({unit})"),
    ("flag", "Flag"),
]


def _line(
    ctx: Context,
    key: str,
    title: str,
    subtitle: str,
    rows: list[dict],
    unit: str,
    source: tuple[str, str],
    alt_prefix: str,
    controls: dict | None = None,
) -> Chart:
    rows = sorted(rows, key=lambda r: (r["series"], r["year"]))
    years = f"{min(r['year'] for r in rows)}–{max(r['year'] for r in rows)}"
    spec = charts.chart_spec(
        "lines", f"charts/{key}.json", title, subtitle, f"{title}, {subtitle}", unit=unit
    )
    latest: dict[str, dict] = {}
    for r in rows:
        latest[r["series"]] = r
    alt = f"{alt_prefix}, {years}. Latest: " + "; ".join(
        f"{r['series']} {cell_text(r['value'])} ({r['year']})" for r in latest.values()
    )
    columns = [(f, h.format(unit=unit)) for f, h in LINE_COLUMNS]
    return Chart(
        key,
        "lines",
        title,
        subtitle,
        spec,
        rows,
        columns,
        source[0],
        source[1],
        years,
        alt,
        controls=controls or {},
    )


def line_chart(ctx: Context, key: str, title: str, series: list[dict], iso3: str) -> Chart | None:
    rows = []
    for s in series:
        rows += _points(
            ctx, ctx.obs_index, (iso3, s["indicator"], s.get("sex", "total")), s["label"]
        )
    if not rows:
        return None
    unit = ctx.indicators[series[0]["indicator"]]["unit_en"]
    name = ctx.names[iso3]
    source = _source_line(ctx, list(dict.fromkeys(s["indicator"] for s in series)))
    return _line(
        ctx, key, title, f"{name} · {unit}", rows, unit, source, f"Line chart: {title}, {name}"
    )


def bars_chart(
    ctx: Context, key: str, title: str, iso3: str, measure: str, side: str, top: dict
) -> Chart | None:
    rows = top.get(iso3)
    if not rows:
        return None
    rows = [dict(r, partner=ctx.names[r["partner_iso3"]]) for r in rows]
    spec_m = ctx.meta["measures"][measure]
    unit = spec_m["unit"]
    year = max(r["year"] for r in rows)
    name = ctx.names[iso3]
    subtitle = f"{name} · {year} · {unit}"
    spec = charts.chart_spec(
        "bars", f"charts/{key}.json", title, subtitle, f"{title}, {name}, {year}", unit=unit
    )
    source, license_ = _source_line(ctx, [], [spec_m["source"]])
    alt = f"Bar chart: {title}, {name}, {year}: " + ", ".join(
        dict.fromkeys(r["partner"] for r in rows)
    )
    return Chart(
        key,
        "bars",
        title,
        subtitle,
        spec,
        rows,
        [
            ("rank", "Rank"),
            ("partner", "Country or area"),
            ("sex", "Sex"),
            ("value", f"Value ({unit})"),
            ("year", "Year"),
        ],
        source,
        license_,
        str(year),
        alt,
    )


def timeline_chart(ctx: Context, key: str, title: str, iso3: str) -> Chart | None:
    rows = ctx.ratifications.get(iso3)
    if not rows:
        return None
    name = ctx.names[iso3]
    subtitle = f"{name} · year of ratification or accession · status as of May 2022"
    spec = charts.chart_spec("timeline", f"charts/{key}.json", title, subtitle, f"{title}, {name}")
    source, license_ = _source_line(ctx, [], [ctx.meta["instruments"][0]["source"]])
    parties = sum(1 for r in rows if r["status"] == "party")
    icmw = next((r["status"] for r in rows if r["instrument"] == "ICMW"), "no data")
    alt = f"Timeline: {name} is party to {parties} of {len(rows)} core instruments; ICMW: {icmw}"
    return Chart(
        key,
        "timeline",
        title,
        subtitle,
        spec,
        rows,
        [("instrument", "Instrument"), ("title", "Title"), ("status", "Status"), ("year", "Year")],
        source,
        license_,
        "status of May 2022",
        alt,
    )


def peer_chart(
    ctx: Context, key: str, title: str, indicator: str, iso3: str, country: dict
) -> Chart | None:
    since = FIRST_YEAR + 10  # the comparison covers the latest years (page weight)
    mine = _points(ctx, ctx.obs_index, (iso3, indicator, "total"), ctx.names[iso3], since)
    if not mine:
        return None
    groups = [g for g in (_region_group(country), _income_group(country), "WLD") if g]
    rows = list(mine)
    for g in groups:
        for r in _points(ctx, ctx.agg_index, (g, indicator, "total"), ctx.names[g], since):
            r["coverage"] = ctx.coverage.get((g, indicator, r["year"]))
            rows.append(r)
    unit = ctx.indicators[indicator]["unit_en"]
    source, license_ = _source_line(ctx, [indicator])
    subtitle = f"{ctx.names[iso3]} against its region, income group and the world · {unit}"
    alt = f"Line chart: {title}, {ctx.names[iso3]} against " + ", ".join(
        ctx.names[g] for g in groups
    )
    note = "; aggregates computed by the Atlas, with their coverage in the table"
    chart = _line(ctx, key, title, subtitle, rows, unit, (source + note, license_), alt)
    chart.columns.append(("coverage", "Coverage (share of the group's population)"))
    return chart


def _region_group(country: pd.Series) -> str | None:
    return {
        "Africa": "UN-AFR",
        "Americas": "UN-AME",
        "Asia": "UN-ASI",
        "Europe": "UN-EUR",
        "Oceania": "UN-OCE",
    }.get(country["un_region"])


def _income_group(country: pd.Series) -> str | None:
    return f"WB-{country['income_group']}" if country["income_group"] else None


def _source_line(
    ctx: Context, indicators: list[str], source_ids: list[str] | None = None
) -> tuple[str, str]:
    ids = list(source_ids or [])
    for i in indicators:
        ids += ctx.indicators[i]["source_ids"].split()
    ids = [i for i in dict.fromkeys(ids) if i in ctx.sources]
    # publisher and dataset; vintages, checksums and full license texts are on the Sources page
    publishers = list(dict.fromkeys(ctx.sources[i]["publisher"].split(" (")[0] for i in ids))
    titles = list(dict.fromkeys(ctx.sources[i]["title"].split(":")[0] for i in ids))
    licenses = list(
        dict.fromkeys(ctx.sources[i]["license"].split(" (")[0].split(";")[0] for i in ids)
    )
    return "; ".join(publishers) + " — " + "; ".join(titles), "; ".join(licenses)


def map_chart(
    ctx: Context, key: str, ind: dict, year: int, data: list[dict], years: list[int]
) -> Chart:
    unit = ind["unit_en"]
    subtitle = f"{year} · {unit} · grey: no data"
    spec = charts.chart_spec(
        "map",
        f"charts/{key}.json",
        ind["title_en"],
        subtitle,
        f"World map of {ind['title_en']}, {year}",
        unit=unit,
    )
    source, license_ = _source_line(ctx, [ind["id"]])
    alt = f"World map: {ind['title_en']}, {year}, {len(data)} countries with data"
    return Chart(
        key,
        "map",
        ind["title_en"],
        subtitle,
        spec,
        data,
        [
            ("rank", "Rank"),
            ("name", "Country or area"),
            ("value", f"Value ({unit})"),
            ("flag", "Flag"),
        ],
        source,
        license_,
        str(year),
        alt,
        controls={"years": years, "year": year},
    )


def map_rows(ctx: Context, iid: str) -> dict[int, list[dict]]:
    """Per year: one row per country (kind country) with a total value, ranked by value (map
    lookup keys are M49 codes). Built from the series index in one pass."""
    by_year: dict[int, list[dict]] = {}
    for iso3, kind in ctx.kinds.items():
        if kind != "country":
            continue
        for y, v, f in ctx.obs_index.get((iso3, iid, "total"), ()):
            row = {
                "iso3": iso3,
                "name": ctx.names[iso3],
                "id": ctx.m49[iso3],
                "value": v,
                "flag": f,
            }
            by_year.setdefault(y, []).append(row)
    out = {}
    for y, rows in by_year.items():
        rows.sort(key=lambda r: (-r["value"], r["iso3"]))
        out[y] = [{"rank": n, **r} for n, r in enumerate(rows, start=1)]
    return out


# --- writing -----------------------------------------------------------------------------------
def write_chart(out: Path, chart: Chart) -> None:
    dump_json(out / chart.spec_url, chart.spec)
    dump_json(out / chart.data_url, chart.rows)
    fields = list(dict.fromkeys([f for f, _ in chart.columns] + [k for r in chart.rows for k in r]))
    with (out / chart.csv_url).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(chart.rows)


def _svg(args: tuple[str, str]) -> tuple[str, str]:
    import vl_convert as vlc

    key, spec_json = args
    return key, vlc.vegalite_to_svg(json.loads(spec_json), vl_version="6.4")


def render_fallbacks(out: Path, fallbacks: list[Chart], workers: int = 2) -> int:
    """Static SVGs, rendered in parallel and cached by a hash of spec and data."""
    SVG_CACHE.mkdir(parents=True, exist_ok=True)
    topo = json.loads((out / "assets" / "vendor" / "countries-110m.json").read_text())
    todo, rendered = [], 0
    for chart in fallbacks:
        spec = charts.with_values(chart.spec, chart.rows)
        if chart.kind == "map":
            spec["data"] = {"values": topo, "format": {"type": "topojson", "feature": "countries"}}
        text = json.dumps(spec, sort_keys=True)
        digest = hashlib.sha256(text.encode()).hexdigest()
        cached = SVG_CACHE / f"{digest}.svg"
        if cached.exists():
            shutil.copyfile(cached, out / chart.svg_url)
        else:
            todo.append((chart, digest, text))
    if todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = dict(pool.map(_svg, [(c.key, t) for c, _, t in todo], chunksize=8))
        for chart, digest, _ in todo:
            (SVG_CACHE / f"{digest}.svg").write_text(results[chart.key], encoding="utf-8")
            shutil.copyfile(SVG_CACHE / f"{digest}.svg", out / chart.svg_url)
            rendered += 1
    return rendered


def write_page(ctx: Context, path: str, template: str, **values) -> None:
    depth = path.count("/") + (0 if path.endswith("index.md") else 1)
    root = "../" * depth
    text = ctx.env.get_template(template).render(
        root=root, meta=ctx.meta, names=ctx.names, **values
    )
    target = ctx.out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


# --- pages -------------------------------------------------------------------------------------
def country_pages(ctx: Context) -> list[Chart]:
    countries = ctx.tables["countries"]
    bil = ctx.tables["bilateral"]
    tops = {}
    for fam in ctx.pages["country_charts"]:
        for c in fam["charts"]:
            if c["kind"] == "bars":
                side = "to_iso3" if c["side"] == "origins" else "from_iso3"
                top = analyse.top_partners(bil, c["measure"], side)
                grouped: dict[str, list[dict]] = {}
                for r in records(top.sort_values(["iso3", "rank", "sex"])):
                    grouped.setdefault(r["iso3"], []).append(r)
                tops[c["id"]] = grouped
    latest = {
        (r["indicator_id"], r["iso3"], r["sex"]): r
        for r in records(ctx.latest)
        if r["sex"] == "total"
    }
    icmw_all = {
        r["iso3"]: r for r in records(ctx.tables["ratifications"]) if r["instrument"] == "icmw"
    }
    firsts = []
    for row in records(countries[countries["kind"] == "country"]):
        iso3 = row["iso3"]
        families = []
        n = 0
        for fam in ctx.pages["country_charts"]:
            made = []
            for c in fam["charts"]:
                key = f"countries/{iso3}/{c['id']}"
                if c["kind"] == "lines":
                    chart = line_chart(ctx, key, c["title"], c["series"], iso3)
                elif c["kind"] == "bars":
                    chart = bars_chart(
                        ctx, key, c["title"], iso3, c["measure"], c["side"], tops[c["id"]]
                    )
                else:
                    chart = timeline_chart(ctx, key, c["title"], iso3)
                if chart is not None:
                    chart.fallback = n == 0
                    n += 1
                    made.append(chart)
            families.append((fam["family"], made))
        peers = [
            peer_chart(
                ctx,
                f"countries/{iso3}/peer-{p['indicator']}",
                p["title"],
                p["indicator"],
                iso3,
                row,
            )
            for p in ctx.pages["peer_charts"]
        ]
        peers = [p for p in peers if p is not None]
        cards = []
        for k in ctx.pages["key_figures"]:
            ind = ctx.indicators[k["indicator"]]
            hit = latest.get((k["indicator"], iso3, "total"))
            cards.append(
                {
                    "label": k["label"],
                    "indicator": ind,
                    "hit": hit,
                    "source": ctx.sources[ind["source_id"]],
                }
            )
        index_chart = index_scores_chart(ctx, iso3)
        all_charts = [c for _, made in families for c in made] + peers
        all_charts += [index_chart] if index_chart else []
        ctx.charts += all_charts
        firsts += [c for c in all_charts if c.fallback]
        write_page(
            ctx,
            f"countries/{iso3}.md",
            "country.md.j2",
            country=row,
            families=families,
            peers=peers,
            cards=cards,
            icmw=icmw_all.get(iso3),
            gindex=ctx.gindex["countries"].get(iso3),
            gview=ctx.gindex,
            index_chart=index_chart,
            income_names=ctx.meta["vocabularies"]["income_groups"],
            cite=page_cite(
                ctx,
                f"countries/{iso3}",
                f"{row['name_en']}: country profile",
                [],
                [p for c in all_charts for p in chart_publishers(c)],
            ),
        )
    return firsts


def indicator_pages(ctx: Context) -> list[Chart]:
    firsts = []
    focus = ctx.pages["focus_countries"]
    coverage = analyse.indicator_coverage(ctx.tables["observations"], ctx.tables["countries"])
    spans = indicator_years(ctx)
    for iid, ind in ctx.indicators.items():
        per_year = map_rows(ctx, iid)
        years = sorted(per_year)
        charts_here = []
        if years:
            latest_year = years[-1]
            chart = map_chart(
                ctx, f"indicators/{iid}/map", ind, latest_year, per_year[latest_year], years
            )
            chart.fallback = True
            charts_here.append(chart)
            for y in years:  # one data file per year for the year picker
                dump_json(ctx.out / f"charts/indicators/{iid}/map-{y}.json", per_year[y])
            ts = focus_series_chart(ctx, f"indicators/{iid}/series", ind, focus)
            if ts is not None:
                charts_here.append(ts)
        ctx.charts += charts_here
        firsts += charts_here[:1]
        cov = coverage.get(iid, {"countries": 0, "values": 0, "places": []})
        stats = {
            "countries": cov["countries"],
            "years": f"{min(years)}–{max(years)}" if years else "no data",
            "observations": cov["values"],
        }
        agg = ctx.tables["aggregates"]
        method = agg.loc[agg["indicator_id"] == iid, "method"]
        dataset = indicator_dataset(ctx, ind, spans.get(iid))
        ctx.datasets.append(dataset)
        write_page(
            ctx,
            f"indicators/{iid}.md",
            "indicator.md.j2",
            ind=ind,
            charts=charts_here,
            stats=stats,
            source=ctx.sources[ind["source_id"]],
            all_sources=[ctx.sources[s] for s in ind["source_ids"].split() if s in ctx.sources],
            theme=ctx.meta["themes"][ind["theme"]]["en"],
            method=method.iloc[0] if len(method) else "",
            country_options=sorted((ctx.names[c], c) for c in cov["places"]),
            focus=focus,
            jsonld=ctx.env.globals["jsonld"](f"jsonld/indicators/{iid}", dataset),
            cite=page_cite(ctx, f"indicators/{iid}", ind["title_en"], ind["source_ids"].split()),
        )
    return firsts


def focus_series_chart(ctx: Context, key: str, ind: dict, focus: list[str]) -> Chart | None:
    points = []
    for iso3 in focus:
        for r in _points(
            ctx, ctx.obs_index, (iso3, ind["id"], "total"), ctx.names[iso3], first_year=0
        ):
            points.append(dict(r, iso3=iso3))
    if not points:
        return None
    unit = ind["unit_en"]
    title = f"{ind['title_en']}: selected countries"
    chart = _line(
        ctx,
        key,
        title,
        unit,
        points,
        unit,
        _source_line(ctx, [ind["id"]]),
        f"Line chart: {title}",
        controls={"countries": True, "indicator": ind["id"]},
    )
    return chart


def downloads(ctx: Context, package_root: Path) -> dict:
    """The package as files, and stable per-indicator and per-country CSV/JSON files."""
    out = ctx.out / "data"
    (out / "package" / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(package_root / "datapackage.json", out / "package" / "datapackage.json")
    sizes = package_sizes(package_root)
    for name in sizes:
        shutil.copyfile(
            package_root / "data" / f"{name}.csv", out / "package" / "data" / f"{name}.csv"
        )
    obs = ctx.tables["observations"]
    cols = ["indicator_id", "iso3", "year", "sex", "value", "flag"]
    for iid, rows in obs.groupby("indicator_id", sort=True):
        rows = rows[cols].assign(name=rows["iso3"].map(ctx.names))
        _write_both(out / "indicators" / iid, rows)
    for iso3, rows in obs.groupby("iso3", sort=True):
        _write_both(out / "countries" / iso3, rows[cols])
    return sizes


def package_sizes(package_root: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_size for p in sorted((package_root / "data").glob("*.csv"))}


def downloads_in_background(ctx: Context, package_root: Path):
    """Write the downloads in a forked process while the pages render (two cores, two jobs)."""
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: write them now
        downloads(ctx, package_root)
        return None
    proc = context.Process(target=downloads, args=(ctx, package_root), name="atlas-downloads")
    proc.start()
    return proc


def _write_both(stem: Path, frame: pd.DataFrame) -> None:
    stem.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(stem.with_suffix(".csv"), index=False, lineterminator="\n")
    dump_json(stem.with_suffix(".json"), records(frame))


def _npm_file(src: str) -> Path:
    path = ROOT / src
    if not path.exists():
        raise FileNotFoundError(f"{src} missing: run `npm ci` (the Makefile does)")
    return path


def classic_script(module: str, imports_from: str, source_global: str, export_global: str) -> str:
    """An ES module build (vega-interpreter ships no other) as a classic script: its one import
    is taken from the global that the already loaded vega bundle defines, and its exports
    become a global, so pages load it like the other vendor files (no inline import map,
    which the Content-Security-Policy would have to allow)."""
    imp = re.compile(r"^import \{([^}]*)\} from '" + re.escape(imports_from) + r"';$", re.M)
    exp = re.compile(r"^export \{([^}]*)\};$", re.M)
    if len(imp.findall(module)) != 1 or len(exp.findall(module)) != 1:
        raise ValueError(f"unexpected module shape: one import from {imports_from} and one export")
    if re.search(r"^(import|export) ", imp.sub("", exp.sub("", module)), re.M):
        raise ValueError("unexpected module shape: more imports or exports")
    pairs = [part.strip().partition(" as ") for part in exp.search(module).group(1).split(",")]
    exports = ", ".join(f"{alias or local}: {local}" for local, _, alias in pairs)
    body = imp.sub(lambda m: f"const {{{m.group(1)}}} = {source_global};", module)
    body = exp.sub(lambda m: f"window.{export_global} = {{ {exports} }};", body)
    body = re.sub(r"^//# sourceMappingURL=.*\n?", "", body, flags=re.M)  # the map is not shipped
    return f"(function () {{\n{body}}})();\n"


def template_literal(js: str, name: str) -> str:
    """The text of `var <name> = `...`;` in a bundle (vega-embed's and vega-tooltip's CSS)."""
    m = re.search(r"\bvar " + re.escape(name) + r" = `([^`]*)`;", js)
    if m is None:
        raise ValueError(f"no template literal {name} in the bundle")
    return m.group(1)


def vendor_css() -> str:
    """vega-embed's and vega-tooltip's stylesheets as a file: pages pass `defaultStyle: false`
    and `disableDefaultStyle`, since the <style> elements they would inject are inline styles
    the Content-Security-Policy blocks."""
    embed = _npm_file("node_modules/vega-embed/build/embed.js").read_text(encoding="utf-8")
    tooltip = _npm_file("node_modules/vega-tooltip/build/index.js").read_text(encoding="utf-8")
    return (
        "/* vega-embed (BSD-3-Clause) */\n"
        + template_literal(embed, "embedStyle")
        + "\n/* vega-tooltip (BSD-3-Clause) */\n"
        + template_literal(tooltip, "defaultStyle")
    )


def copy_static(out: Path) -> None:
    shutil.copytree(DOCS, out, dirs_exist_ok=True)
    vendor = out / "assets" / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    for name, src in VENDOR.items():
        shutil.copyfile(_npm_file(src), vendor / name)
    module = _npm_file("node_modules/vega-interpreter/build/vega-interpreter.js")
    (vendor / "vega-interpreter.js").write_text(
        classic_script(module.read_text(encoding="utf-8"), "vega-util", "vega", "vegaInterpreter"),
        encoding="utf-8",
    )
    (vendor / "vega-embed.css").write_text(vendor_css(), encoding="utf-8")


def render_site(package_root: Path = ROOT, out: Path = OUT, workers: int = 2) -> dict:
    """Write the whole docs tree into a staging folder, then swap it in."""
    sources = load_sources()
    meta = load_metadata(sources=sources)
    tables = load_package(package_root)
    names = dict(zip(tables["countries"]["iso3"], tables["countries"]["name_en"], strict=True))
    indicators = {r["id"]: r for r in tables["indicators"].to_dict(orient="records")}
    # the MkDocs hook reads the fragments beside the docs folder (build/fragments by default)
    fragments_root = out.parent / "fragments"
    staging, fragments = staging_dir(out), staging_dir(fragments_root)
    ctx = Context(
        tables,
        meta,
        load_yaml(ROOT / "metadata" / "pages.yaml"),
        {s["id"]: s for s in sources},
        names,
        indicators,
        analyse.latest_with_change(tables["observations"]),
        _env(),
        staging,
    )
    install_citation(ctx, fragments)  # before the macros load: they cite with its globals
    figure = ctx.env.get_template("_macros.j2").module.figure

    def fragment(chart: Chart, root: str) -> Markup:
        path = fragments / f"{chart.key}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(figure(chart, root, site_url())), encoding="utf-8")
        return Markup(MARKER.format(chart.key))

    ctx.env.globals["fragment"] = fragment
    copy_static(staging)
    dump_json(staging / "assets" / "atlas-theme.json", charts.theme_config())
    sizes = package_sizes(package_root)
    writer = downloads_in_background(ctx, package_root)
    firsts = country_pages(ctx) + indicator_pages(ctx)
    firsts += list_pages(ctx, sizes)
    firsts += index_pages(ctx)

    release_pages(ctx)
    dump_json(staging / "catalog.jsonld", catalog(ctx))
    # one spec per chart kind, shared (and cached) by every page; each chart's own complete spec
    # (title, labels, data URL) is its "Vega-Lite spec" download
    for kind in ("lines", "bars", "timeline", "map", "scatter", "intervals", "scores"):
        dump_json(staging / f"charts/kinds/{kind}.vl.json", charts.chart_spec(kind, "", "", "", ""))
    dump_json(
        staging / "charts/compare/lines.vl.json",
        charts.chart_spec(
            "lines", "charts/compare/lines.json", "Selected countries", "", "Compare: line chart"
        ),
    )
    dump_json(
        staging / "charts/compare/scatter.vl.json",
        charts.chart_spec(
            "scatter", "charts/compare/scatter.json", "Two indicators", "", "Compare: scatter plot"
        ),
    )
    for chart in ctx.charts:
        write_chart(staging, chart)
        write_embed(ctx, chart)
    if writer is not None:
        writer.join()
        if writer.exitcode != 0:
            raise RuntimeError(f"writing the downloads failed (exit code {writer.exitcode})")
    rendered = render_fallbacks(staging, firsts, workers)
    swap_in(staging, out)
    swap_in(fragments, fragments_root)
    return {"charts": len(ctx.charts), "fallbacks": len(firsts), "fallbacks rendered": rendered}


@functools.cache
def site_url() -> str:
    """The published site's address (mkdocs.yml): embed snippets name chart-only pages by it."""
    return load_yaml(ROOT / "mkdocs.yml")["site_url"]


def write_embed(ctx: Context, chart: Chart) -> None:
    text = ctx.env.get_template("embed.html.j2").render(
        chart=chart, root="../", site_url=site_url(), csp=Markup(csp.meta())
    )
    target = ctx.out / chart.embed_url
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def list_pages(ctx: Context, sizes: dict) -> list[Chart]:
    """Home, lists, coverage, compare, downloads and sources; returns charts needing a fallback."""
    t = ctx.tables
    countries = t["countries"][t["countries"]["kind"] == "country"].sort_values("name_en")
    write_page(
        ctx,
        "countries/index.md",
        "countries.md.j2",
        countries=countries.to_dict(orient="records"),
        income_names=ctx.meta["vocabularies"]["income_groups"],
    )
    themes = ctx.meta["themes"]
    write_page(
        ctx,
        "indicators/index.md",
        "indicators.md.j2",
        themes=themes,
        indicators=sorted(
            ctx.indicators.values(), key=lambda i: (list(themes).index(i["theme"]), i["title_en"])
        ),
    )
    heads = []
    agg = t["aggregates"]
    for h in ctx.pages["headline_figures"]:
        rows = agg[
            (agg["indicator_id"] == h["indicator"])
            & (agg["group"] == h["group"])
            & (agg["sex"] == "total")
        ]
        if h.get("latest_year_partial"):  # show the latest complete year (metadata says why)
            rows = rows[rows["year"] < rows["year"].max()]
        row = rows.sort_values("year").iloc[-1]
        ind = ctx.indicators[h["indicator"]]
        heads.append(
            {"label": h["label"], "row": row, "ind": ind, "source": ctx.sources[ind["source_id"]]}
        )
    focus = [(c, ctx.names[c]) for c in ctx.pages["focus_countries"]]
    write_page(
        ctx,
        "index.md",
        "home.md.j2",
        heads=heads,
        focus=focus,
        n_countries=len(countries),
        n_indicators=len(ctx.indicators),
    )
    themes_of = {i: ind["theme"] for i, ind in ctx.indicators.items()}
    cov = analyse.coverage_matrix(t["observations"], t["ratifications"], themes_of)
    cov = cov[cov["iso3"].isin(set(countries["iso3"]))]
    families = ctx.pages["coverage_families"]
    matrix = []
    for c in countries.itertuples():
        mine = cov[cov["iso3"] == c.iso3].set_index("family")
        cells = [(f, mine.loc[f] if f in mine.index else None) for f in families]
        matrix.append(
            {
                "iso3": c.iso3,
                "name": c.name_en,
                "cells": cells,
                "count": sum(1 for _, v in cells if v is not None),
            }
        )
    cov_map = [
        {
            "rank": 0,
            "iso3": m["iso3"],
            "name": m["name"],
            "id": ctx.m49[m["iso3"]],
            "value": m["count"],
            "flag": "",
        }
        for m in matrix
    ]
    cov_map.sort(key=lambda r: (-r["value"], r["name"]))
    for n, r in enumerate(cov_map, start=1):
        r["rank"] = n
    spec = charts.chart_spec(
        "map",
        "charts/coverage/map.json",
        "Indicator families with data",
        "number of the six families with at least one value",
        "Coverage map",
        unit="families",
    )
    cov_chart = Chart(
        "coverage/map",
        "map",
        "Indicator families with data",
        f"number of the {len(families)} families with at least one value · grey: none",
        spec,
        cov_map,
        [("rank", "Rank"), ("name", "Country or area"), ("value", "Families with data")],
        "All sources of the Atlas (see About / Sources)",
        "see each source",
        "all years",
        "World map of the number of indicator families with data per country",
        fallback=True,
    )
    ctx.charts.append(cov_chart)
    write_page(
        ctx,
        "coverage.md",
        "coverage.md.j2",
        matrix=matrix,
        families=[(f, themes[f]["en"]) for f in families],
        chart=cov_chart,
    )
    write_page(
        ctx,
        "compare.md",
        "compare.md.j2",
        indicators=sorted(ctx.indicators.values(), key=lambda i: i["title_en"]),
        countries=countries.to_dict(orient="records"),
        focus=ctx.pages["focus_countries"],
    )
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    write_page(
        ctx,
        "data/index.md",
        "data.md.j2",
        resources=descriptor["resources"],
        sizes=sizes,
        version=descriptor["version"],
        indicators=sorted(ctx.indicators.values(), key=lambda i: i["id"]),
        countries=countries.to_dict(orient="records"),
        methods=ctx.meta["aggregation"]["methods"],
        min_coverage=ctx.meta["aggregation"]["min_coverage"],
        jsonld=ctx.env.globals["jsonld"]("jsonld/data", package_dataset(ctx, descriptor)),
    )
    write_page(
        ctx,
        "about/sources.md",
        "sources.md.j2",
        sources=sorted(ctx.sources.values(), key=lambda s: (s["role"], s["id"])),
        used_by={
            s: [i for i in ctx.indicators.values() if s in i["source_ids"].split()]
            for s in ctx.sources
        },
    )
    return [cov_chart]


# --- the Global Index --------------------------------------------------------------------------
def index_view(tables: dict[str, pd.DataFrame], meta: dict, names: dict[str, str]) -> dict:
    """The index resources arranged for pages (lookups only: every figure is in the package)."""
    config = meta["index"]
    titles = {d["id"]: d["title"] for d in config["dimensions"]}
    titles["index"] = config["short_title"]
    ind_titles = {
        i["id"]: i.get("title") or meta_title(meta, i["from"])
        for d in config["dimensions"]
        for i in d["indicators"]
    }
    ind_units = {
        i["id"]: i.get("unit") or meta_unit(meta, i["from"])
        for d in config["dimensions"]
        for i in d["indicators"]
    }
    idx = tables["index"]
    edition = int(idx["edition"].max())
    idx = idx[idx["edition"] == edition]
    scored_of = idx[idx["status"] == "scored"].groupby("dimension").size().to_dict()
    inputs = tables["index_inputs"]
    inputs = inputs[inputs["edition"] == edition]
    by_country: dict[str, dict] = {}
    for r in records(idx):
        entry = by_country.setdefault(r["iso3"], {"dims": {}, "inputs": {}})
        if r["dimension"] == "index":
            entry["index"] = r
        else:
            entry["dims"][r["dimension"]] = r
    for r in records(inputs):
        by_country[r["iso3"]]["inputs"][r["indicator"]] = r
    overall = idx[idx["dimension"] == "index"]
    scored = overall[overall["status"] == "scored"].sort_values(["rank", "iso3"])
    wide = idx.pivot(index="iso3", columns="dimension", values="score")
    order = [d["id"] for d in config["dimensions"]]
    ranking = [
        dict(r, name=names[r["iso3"]], dims=[_jsonable(wide.at[r["iso3"], d]) for d in order])
        for r in records(scored)
    ]
    unscored = [
        {
            "iso3": r["iso3"],
            "name": names[r["iso3"]],
            "coverage": r["coverage"],
            "dims": [by_country[r["iso3"]]["dims"][d] for d in order],
        }
        for r in records(overall[overall["status"] == "not_scored"])
    ]
    unscored.sort(key=lambda r: r["name"])
    return {
        "config": config,
        "edition": edition,
        "first_year": edition - int(config["window_years"]) + 1,
        "titles": titles,
        "indicator_titles": ind_titles,
        "indicator_units": ind_units,
        "countries": by_country,
        "ranking": ranking,
        "unscored": unscored,
        "n_scored": len(ranking),
        "scored_of": scored_of,
    }


def meta_title(meta: dict, iid: str) -> str:
    return next(i["title"]["en"] for i in meta["indicators"] if i["id"] == iid)


def meta_unit(meta: dict, iid: str) -> str:
    return next(i["unit"] for i in meta["indicators"] if i["id"] == iid)


def index_sources(ctx: Context) -> tuple[str, str]:
    """Publishers and licenses of every series the index uses."""
    used = []
    for d in ctx.meta["index"]["dimensions"]:
        for i in d["indicators"]:
            used += [i[k] for k in ("from", "numerator", "denominator") if k in i]
    extra = [ctx.meta["instruments"][0]["source"]]
    source, license_ = _source_line(ctx, list(dict.fromkeys(used)), extra)
    return "Atlas Global Index computed from " + source, license_


def index_scores_chart(ctx: Context, iso3: str) -> Chart | None:
    """A country's index and dimension scores (bars), where any is scored."""
    view = ctx.gindex
    entry = view["countries"].get(iso3)
    if entry is None:
        return None
    rows = []
    for n, key in enumerate(["index", *[d["id"] for d in view["config"]["dimensions"]]]):
        r = entry["index"] if key == "index" else entry["dims"][key]
        if r["status"] != "scored":
            continue
        rows.append(
            {
                "order": n,
                "label": view["titles"][key],
                "score": r["score"],
                "rank": r["rank"],
                "of": view["scored_of"][key],
                "coverage": r["coverage"],
            }
        )
    if not rows:
        return None
    name = ctx.names[iso3]
    title = f"{view['config']['short_title']}: scores by dimension"
    subtitle = f"{name} · edition {view['edition']} · 0–100, 100 best"
    key = f"countries/{iso3}/global-index"
    spec = charts.chart_spec("scores", f"charts/{key}.json", title, subtitle, f"{title}, {name}")
    source, license_ = index_sources(ctx)
    alt = f"Bar chart: {title}, {name}: " + ", ".join(
        f"{r['label']} {r['score']:.1f}" for r in rows
    )
    return Chart(
        key,
        "scores",
        title,
        subtitle,
        spec,
        rows,
        [
            ("label", "Dimension"),
            ("score", "Score (0–100)"),
            ("rank", "Rank"),
            ("coverage", "Coverage"),
        ],
        source,
        license_,
        f"{view['first_year']}–{view['edition']}",
        alt,
    )


def index_pages(ctx: Context) -> list[Chart]:
    """The ranking page (with the reader's weights), the methodology page and the small JSON the
    browser recomputes scores from."""
    view = ctx.gindex
    config = view["config"]
    dims = config["dimensions"]
    dump_json(
        ctx.out / "index" / "scores.json",
        {
            "edition": view["edition"],
            "dimensions": [
                {"id": d["id"], "title": d["title"], "weight": d["weight"]} for d in dims
            ],
            "countries": [
                {"iso3": r["iso3"], "name": r["name"], "scores": r["dims"]} for r in view["ranking"]
            ],
        },
    )
    rows = [
        {
            "rank": r["rank"],
            "name": r["name"],
            "score": r["score"],
            "rank_median": r["rank_median"],
            "rank_low": r["rank_low"],
            "rank_high": r["rank_high"],
            "iso3": r["iso3"],
        }
        for r in view["ranking"]
    ]
    title = f"{config['short_title']} {view['edition']}: ranks with their 90 % intervals"
    subtitle = (
        f"{view['n_scored']} countries · dot: rank · tick: median rank · bar: 90 % interval over "
        f"{config['uncertainty']['draws']:,} Monte-Carlo draws"
    )
    spec = charts.chart_spec(
        "intervals", "charts/index/ranks.json", title, subtitle, "Global Index ranks and intervals"
    )
    source, license_ = index_sources(ctx)
    chart = Chart(
        "index/ranks",
        "intervals",
        title,
        subtitle,
        spec,
        rows,
        [
            ("rank", "Rank"),
            ("name", "Country or area"),
            ("score", "Score (0–100)"),
            ("rank_median", "Median rank"),
            ("rank_low", "90 % interval from"),
            ("rank_high", "to"),
        ],
        source,
        license_,
        f"{view['first_year']}–{view['edition']}",
        f"Dot plot of the {view['n_scored']} ranked countries with their rank intervals; the "
        "table below lists every rank and interval",
    )
    map_rows = [
        {
            "rank": r["rank"],
            "iso3": r["iso3"],
            "name": r["name"],
            "id": ctx.m49[r["iso3"]],
            "value": r["score"],
            "flag": "",
        }
        for r in view["ranking"]
    ]
    map_title = f"{config['short_title']} {view['edition']}: scores"
    map_chart_ = Chart(
        "index/map",
        "map",
        map_title,
        "0–100, 100 best · grey: not scored",
        charts.chart_spec(
            "map", "charts/index/map.json", map_title, "0–100", "Global Index map", unit="score"
        ),
        map_rows,
        [("rank", "Rank"), ("name", "Country or area"), ("value", "Score (0–100)")],
        source,
        license_,
        f"{view['first_year']}–{view['edition']}",
        f"World map of the Global Index scores of {view['n_scored']} countries; the ranking "
        "table lists every score",
    )
    ctx.charts += [chart, map_chart_]
    write_page(
        ctx, "index/index.md", "global_index.md.j2", view=view, chart=chart, map_chart=map_chart_
    )
    t = ctx.tables
    edition = view["edition"]
    bounds = {r["indicator"]: r for r in records(t["index_indicators"]) if r["edition"] == edition}
    sens = [r for r in records(t["index_sensitivity"]) if r["edition"] == edition]
    corr = t["index_correlations"]
    corr = corr[corr["edition"] == edition]
    pearson = {(r["row"], r["column"]): r["pearson"] for r in records(corr)}
    spearman = {(r["row"], r["column"]): (r["spearman"], r["n"]) for r in records(corr)}
    matrix_ids = [i["id"] for d in dims for i in d["indicators"]] + [d["id"] for d in dims]
    write_page(
        ctx,
        "index/methodology.md",
        "index_methodology.md.j2",
        view=view,
        bounds=bounds,
        sensitivity=sens,
        matrix_ids=matrix_ids,
        pearson=pearson,
        spearman=spearman,
        package_titles={i: ctx.indicators[i]["title_en"] for i in ctx.indicators},
    )
    return [chart]


# --- citation, linked data and releases ----------------------------------------------------------
def chart_publishers(chart: Chart) -> list[str]:
    """The original publishers a chart names (its source line reads 'publishers — datasets')."""
    return chart.source.split(" — ")[0].split("; ")


def page_cite(
    ctx: Context, slug: str, title: str, source_ids: list[str], publishers: list[str] = ()
) -> dict:
    """The "Cite" block of a page: the Atlas release and the original publishers of its series."""
    names = citation.publishers_of([s for s in source_ids if s in ctx.sources], ctx.sources)
    names = list(dict.fromkeys([*names, *publishers]))
    return citation.cite(slug, title, names, ctx.release, site_url() + slug + "/", ctx.cite_meta)


def install_citation(ctx: Context, fragments: Path) -> None:
    """Template globals: the release, each chart's "Cite" block, and JSON-LD blocks that the
    MkDocs hook inserts after search indexing (like chart figures), so search never indexes them."""

    def chart_cite(chart: Chart) -> dict:
        return citation.cite(
            chart.key,
            f"{chart.title} ({chart.subtitle})" if chart.subtitle else chart.title,
            chart_publishers(chart),
            ctx.release,
            site_url() + chart.embed_url,
            ctx.cite_meta,
        )

    def jsonld(key: str, doc: dict) -> Markup:
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        path = fragments / f"{key}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<script type="application/ld+json">{text}</script>', encoding="utf-8")
        return Markup(MARKER.format(key))

    ctx.env.globals.update(release=ctx.release, chart_cite=chart_cite, jsonld=jsonld)


def _distributions(ctx: Context, stem: str, label: str) -> list[dict]:
    formats = ctx.cite_meta["formats"]
    return [
        citation.distribution(f"{site_url()}{stem}.{ext}", formats[ext], f"{label}.{ext}")
        for ext in ("csv", "json")
    ]


def indicator_years(ctx: Context) -> dict[str, tuple[int, int]]:
    """First and last year of each indicator's published values (every place and sex)."""
    spans = ctx.tables["observations"].groupby("indicator_id")["year"].agg(["min", "max"])
    return {i: (int(r["min"]), int(r["max"])) for i, r in spans.iterrows()}


def indicator_dataset(ctx: Context, ind: dict, years: tuple[int, int] | None) -> dict:
    """schema.org Dataset of an indicator: its definition, sources, years and downloads."""
    iid = ind["id"]
    return citation.dataset_jsonld(
        name=f"{ind['title_en']} ({ind['unit_en']})",
        description=ind["definition_en"],
        url=f"{site_url()}indicators/{iid}/",
        record=ctx.release,
        cite_meta=ctx.cite_meta,
        sources=[ctx.sources[s] for s in ind["source_ids"].split() if s in ctx.sources],
        years=years,
        places="World: every country and area with data",
        distributions=_distributions(ctx, f"data/indicators/{iid}", iid),
        keywords=[ctx.meta["themes"][ind["theme"]]["en"], *ind["sdg_targets"].split()],
    )


def package_dataset(ctx: Context, descriptor: dict) -> dict:
    """schema.org Dataset of the whole package: the descriptor and one CSV per resource."""
    formats = ctx.cite_meta["formats"]
    years = ctx.tables["observations"]["year"]
    used = {s["id"] for s in descriptor["sources"]}
    return citation.dataset_jsonld(
        name=descriptor["title"],
        description=descriptor["description"],
        url=f"{site_url()}data/",
        record=ctx.release,
        cite_meta=ctx.cite_meta,
        sources=[s for i, s in ctx.sources.items() if i in used],
        years=(int(years.min()), int(years.max())),
        places="World: every country and area",
        distributions=[
            citation.distribution(
                f"{site_url()}data/package/datapackage.json", formats["json"], "datapackage.json"
            )
        ]
        + [
            citation.distribution(
                f"{site_url()}data/package/{r['path']}", formats["csv"], r["path"]
            )
            for r in descriptor["resources"]
        ],
        keywords=list(descriptor["keywords"]),
    )


def country_datasets(ctx: Context) -> list[dict]:
    """schema.org Datasets of the per-country downloads (for the DCAT catalogue)."""
    obs = ctx.tables["observations"]
    spans = obs.groupby("iso3")["year"].agg(["min", "max"])
    used = list(dict.fromkeys(s for i in ctx.indicators.values() for s in i["source_ids"].split()))
    sources = [ctx.sources[s] for s in used if s in ctx.sources]
    return [
        citation.dataset_jsonld(
            name=f"Migration & Development Atlas: {ctx.names[iso3]}",
            description=f"Every series of the Atlas for {ctx.names[iso3]}.",
            url=f"{site_url()}countries/{iso3}/",
            record=ctx.release,
            cite_meta=ctx.cite_meta,
            sources=sources,
            years=(int(row["min"]), int(row["max"])),
            places=ctx.names[iso3],
            distributions=_distributions(ctx, f"data/countries/{iso3}", iso3),
        )
        for iso3, row in spans.iterrows()
        if ctx.kinds.get(iso3) == "country"
    ]


def catalog(ctx: Context) -> dict:
    """DCAT catalogue of every distribution: the package, each indicator, each country."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    datasets = [package_dataset(ctx, descriptor), *ctx.datasets, *country_datasets(ctx)]
    return citation.dcat_catalog(
        "Migration & Development Atlas",
        descriptor["description"],
        site_url(),
        ctx.release,
        datasets,
    )


def release_assets_url(version: str) -> str:
    """Where a release's files are attached (mkdocs.yml `extra.release_assets_url`)."""
    return load_yaml(ROOT / "mkdocs.yml")["extra"]["release_assets_url"].format(version=version)


def release_pages(ctx: Context) -> None:
    """/releases/ and /releases/<version>/ for every committed release record."""
    records = release_records()
    shown = []
    for record in records:
        path = record["folder"] / "changelog.json"
        log = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        version = record["version"]
        assets = release_assets_url(version)
        item = {
            "record": {k: v for k, v in record.items() if k != "folder"},
            "log": log,
            "current": record is records[-1],
            "files": [
                (name, assets + name)
                for name in (f"atlas-{version}.zip", f"atlas-site-{version}.zip", "SHA256SUMS")
            ],
        }
        shown.append(item)
        write_page(ctx, f"releases/{version}/index.md", "release.md.j2", **item)
    write_page(ctx, "releases/index.md", "releases.md.j2", releases=shown[::-1])
