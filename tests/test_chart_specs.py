"""Every chart the build writes, checked spec by spec with its data (not a sample): what a reader
would see wrong even though the page builds. Reads generated/docs/charts/ (after `make site`;
ATLAS_DOCS points elsewhere, e.g. at an older build to compare).

- each colour scale's explicit domain covers the values of its field in the data (a "total"
  series under a female/male scale draws nothing);
- no format string or label expression produces SI prefixes ("70G", "800m", "0.2k");
- sparse series are lines: every series with two or more observed years has a segment of two
  points or more (five-yearly UN DESA stocks were loose dots), and a line chart has one legend;
- no chart is emitted for all-missing, all-zero or single-point data;
- maps draw every country shape of the world map (a layer over the whole world, no filter);
- no axis label is cut: every label fits its axis's label limit ("United Kingdom of Great
  Brita…"), long place names taking their short name (metadata/countries.yaml).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

from atlas.base import ROOT, load_yaml
from atlas.render.figures import segmented
from atlas.render.palette import AXIS_NAME

DOCS = Path(os.environ.get("ATLAS_DOCS", ROOT / "generated" / "docs"))
CHARTS = DOCS / "charts"
# each chart's own spec (the site publishes templates of them, filled in the browser)
OWN_SPECS = DOCS.resolve().parent / "fragments" / "chart-specs"
# a d3 format whose type is SI ("s", "~s", ".2s"), written as a spec's format or in an expression
SI_FORMAT = re.compile(r'"format":\s*"[^"]*s"|format\([^()]*,\s*\'[^\']*s\'\)')

pytestmark = pytest.mark.skipif(not CHARTS.is_dir(), reason="needs the rendered docs (`make site`)")


@cache
def chart_files() -> list[tuple[str, dict, list]]:
    """(key, spec, rows) of every chart of every page (the shared kind specs aside)."""
    out = []
    for spec_path in sorted(OWN_SPECS.rglob("*.vl.json")):
        rel = spec_path.relative_to(OWN_SPECS).as_posix()
        data_path = CHARTS / rel.replace(".vl.json", ".json")
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        rows = json.loads(data_path.read_text(encoding="utf-8"))
        out.append((rel.removesuffix(".vl.json"), spec, rows))
    return out


def encodings(spec: dict):
    if "encoding" in spec:
        yield spec["encoding"]
    for layer in spec.get("layer", []):
        yield from encodings(layer)


def kind_of(spec: dict) -> str:
    marks = {
        (layer.get("mark") or {}).get("type")
        if isinstance(layer.get("mark"), dict)
        else layer.get("mark")
        for layer in [spec, *spec.get("layer", [])]
    }
    if "geoshape" in marks:
        return "map"
    if "line" in marks:
        return "lines"
    axis_fields = {"partner", "place"}  # place: the short name where the full one is too long
    if "bar" in marks and any(e.get("y", {}).get("field") in axis_fields for e in encodings(spec)):
        return "bars"
    return "other"


def test_the_build_wrote_charts():
    kinds = [kind_of(s) for _, s, _ in chart_files()]
    assert kinds.count("lines") > 1000 and kinds.count("bars") > 300 and kinds.count("map") > 30


def test_colour_domains_cover_the_data():
    bad = []
    for key, spec, rows in chart_files():
        for enc in encodings(spec):
            colour = enc.get("color") or {}
            domain = (colour.get("scale") or {}).get("domain")
            field = colour.get("field")
            if not domain or not field or not rows or field not in rows[0]:
                continue
            outside = {r.get(field) for r in rows} - set(domain)
            if outside:
                bad.append(f"{key}: {field} {sorted(map(str, outside))} not in {domain}")
    assert not bad, f"{len(bad)} charts draw values outside their colour domain:\n" + "\n".join(
        bad[:20]
    )


def test_no_si_prefix_formats():
    bad = [key for key, spec, _ in chart_files() if SI_FORMAT.search(json.dumps(spec))]
    kinds = sorted(CHARTS.glob("kinds/**/*.vl.json"))
    bad += [p.name for p in kinds if SI_FORMAT.search(p.read_text(encoding="utf-8"))]
    assert not bad, f"{len(bad)} specs format numbers with SI prefixes: {bad[:20]}"


def test_sparse_series_are_drawn_as_lines():
    dots = []
    for key, spec, rows in chart_files():
        if kind_of(spec) != "lines":
            continue
        segments: dict[str, dict[str, int]] = {}
        # a partial year stands alone by design (a hollow point, never joined)
        for r in segmented([r for r in rows if r.get("flag") != "partial_year"]):
            segments.setdefault(r["series"], {}).setdefault(r["segment"], 0)
            segments[r["series"]][r["segment"]] += 1
        for series, sizes in segments.items():
            if sum(sizes.values()) >= 2 and max(sizes.values()) < 2:
                dots.append(f"{key}: {series}")
    assert not dots, f"{len(dots)} series with 2+ years are loose dots:\n" + "\n".join(dots[:20])


def hollow_without_rim(spec: dict) -> bool:
    """A layer that fills some points white (hollow: flagged values) with no stroke to draw
    their rim: on a white page those points are not drawn at all."""
    for layer in [spec, *spec.get("layer", [])]:
        mark = layer.get("mark")
        fill = (layer.get("encoding") or {}).get("fill") or {}
        white = (fill.get("condition") or {}).get("value") == "white"
        if white and isinstance(mark, dict) and mark.get("type") == "point":
            stroke = (layer.get("encoding") or {}).get("stroke") or mark.get("stroke")
            if not stroke or not mark.get("strokeWidth", 1):
                return True
    return False


def test_hollow_points_have_a_rim():
    """ "Hollow points: flagged values" says the footer: every spec the site draws (each
    chart's own, and the kind specs in every language) strokes the points it fills white."""
    bad = [key for key, spec, _ in chart_files() if hollow_without_rim(spec)]
    kinds = sorted(CHARTS.glob("kinds/**/*.vl.json"))
    bad += [
        p.relative_to(CHARTS).as_posix()
        for p in kinds
        if hollow_without_rim(json.loads(p.read_text(encoding="utf-8")))
    ]
    assert not bad, f"{len(bad)} specs draw hollow points without a rim: {bad[:20]}"


def test_a_line_chart_has_one_legend():
    two = []
    for key, spec, _ in chart_files():
        if kind_of(spec) != "lines":
            continue
        legends = [
            ch
            for enc in encodings(spec)
            for ch, e in enc.items()
            if ch in ("color", "fill", "stroke", "shape")
            and isinstance(e, dict)
            and e.get("field")
            and e.get("legend", {}) is not None
        ]
        # the line and point layers share one colour legend; any other channel adds a second
        if {ch for ch in legends} - {"color"}:
            two.append(key)
    assert not two, f"{len(two)} line charts show two legends: {two[:10]}"


def test_no_chart_of_missing_zero_or_single_points():
    empty = []
    for key, spec, rows in chart_files():
        if kind_of(spec) not in ("lines", "bars", "map"):
            continue
        values = [r.get("value") for r in rows if r.get("value") is not None]
        if not values or all(v == 0 for v in values):
            empty.append(f"{key}: {len(values)} values, all zero or none")
        elif kind_of(spec) == "lines" and len(values) < 2:
            empty.append(f"{key}: a single point")
    assert not empty, f"{len(empty)} empty charts emitted:\n" + "\n".join(empty[:20])


def test_maps_draw_every_country_shape():
    bad = []
    for key, spec, _ in chart_files():
        if kind_of(spec) != "map":
            continue
        world = "countries-110m" in json.dumps(spec.get("data", {}))
        # a layer with no filter of its own and no quantitative colour (Vega-Lite drops the
        # shapes whose quantitative value is missing) draws the whole world
        whole = any(
            not any("filter" in t for t in layer.get("transform", []))
            and '"quantitative"' not in json.dumps(layer.get("encoding", {}).get("color") or {})
            for layer in spec.get("layer", [spec])
        )
        if not (world and whole):
            bad.append(key)
    assert not bad, f"{len(bad)} maps drop the shapes without data: {bad[:10]}"


# Vega cuts an axis label longer than its labelLimit (180 px unless the spec says): at the
# theme's 11 px, about 7 px per character at most
PX_PER_CHAR = 7
DEFAULT_LABEL_LIMIT = 180


def calculated(spec: dict) -> dict[str, str]:
    out = {}
    for part in [spec, *spec.get("layer", [])]:
        for t in part.get("transform", []):
            if "calculate" in t:
                out[t["as"]] = t["calculate"]
    return out


# an axis that names a place by its short name where it has one (palette.AXIS_NAME and kin)
SHORT_OR = re.compile(r"datum\.short \? datum\.short : datum\.(\w+)")
assert SHORT_OR.fullmatch(AXIS_NAME)


def axis_labels(spec: dict, rows: list[dict]):
    """(field, label) of every label of a nominal x or y axis that can cut its labels."""
    calc = calculated(spec)
    for enc in encodings(spec):
        for channel in ("x", "y"):
            e = enc.get(channel) or {}
            axis = e.get("axis", {})
            if e.get("type") != "nominal" or axis is None or "field" not in e:
                continue
            limit = axis.get("labelLimit", DEFAULT_LABEL_LIMIT)
            if limit == 0 or axis.get("labelExpr", "").startswith("split("):
                continue  # never cut, or broken into lines
            field = e["field"]
            full = field
            if field in calc:  # the only calculated axis field: a place's short name, or its name
                named = SHORT_OR.fullmatch(calc[field])
                assert named, (field, calc[field])
                full = named.group(1)
            for r in rows:
                label = r.get("short") or r.get(full) if field in calc else r.get(field)
                yield limit, str(label)


def test_no_axis_label_is_cut():
    bad = {}
    for key, spec, rows in chart_files():
        cut = {lab for limit, lab in axis_labels(spec, rows) if len(lab) * PX_PER_CHAR > limit}
        if cut:
            bad[key] = sorted(cut)[:3]
    assert not bad, f"{len(bad)} charts cut axis labels, e.g. {sorted(bad.items())[:5]}"


def test_long_place_names_have_a_short_chart_name():
    countries = load_yaml(ROOT / "metadata" / "countries.yaml")
    limit = countries["chart_name_limit"]
    assert limit * PX_PER_CHAR <= DEFAULT_LABEL_LIMIT
    assert all(len(s) <= limit for s in countries["short_names"].values())
    names = {}
    for _, _, rows in chart_files():
        for r in rows:
            if "partner" in r and "short" not in r:
                names[r["partner"]] = r.get("partner_iso3") or r.get("iso3")
    long = {n: c for n, c in names.items() if len(n) > limit}
    assert not long, f"long names on chart axes without a short one: {long}"
