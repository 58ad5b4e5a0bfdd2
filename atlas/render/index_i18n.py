"""The Global Index's two charts in Spanish and French: the kinds' specs in the language
(`local_charts.write_local_specs`) relabel the series and names the data carry; the index's
charts also name each country in `name` (tooltips, the interval chart's rows) and each map
class in `bin` ("under 40"), and the map says "No data" for countries not scored. The data
files stay the English page's (one copy): the English names and class labels are mapped to the
language's in the spec (`atlas_labels`), and index.js redraws with the page's words."""

from __future__ import annotations

import json
from pathlib import Path

from atlas.render.chart import kind_url
from atlas.render.context import Context
from atlas.render.figures import quantile_classes
from atlas.render.formats import dump_json
from atlas.render.i18n import DEFAULT
from atlas.render.index_charts import class_words
from atlas.render.spec_i18n import PARAM, label_map

RELABELLED = ("name", "bin")


def spec_words(t) -> dict[str, str]:
    """The index kinds' words (atlas/render/specs.py `_intervals`, `_map`) in the language:
    written out so that `make messages` extracts them."""
    return {
        "Median rank": t("Median rank"),
        "Rank interval from": t("Rank interval from"),
        "to": t("to"),
        "Rank (weights chosen)": t("Rank (weights chosen)"),
        "Rank (1 = highest score)": t("Rank (1 = highest score)"),
        "No data": t("No data"),
    }


def class_labels(ctx: Context) -> dict[str, str]:
    """The map's class labels, English -> the page's language (same limits, same order)."""
    scores = sorted(r["score"] for r in ctx.gindex["ranking"])
    fmt = ctx.number_format("score")
    lang = ctx.t.lang
    ctx.t.lang = DEFAULT
    english = quantile_classes(scores, fmt, words=class_words(ctx))[1]
    ctx.t.lang = lang
    local = quantile_classes(scores, fmt, words=class_words(ctx))[1]
    return dict(zip(english, local, strict=True))


def _relabel(field: str) -> dict:
    expr = f"isValid({PARAM}[datum.{field}]) ? {PARAM}[datum.{field}] : datum.{field}"
    return {"calculate": expr, "as": field}


def with_index_labels(spec: dict, labels: dict[str, str], no_data: str) -> dict:
    """A kind's spec in the language (`localized_spec`'s) that also relabels `name` and `bin`
    and says "No data" in the language."""
    text = json.dumps(spec, ensure_ascii=False)
    text = text.replace("\"'No data'\"", json.dumps(f"'{no_data}'", ensure_ascii=False))
    text = text.replace('["No data"]', json.dumps([no_data], ensure_ascii=False))
    out = json.loads(text)
    transform = out["transform"]
    done = {t.get("as") for t in transform if "calculate" in t and PARAM in t["calculate"]}
    at = next(n for n, t in enumerate(transform) if "calculate" in t and PARAM in t["calculate"])
    transform[at:at] = [_relabel(f) for f in RELABELLED if f not in done]
    for p in out["params"]:
        if p["name"] == PARAM:
            p["value"] = dict(sorted((p["value"] | labels).items()))
    return out


def localize_index_specs(ctx: Context, out: Path) -> None:
    """Amend the Spanish and French specs of the index's kinds (the interval chart, the map of
    scores) written by `write_local_specs`."""
    for lang in sorted({c.lang for c in ctx.local_charts if c.key.startswith("index/")}):
        ctx.t.lang = lang
        words = spec_words(ctx.t)
        c = ctx.tables["countries"]
        names = label_map(dict(zip(c["iso3"], c["name_en"], strict=True)), ctx.local_names)
        labels = names | class_labels(ctx)
        for chart in ctx.local_charts:
            if chart.lang != lang or not chart.key.startswith("index/"):
                continue
            path = out / kind_url(chart.kind, chart.unit, lang)
            spec = json.loads(path.read_text(encoding="utf-8"))
            spec = with_index_labels(spec, labels, words["No data"])
            dump_json(path, spec)
    ctx.t.lang = DEFAULT
