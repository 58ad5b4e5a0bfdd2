"""A chart kind's shared spec in another language: the same marks and the same data file as
the English pages' (one copy of the data), with the text of the spec in the language: tooltip
titles, the number words of the axis labels ("mil millones"; separators come from Vega's format
locale, assets/locale/<lang>.json), and the English names the data carry (series labels, country
and area names, flags, sexes) relabelled through a label map the spec carries (`atlas_labels`),
so the data are never copied per language.
"""

from __future__ import annotations

import copy
import json
import re

from atlas.render.formats import WORDS, number_words
from atlas.render.i18n import i18n_config

# fields of chart rows whose values are English words a reader sees (legends, axes, tooltips)
LABELLED = ("series", "partner", "short", "flag_note", "label", "category", "instrument", "name",
            "group", "target_label", "bin")  # fmt: skip
NO_DATA = "No data"  # a map's grey countries (specs._map: a literal of the spec, not of the data)
PARAM = "atlas_labels"
PLACES = "atlas_places"  # a map's shapes: M49 code -> the place's name in the language
LAST_LABEL_ALIGN = "datum.index === 1 ? 'right' : 'center'"
# the room a bar's label needs (palette.fitted_label_room: pixels a character): the number
# words of Spanish and French have wider letters than the English ones ("milliards", "mil
# millones" against "billion"), so a character counts a fifth more
ROOM_PER_CHARACTER = re.compile(r"(length\(datum\.label\) \* )([0-9.]+)")
WIDER = 1.2
# totalbars (kinds.py) end the scale at twice the longest bar: on a phone the other half is
# narrower than "US$ 6,42 milliards"; the language's spec leaves at least 110 px
FIXED_ROOM = "datum.longest * 2"
# (at most 3×: where long names leave the plot under 110 px, width / (width - 110) grew without
# bound and drew the bars as slivers against an axis 20 times the longest bar)
PHONE_ROOM = "datum.longest * min(3, max(2, width / max(1, width - 110)))"


def _wider_characters(match: re.Match) -> str:
    return f"{match.group(1)}{float(match.group(2)) * WIDER:g}"


def _relabel(field: str) -> dict:
    expr = f"isValid({PARAM}[datum.{field}]) ? {PARAM}[datum.{field}] : datum.{field}"
    return {"calculate": expr, "as": field}


def _walk(node, visit) -> None:
    if isinstance(node, dict):
        visit(node)
        for v in node.values():
            _walk(v, visit)
    elif isinstance(node, list):
        for v in node:
            _walk(v, visit)


