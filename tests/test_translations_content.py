"""The Atlas's own prose in Spanish and French says what the English says, field for field.

For every English source listed in metadata/translations/text_fields.yaml:
- each es/fr mirror file has exactly the reader-facing text fields of the English file (none
  missing, none extra, lists in the same order), so that a missing translation is caught here
  and never shows as silent English on an es/fr page;
- every Jinja expression (`{{ ... }}`, `{% ... %}`), HTML tag and format field (`{top}`) of
  an English text appears verbatim in its translation: numbers are filled in at build time,
  so a translation that drops or retypes one would print a wrong or missing number;
- per-language copies of the long-prose templates run the same Jinja blocks, in the same
  order, as the English template (only `x.en` reads `x.<lang>`);
- translated Markdown pages keep the links and headings of the English page.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import jinja2
import pytest
import yaml

from atlas.base import ROOT

META = ROOT / "metadata"
TRANSLATIONS = META / "translations"
SPEC = yaml.safe_load((TRANSLATIONS / "text_fields.yaml").read_text(encoding="utf-8"))
LANGS = SPEC["languages"]

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# words readers see inside a tag (accessible names, tooltips) are translated with the text
WORDS_IN_TAG = re.compile(r'\b(aria-label|title|alt)="[^"]*"')
FIELD = re.compile(r"(?<!\{)\{[a-z_]+\}(?!\})")  # str.format fields of titles: "Top {top} origins"
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def text_paths(data, pattern: list[str], lang: str, at: tuple = ()) -> dict[tuple, str]:
    """The English texts the path `pattern` picks in `data`, keyed by where the mirror file
    for `lang` holds their translation (see text_fields.yaml for the path syntax)."""
    if not pattern:
        return {at: data} if isinstance(data, str) else {}
    head, rest = pattern[0], pattern[1:]
    if head == "{value}":
        return {at + (w,): w for w in data or []}
    if head == "{key}":
        return {at + (k,): str(k) for k in data or {}}
    if head == "en" and not rest:
        if isinstance(data, dict) and isinstance(data.get("en"), str) and lang not in data:
            return {at + (lang,): data["en"]}
        return {}
    if isinstance(data, dict):
        keys = list(data) if head == "*" else [head] if head in data else []
        items = [(k, data[k]) for k in keys]
    elif isinstance(data, list) and head == "*":
        items = list(enumerate(data))
    else:
        items = []
    found: dict[tuple, str] = {}
    for key, value in items:
        found.update(text_paths(value, rest, lang, at + (key,)))
    return found


def expected(data, patterns: list[str], lang: str) -> dict[tuple, str]:
    found: dict[tuple, str] = {}
    for p in patterns:
        found.update(text_paths(data, p.split("."), lang))
    return found


def leaves(data, at: tuple = ()) -> dict[tuple, object]:
    """Every non-container value of a mirror file, by its path."""
    if isinstance(data, dict):
        out: dict[tuple, object] = {}
        for k, v in data.items():
            out.update(leaves(v, at + (k,)))
        return out
    if isinstance(data, list):
        out = {}
        for i, v in enumerate(data):
            out.update(leaves(v, at + (i,)))
        return out
    return {at: data}


def tags(text: str) -> Counter:
    """The HTML tags of a text outside Jinja blocks, with their translatable attributes
    (aria-label, title, alt) emptied: the rest of a tag is kept verbatim."""
    return Counter(WORDS_IN_TAG.sub(r'\1=""', t) for t in TAG.findall(JINJA.sub("", text)))


def markup(text: str) -> Counter:
    """The Jinja blocks, HTML tags and format fields of a text (what a translation must keep
    verbatim)."""
    rest = JINJA.sub("", text)
    return Counter(JINJA.findall(text)) + tags(text) + Counter(FIELD.findall(rest))


def mismatches(english: dict[tuple, str], translated: dict[tuple, object]) -> list[str]:
    """What is wrong with a mirror file: missing and extra keys, non-text or empty values,
    Jinja or HTML of the English text not kept verbatim."""
    problems = [f"missing {'.'.join(map(str, p))}" for p in english if p not in translated]
    problems += [f"extra {'.'.join(map(str, p))}" for p in translated if p not in english]
    for p, text in english.items():
        value = translated.get(p)
        if p not in translated:
            continue
        where = ".".join(map(str, p))
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: not a text ({value!r})")
        elif markup(text) - markup(value):
            problems.append(f"{where}: lost {sorted((markup(text) - markup(value)).elements())}")
    return problems


def mirror_cases():
    for stem, patterns in SPEC["files"].items():
        for lang in LANGS:
            yield pytest.param(stem, patterns, lang, id=f"{stem}.{lang}")


@pytest.mark.parametrize(("stem", "patterns", "lang"), list(mirror_cases()))
def test_metadata_mirror_matches_english(stem, patterns, lang):
    english = expected(load(META / f"{stem}.yaml"), patterns, lang)
    path = TRANSLATIONS / f"{stem}.{lang}.yaml"
    if not english:  # every text already carries this language inline
        assert not path.exists() or not leaves(load(path) or {}), f"{path}: nothing to translate"
        return
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    problems = mismatches(english, leaves(load(path) or {}))
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def theme_cases():
    spec = SPEC["themes"]
    themes = load(META / f"{spec['file']}.yaml")[spec["list"]]
    for theme in themes:
        for lang in LANGS:
            yield pytest.param(theme, spec["paths"], lang, id=f"{theme['id']}.{lang}")


@pytest.mark.parametrize(("theme", "patterns", "lang"), list(theme_cases()))
def test_theme_mirror_matches_english(theme, patterns, lang):
    path = TRANSLATIONS / "themes" / f"{theme['id']}.{lang}.yaml"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    problems = mismatches(expected(theme, patterns, lang), leaves(load(path) or {}))
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_no_theme_file_without_a_theme():
    ids = {t["id"] for t in load(META / "theme_pages.yaml")["themes"]}
    for path in (TRANSLATIONS / "themes").glob("*.yaml"):
        theme, lang = path.name.removesuffix(".yaml").rsplit(".", 1)
        assert theme in ids and lang in LANGS, (
            f"{path.relative_to(ROOT)}: no such theme or language"
        )


def jinja_blocks(text: str) -> list[str]:
    """The `{% %}` and `{{ }}` blocks of a template in order, whitespace normalised."""
    return [" ".join(b.split()) for b in JINJA.findall(text)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", SPEC["templates"])
def test_template_copy_runs_the_same_jinja(name, lang):
    english = (ROOT / "templates" / name).read_text(encoding="utf-8")
    path = ROOT / "templates" / lang / name
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    translated = path.read_text(encoding="utf-8")
    jinja2.Environment().parse(translated)  # a syntax error names the line
    want = [re.sub(r"\.en\b", f".{lang}", b) for b in jinja_blocks(english)]
    assert jinja_blocks(translated) == want
    assert tags(english) == tags(translated), f"{path.relative_to(ROOT)}: HTML tags differ"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", SPEC["markdown"])
def test_markdown_page_keeps_links_and_headings(page, lang):
    english = (ROOT / page).read_text(encoding="utf-8")
    path = ROOT / page.replace(".md", f".{lang}.md")
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    translated = path.read_text(encoding="utf-8")
    assert Counter(MD_LINK.findall(english)) == Counter(MD_LINK.findall(translated))
    levels = [len(m) for m in re.findall(r"^(#+) ", english, re.M)]
    assert [len(m) for m in re.findall(r"^(#+) ", translated, re.M)] == levels


def test_mismatches_catch_a_missing_key():
    """The check fails on a mirror that lacks a field, has one too many, or drops a number."""
    english = {("title",): "Refugees", ("text",): "{{ n }} <b>people</b>"}
    assert (
        mismatches(english, {("title",): "Refugiados", ("text",): "{{ n }} <b>personas</b>"}) == []
    )
    assert mismatches(english, {("text",): "{{ n }} <b>personas</b>"}) == ["missing title"]
    assert mismatches(english, {**english, ("lede",): "x"}) == ["extra lede"]
    assert mismatches(english, {("title",): "R", ("text",): "{{ m }} <b>p</b>"}) == [
        "text: lost ['{{ n }}']"
    ]
