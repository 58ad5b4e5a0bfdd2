"""The words of the SDG tracker's charts in the page's language (issue 22): the tracker's
metadata with its mirror files laid over it, flags and units as the language writes them, and
the classes of its maps in the language's numbers and words."""

from __future__ import annotations

import functools

from atlas.render.context import Context
from atlas.render.figures import map_classes, quantile_classes
from atlas.render.formats import human_number
from atlas.render.i18n import DEFAULT, overlay, translated_yaml


def sdg_config(ctx: Context) -> dict:
    """metadata/sdg_targets.yaml in the page's language (the words of its mirror files laid
    over it: chart titles, breakdown words, short names, indicator names and notes)."""
    key = ("sdg_targets", ctx.lang)
    if key not in ctx.shared:
        english = ctx.sdg["config"]
        ctx.shared[key] = (
            english
            if ctx.lang == DEFAULT
            else overlay(english, translated_yaml("sdg_targets", ctx.lang))
        )
    return ctx.shared[key]


def flag_word(ctx: Context, flag: str) -> str:
    """A flag's meaning in the page's language (metadata/flags.yaml)."""
    flags = ctx.meta["flags"]
    return flags[flag][ctx.lang] if flag in flags else flag


def shown_unit(ctx: Context, code: str) -> str:
    """An official series' unit as the page's language writes it."""
    meta = {s["code"]: s for s in ctx.meta["sdg_series"]["series"]}
    return meta[code]["unit"][ctx.lang]


def indicator_unit(ctx: Context, iid: str) -> str:
    return ctx.indicators[iid][f"unit_{ctx.lang}"]


def local_classes(ctx: Context, rows: list[dict], fmt: dict) -> list[dict]:
    """`figures.map_classes` with its class words in the page's language ("menos de 4,5 %",
    "9,4 % y más"): the same classes (`bin_order`), the labels written again."""
    out = map_classes(rows, fmt)
    if ctx.lang == DEFAULT:
        return out
    values = sorted(r["value"] for r in rows if r.get("value") is not None)
    say = functools.partial(human_number, fmt=fmt, lang=ctx.lang)
    if len(set(values)) <= 5:
        return [dict(r, bin=say(r["value"])) if "bin" in r else r for r in out]
    cuts, _ = quantile_classes(values, fmt)
    words = [say(c, digits=2) for c in cuts]
    labels = (
        [ctx.t("under {value}").format(value=words[0])]
        + [f"{a} – {b}" for a, b in zip(words, words[1:], strict=False)]
        + [ctx.t("{value} and more").format(value=words[-1])]
        if cuts
        else [f"{say(values[0])} – {say(values[-1])}"]
    )
    return [dict(r, bin=labels[r["bin_order"]]) if "bin" in r else r for r in out]