def localized_spec(
    spec: dict,
    lang: str,
    text,
    labels: dict[str, str],
    kind: str = "",
    map_words: dict | None = None,
) -> dict:
    """`spec` (a kind's shared spec) in `lang`: `text(title)` translates a tooltip title (a
    missing one stops the build, through the translator), `labels` maps the English values
    of the data's labelled fields to the language's. A field the rows lack is left alone.
    Bar labels the data carry as English text ("11.3 million (97.3 %)") are written again
    from the row's numbers, in the language's words and separators."""
    out = copy.deepcopy(spec)

    def visit(node: dict) -> None:
        if isinstance(node.get("tooltip"), list):
            for tip in node["tooltip"]:
                if isinstance(tip, dict) and isinstance(tip.get("title"), str):
                    tip["title"] = text(tip["title"])
        for channel in ("x", "y", "color", "size", "shape"):  # axis and legend titles
            enc = node.get(channel)
            if isinstance(enc, dict) and "field" in enc and isinstance(enc.get("title"), str):
                enc["title"] = text(enc["title"])
        x_axis = node.get("x", {}).get("axis") if isinstance(node.get("x"), dict) else None
        if isinstance(x_axis, dict) and "labelExpr" in x_axis:
            # the words are longer than the English ones ("US$ 12 milliards"): the last label
            # of a value axis ends at its tick, not past the chart's edge on a phone
            x_axis.setdefault("labelAlign", {"expr": LAST_LABEL_ALIGN})
        calc = node.get("calculate")
        if isinstance(calc, str) and "length(datum.label)" in calc:
            node["calculate"] = ROOM_PER_CHARACTER.sub(_wider_characters, calc)
        elif calc == FIXED_ROOM:  # totalbars: and never less than a label's width on a phone
            node["calculate"] = PHONE_ROOM
        mark_text = node.get("text")
        if isinstance(mark_text, dict) and isinstance(mark_text.get("value"), str):
            mark_text["value"] = text(mark_text["value"])  # a rule's label ("target")
        axis = node.get("axis")
        if isinstance(axis, dict) and isinstance(axis.get("labelExpr"), str):
            axis["labelExpr"] = in_words(axis["labelExpr"], lang)
        if node.get("calculate") == f"'{NO_DATA}'":
            node["calculate"] = "'" + text(NO_DATA).replace("'", "\\'") + "'"
        if isinstance(node.get("scale"), dict) and node["scale"].get("domain") == [NO_DATA]:
            node["scale"]["domain"] = [text(NO_DATA)]
        if node.get("field") == "sex" and isinstance(node.get("scale"), dict):
            domain = node["scale"].get("domain")
            if isinstance(domain, list):
                node["scale"]["domain"] = [labels.get(v, v) for v in domain]

    _walk(out, visit)
    transform = out.setdefault("transform", [])
    at = 1 if transform and "lookup" in transform[0] else 0  # atlas.js fills a first lookup
    transform[at:at] = [_relabel(f) for f in (*LABELLED, "sex")]
    if kind in BAR_LABELS:
        number = _number_expr(out)
        if number:
            transform.insert(at + len(LABELLED) + 1, BAR_LABELS[kind](number))
    out["params"] = [*out.get("params", []), {"name": PARAM, "value": labels}]
    if map_words is not None:
        _localize_map(out, text, map_words)
    return out


def _localize_map(spec: dict, text, words: dict) -> None:
    """A world map in the language: the grey shapes' "No data", every shape's name by its M49
    code (`words["places"]`; shapes without a row carry the world atlas's English name), and
    the class legend: the data's English class labels ("under 1.2 million", "3,400 and
    more") written again with the language's words and separators (`bin_label_expr`)."""

    def visit(node: dict) -> None:  # (its "No data" as every spec's: `localized_spec`)
        enc = node.get("color")
        if isinstance(enc, dict) and enc.get("field") == "bin" and "legend" in enc:
            enc["legend"]["labelExpr"] = bin_label_expr(words)
        for tip in node.get("tooltip") or []:
            if isinstance(tip, dict) and tip.get("field") == "nodata" and "title" not in tip:
                tip["title"] = text("Note")

    _walk(spec, visit)
    spec["transform"].append(
        {
            "calculate": f"isValid({PLACES}[datum.id]) ? {PLACES}[datum.id] : datum.name",
            "as": "name",
        }
    )
    spec["params"].append({"name": PLACES, "value": words["places"]})


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def bin_label_expr(words: dict) -> str:
    """A Vega expression writing a map class's English label (`figures.quantile_classes`:
    "under X", "X – Y", "X and more", X as `human_number` writes it in English) in the
    language: separators swapped through a placeholder, number words and the class words
    replaced (`words`: decimal, group, under, more and the number words, English -> local)."""
    expr = "replace(datum.label, /,/g, '#')"  # no label holds a '#'; the group mark for now
    expr = f"replace({expr}, /\\./g, {_quote(words['decimal'])})"
    expr = f"replace({expr}, /#/g, {_quote(words['group'])})"
    expr = f"replace({expr}, /^under /, {_quote(words['under'])})"
    expr = f"replace({expr}, / and more$/, {_quote(words['more'])})"
    for en, local in words["numbers"]:
        expr = f"replace({expr}, / {en}\\b/g, {_quote(' ' + local)})"
    return expr


def in_words(expr: str, lang: str) -> str:
    """A number expression (formats.number_expr) with the language's words for large numbers,
    singular after a number CLDR calls "one" ("1 millón", "1,5 million")."""
    for (_, en), (_, local) in zip(WORDS, number_words(lang), strict=True):
        said = re.compile(
            r"abs\((?P<v>.+?)\) >= (?P<limit>\d+) \? (?P<number>format\((?P=v) / (?P=limit),"
            rf" ',\.3~r'\) \+ )' {re.escape(en)}'"
        )
        expr = said.sub(lambda m, local=local: _word_after(m, local, lang), expr)
    return expr


def _word_after(said: re.Match, word: str, lang: str) -> str:
    """One large number's words in the language: the singular where the number as written (x,
    three significant digits) is of CLDR's plural category "one" (metadata/i18n.yaml `one`)."""
    numbers = i18n_config()["numbers"][lang]
    one = numbers.get("singular", {}).get(word, word)
    head = said[0][: said.start("number") - said.start(0)] + said["number"]
    if one == word:
        return f"{head}' {word}'"
    x = f"(round(abs({said['v']}) / {said['limit']} * 100) / 100)"
    rule = re.sub(r"\bx\b", x, numbers["one"])
    return f"{head}({rule} ? ' {one}' : ' {word}')"


def template_expr(template: str, fields: dict[str, str]) -> str:
    """A text with {placeholders} ("{ratio}× · {migrants} emigrantes") as a Vega expression,
    each placeholder replaced by its expression in `fields`."""
    parts = re.split(r"\{(\w+)\}", template)
    out = []
    for n, part in enumerate(parts):
        if n % 2:
            out.append(f"({fields[part]})")
        elif part:
            out.append(_quote(part))
    return " + ".join(out) or "''"


def _number_expr(spec: dict) -> str:
    """The value axis's number expression (of `datum.value`), in the language's words."""
    found: list[str] = []

    def visit(node: dict) -> None:
        axis = node.get("axis")
        if isinstance(axis, dict) and "datum.value" in str(axis.get("labelExpr", "")):
            found.append(axis["labelExpr"])

    _walk(spec, visit)
    return found[0] if found else ""


def _share_label(number: str) -> dict:
    """A top-partners bar's label: its total and its share of all partners; a bar of a value
    alone (no share: origin costs) its number, and its year where the English label gives it
    ("12.3 % (2010)")."""
    total = number.replace("datum.value", "datum.partner_total")
    share = (
        "(datum.of_total >= 0.001 ? format(datum.of_total * 100, '.1f') : '<' + format(0.1, '.1f'))"
    )
    with_share = f"({total}) + ' (' + {share} + ' %)'"
    year = "(test(regexp('[(][0-9]{4}[)]$'), datum.label) ? ' (' + datum.year + ')' : '')"
    label = f"isValid(datum.of_total) ? {with_share} : ({total}) + {year}"
    return {"calculate": f"datum.label ? ({label}) : ''", "as": "label"}


def _value_label(number: str) -> dict:
    """A bar's label: its number (the flows sub-page's remittance corridors, a bar a year)."""
    return {"calculate": f"isValid(datum.value) ? ({number}) : ''", "as": "label"}


BAR_LABELS = {"bars": _share_label, "totalbars": _share_label, "yearbars": _value_label}


def label_map(english: dict[str, str], local: dict[str, str]) -> dict[str, str]:
    """English value -> the language's, by a shared key (an ISO3 code, a flag id), for the
    values that differ; sorted so rebuilds are byte-identical."""
    pairs = {english[k]: local[k] for k in english if k in local and local[k] != english[k]}
    return dict(sorted(pairs.items()))


def dumps(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False, sort_keys=True)
