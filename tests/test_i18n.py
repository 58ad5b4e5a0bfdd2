"""Spanish and French (issue #22), without a build: the catalogues are complete, a missing
string is named with its language and where it is used, page kinds and paths, numbers per
locale (Python and the browser's twin agree, and d3's format locale from CLDR agrees with
both), and the mechanical rewrite of "%.1f" | format(x) in Jinja text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from atlas.base import ROOT, load_yaml
from atlas.errors import InputError
from atlas.render.environment import jinja_env
from atlas.render.formats import (
    cell_text,
    change_text,
    d3_format_locale,
    decimal_text,
    human_number,
    unit_format,
)
from atlas.render.i18n import (
    LOCALE_DIR,
    Translator,
    catalogue,
    i18n_config,
    localized_path,
    other_languages,
    overlay,
    page_kind,
    translated,
    untranslated,
)
from atlas.render.messages import extract_yaml
from atlas.site_i18n import english_links, page_dir
from tests.test_twins import NUMBERS, STYLES, run_js

sys.path.insert(0, str(ROOT / "scripts"))
from rewrite_fixed import rewrite  # noqa: E402

UNITS = load_yaml(ROOT / "metadata" / "units.yaml")


@pytest.mark.parametrize("lang", other_languages())
def test_every_string_of_the_catalogue_is_translated_and_not_fuzzy(lang):
    """`make messages` after adding English strings: this names what is left to translate."""
    assert untranslated(lang) == []


@pytest.mark.parametrize("lang", other_languages())
def test_translations_keep_the_placeholders_of_their_string(lang):
    with (LOCALE_DIR / "atlas.pot").open("rb") as fh:
        pot = read_po(fh)
    done = catalogue(lang)
    for m in pot:
        if m.id and m.id in done:
            for ph in (
                "%(n)s",
                "%(url)s",
                "%(share)s",
                "%(fy)s",
                "%(version)s",
                "%(date)s",
                "{top}",
                "%%",
            ):
                assert m.id.count(ph) == done[m.id].count(ph), (lang, m.id, ph)


def test_a_missing_translation_names_the_string_the_language_and_where_it_is_used():
    t = Translator({"es": {"Countries": "Países"}})
    env = jinja_env(t)
    template = env.from_string('{{ _("Countries") }} / {{ _("Regions") }}')
    template.name = "regions.md.j2"
    t.lang = "es"
    assert template.render() == "Países / Regions"
    (problem,) = t.problems()
    text = str(problem)
    assert "locale/es/LC_MESSAGES/atlas.po" in text
    assert 'msgid "Regions"' in text and "no es translation" in text
    assert "regions.md.j2" in text
    t.lang = "en"
    assert template.render() == "Countries / Regions"


def test_a_fuzzy_translation_counts_as_missing(tmp_path, monkeypatch):
    po = tmp_path / "es" / "LC_MESSAGES" / "atlas.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Regions"\nmsgstr "Regiones"\n\nmsgid "Countries"\nmsgstr "Países"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr("atlas.render.i18n.LOCALE_DIR", tmp_path)
    assert catalogue("es") == {"Countries": "Países"}


def test_page_kinds_and_localized_paths():
    assert page_kind("index.md") == "home"
    assert page_kind("countries/index.md") == "countries"
    assert page_kind("countries/MEX.md") == "country"
    assert page_kind("countries/MEX/corridors.md") == "country"
    assert page_kind("countries/MEX/flows.md") == "country_flows"
    assert page_kind("themes/origin-costs/index.md") == "origin"
    assert page_kind("themes/money-sent-home.md") == "themes"
    assert localized_path("countries/MEX.md", "es") == "countries/MEX.es.md"
    assert localized_path("index.md", "en") == "index.md"
    assert translated("index.md") and translated("countries/index.md")
    for path in ["about/index.md", "indicators/index.md", "regions/index.md"]:
        assert translated(path), path
    assert translated("indicators/migrant_stock.md") and translated("regions/UN-AFR.md")
    assert page_kind("indicators/hdi.md") == "indicator" and translated("compare.md")
    assert page_kind("coverage.md") == "coverage" and translated("coverage.md")
    assert page_kind("releases/index.md") == "releases" and translated("releases/index.md")
    assert page_kind("releases/2026.11.0/index.md") == "release"
    config = i18n_config()
    assert set(config["untranslated_pages"]) <= set(config["page_kinds"])
    with pytest.raises(ValueError, match="no page kind"):
        page_kind("nowhere/else.txt")


def test_numbers_in_each_language():
    people, money, share = (unit_format(u, UNITS) for u in ("persons", "current US$", "percent"))
    assert human_number(70.2e9, money, lang="es") == "US$ 70,2 mil millones"
    assert human_number(70.2e9, money, lang="fr") == "US$ 70,2 milliards"
    assert human_number(70.2e9, money) == "US$ 70.2 billion"
    # singular where CLDR's plural rule says "one": Spanish n = 1, French below 2
    assert human_number(1e6, people, lang="es") == "1 millón"
    assert human_number(1.5e6, people, lang="es") == "1,5 millones"
    assert human_number(1.5e9, money, lang="fr") == "US$ 1,5 milliard"
    assert human_number(2e6, people, lang="fr") == "2 millions"
    assert human_number(250000, people, lang="fr") == "250\u202f000"
    assert human_number(250000, people, lang="es") == "250.000"
    assert human_number(None, people, lang="es") == "sin datos"
    assert change_text(1.23, share, "fr") == "+1,2 points de pourcentage"
    assert cell_text(1234.5, "1", "es") == "1.234,5" and cell_text(1234.5, "1", "fr") == (
        "1\u202f234,5"
    )
    assert decimal_text(45.25, 1) == f"{45.25:.1f}"  # as "%.1f" wrote it
    assert decimal_text(45.25, 1, "fr") == f"{45.25:.1f}".replace(".", ",")


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_table_cells_read_the_same_in_python_and_javascript_in_each_language(lang):
    values = [*NUMBERS, 1234.5, -1234567.891, 0.30000000000000004, 123456789.12345679, 5.0]
    pairs = [[v, style] for v in values for style in STYLES]
    js = run_js(["fmt"], f"input.map(p => fmt(p[0], p[1], {json.dumps(lang)}))", pairs)
    assert [cell_text(v, style, lang) for v, style in pairs] == js


@pytest.mark.parametrize("lang", other_languages())
def test_axis_numbers_follow_the_same_locale_as_tables(lang):
    """d3-format (Vega's axes and tooltips) with the locale generated from CLDR writes the
    numbers as the tables (Babel) do."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    d3 = (ROOT / "node_modules" / "d3-format" / "dist" / "d3-format.js").read_text()
    values = [1234.5, 1234567.25, 0.5, 98765.4, 12.35]
    script = (
        "const vm = require('vm'); const box = {}; vm.runInNewContext(process.argv[2], box);\n"
        "const f = box.d3.formatLocale(JSON.parse(process.argv[3])).format(',.1f');\n"
        "console.log(JSON.stringify(JSON.parse(process.argv[1]).map(f)));"
    )
    done = subprocess.run(
        ["node", "-e", script, json.dumps(values), d3, json.dumps(d3_format_locale(lang))],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == [cell_text(v, "1", lang) for v in values]


def test_percent_format_rewrite_is_mechanical():
    text = '{{ "%.1f" | format(h.row.coverage * 100) }} % and {{ "%.3f"|format(x.y) }}'
    assert rewrite(text) == "{{ (h.row.coverage * 100) | fixed(1) }} % and {{ x.y | fixed(3) }}"
    env = jinja_env()
    assert env.from_string(rewrite('{{ "%.1f" | format(a * 100) }}')).render(a=0.4567) == "45.7"


def test_yaml_strings_are_extracted_with_their_line(tmp_path):
    path = tmp_path / "pages.yaml"
    path.write_text("a:\n  - {label: One, x: 1}\n  - {title: Two}\nnav:\n  - Home: index.md\n")
    with path.open("rb") as fh:
        found = list(extract_yaml(fh, [], [], {"keys": "label title", "titles": "nav"}))
    assert [(n, m) for n, _, m, _ in found] == [(2, "One"), (3, "Two"), (5, "Home")]


def test_a_page_kind_marked_translated_must_be_written(monkeypatch):
    from atlas.render import LOCALIZED, localized_pages  # noqa: PLC0415 (the stage under test)

    config = dict(i18n_config(), untranslated_pages=[])
    monkeypatch.setattr("atlas.render.i18n_config", lambda: config)
    monkeypatch.delitem(LOCALIZED, "indicator")  # a kind whose writer is missing
    with pytest.raises(InputError, match="'indicator' is not listed as untranslated"):
        localized_pages(None)


def test_translated_metadata_lays_text_over_the_english():
    english = {
        "title": "Money sent home",
        "sections": [
            {"heading": "A", "quotes": [{"text": "Original words", "who": "ECLAC"}], "n": 3},
            {"heading": "B"},
        ],
    }
    spanish = {"title": "Remesas", "sections": [{"heading": "A es", "quotes": [{"who": "CEPAL"}]}]}
    assert overlay(english, spanish) == {
        "title": "Remesas",
        "sections": [
            {"heading": "A es", "quotes": [{"text": "Original words", "who": "CEPAL"}], "n": 3},
            {"heading": "B"},
        ],
    }
    assert overlay(english, None) == english


def test_links_go_to_the_page_in_the_language_only_where_it_exists():
    from atlas.render.i18n import page_href  # noqa: PLC0415

    assert page_href("countries/", "../", "../../") == "../countries/"  # translated kind
    assert page_href("countries/MEX/", "../", "../../") == "../countries/MEX/"  # issue 22
    assert page_href("countries/MEX/corridors/", "../", "../../") == "../countries/MEX/corridors/"
    for sub in ["flows", "origin-costs", "sdg"]:  # the other sub-pages of a country page
        assert page_href(f"countries/MEX/{sub}/", "../", "../../") == f"../countries/MEX/{sub}/"
    assert page_href("indicators/hdi/", "../", "../../") == "../indicators/hdi/"
    assert page_href("compare/", "../", "../../") == "../compare/"
    assert page_href("coverage/", "../", "../../") == "../coverage/"
    assert page_href("sdg/", "../", "../../") == "../sdg/"
    assert page_href("", "../", "../../") == "../"


def test_income_groups_have_one_name_per_language():
    """A comma in an unquoted YAML flow value split the French names ("Revenu intermédiaire,
    tranche inférieure" read as "Revenu intermédiaire" and a stray key)."""
    groups = load_yaml(ROOT / "metadata" / "vocabularies.yaml")["income_groups"]
    for code, names in groups.items():
        assert set(names) == {"en", "es", "fr"}, code
    assert groups["LM"]["fr"] != groups["UM"]["fr"]


def test_hand_written_pages_link_untranslated_pages_to_the_english_ones(tmp_path):
    for name in ["about/index.md", "about/index.es.md", "about/sources.md", "data/index.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    text = "[Fuentes](sources.md#a), [datos](../data/index.md), [aquí](index.md), [x](https://e.org/a.md)"
    out = english_links(text, "about/index.es.md", "es", tmp_path)
    assert out == (
        "[Fuentes](../../about/sources/#a), [datos](../../data/), [aquí](index.md),"
        " [x](https://e.org/a.md)"
    )
    assert english_links(text, "about/index.md", "en", tmp_path) == text
    assert page_dir("index.md") == "." and page_dir("about/sources.md") == "about/sources"


def test_data_sources_and_release_pages_are_translated_kinds():
    for path in ["data/index.md", "about/sources.md", "releases/2026.11.0/index.md"]:
        assert translated(path), path
    assert page_kind("about/sources.md") == "sources" and page_kind("data/index.md") == "data"


# UN M49 regions whose Spanish or French name metadata/countries.yaml gives by hand: CLDR lacks
# the region, or names it otherwise than the UN's M49 usage (checked by hand; no pinned source
# gives the UN's es/fr names). Any other region takes CLDR's name (atlas/transform/tables.py).
HAND_WRITTEN_REGION_NAMES = {
    ("M49-202", "es"),  # the SDG region, as the UN writes it: "África Subsahariana"
    ("M49-419", "es"),  # CLDR: "Latinoamérica", "Amérique latine" (no Caribbean)
    ("M49-419", "fr"),
    ("UN-419", "es"),
    ("UN-419", "fr"),
    ("UN-005", "es"),  # CLDR: "Sudamérica"; M49: "América del Sur"
    ("UN-021", "es"),  # CLDR: "Norteamérica"; M49: "América septentrional"
    ("UN-035", "es"),  # CLDR: "Sudeste asiático"; M49: "Asia sudoriental"
    ("UN-030", "fr"),  # CLDR: "Asie de l’Est"; M49: "Asie orientale"
    ("UN-145", "fr"),  # CLDR: "Asie de l’Ouest"; M49: "Asie occidentale"
    ("UN-151", "fr"),  # CLDR: "Europe de l’Est"; M49: "Europe orientale"
    ("UN-154", "fr"),  # CLDR: "Europe du Nord"; M49: "Europe septentrionale"
    ("UN-039", "fr"),  # CLDR: "Europe du Sud"; M49: "Europe méridionale"
    ("UN-155", "fr"),  # CLDR: "Europe de l’Ouest"; M49: "Europe occidentale"
    ("UN-053", "es"),  # CLDR: "Australasia"; M49: "Australia y Nueva Zelandia"
    ("UN-053", "fr"),
    ("UN-057", "es"),  # CLDR: "Región de Micronesia"; M49: "Micronesia"
    ("UN-057", "fr"),
}


def test_un_region_names_come_from_cldr_unless_written_by_hand_for_a_reason():
    """Spanish and French names of UN M49 regions: CLDR's (Babel) where it has the region;
    metadata/countries.yaml gives one only where CLDR lacks the region or differs from the
    UN's M49 usage, and then it must differ from CLDR (else CLDR should be the source)."""
    from babel import Locale  # noqa: PLC0415

    from atlas.transform.tables import region_code  # noqa: PLC0415

    aggregates = load_yaml(ROOT / "metadata" / "countries.yaml")["aggregates"]
    cldr = {lang: Locale(lang).territories for lang in ("es", "fr")}
    hand = set()
    for code, names in aggregates.items():
        m49 = region_code(code)
        for lang in ("es", "fr"):
            if m49 is None:
                assert names.get(lang), (code, lang)  # not a region CLDR could name
                continue
            known = cldr[lang].get(m49)
            if lang in names:
                assert names[lang] != known, f"{code} {lang}: same as CLDR, drop it"
                if known is not None:
                    hand.add((code, lang))
            else:
                assert known, f"{code} {lang}: CLDR has no name for {m49}"
    assert hand == HAND_WRITTEN_REGION_NAMES
    assert region_code("UN-419") == "419" and region_code("WLD") == "001"
    assert region_code("UN-AFR") is None and region_code("WB-L") is None


@pytest.mark.parametrize("lang", other_languages())
def test_region_names_of_the_aggregates_translation_match_the_package(lang):
    """metadata/translations/aggregates.<lang>.yaml names each group as the package does
    (countries.yaml's name, else CLDR's): one name per region in each language."""
    from babel import Locale  # noqa: PLC0415

    from atlas.transform.tables import region_code  # noqa: PLC0415

    aggregates = load_yaml(ROOT / "metadata" / "countries.yaml")["aggregates"]
    territories = Locale(lang).territories
    groups = load_yaml(ROOT / "metadata" / "translations" / f"aggregates.{lang}.yaml")["groups"]
    for code, levels in groups.items():
        (name,) = levels.values()
        expected = aggregates[code].get(lang) or territories[region_code(code)]
        assert name == expected, (code, lang)


# a name after French "de", "à", "en" needs an article the Atlas does not hold ("du Maroc",
# "aux Philippines", "de l'Afrique"): French texts put such names where they stand alone
FRENCH_NAME_AFTER = re.compile(
    r"(?<![\w’'])(de|à|en)\s+(\{|\{\{\s*)(name|origin|destination|country|region|area)\w*\s*\}",
    re.IGNORECASE,
)


def _french_texts() -> list[tuple[str, str]]:
    texts = []
    with (ROOT / "locale" / "fr" / "LC_MESSAGES" / "atlas.po").open("rb") as f:
        texts += [("atlas.po", m.string) for m in read_po(f) if isinstance(m.string, str)]

    def strings(node) -> list[str]:
        if isinstance(node, dict):
            return [s for v in node.values() for s in strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return [node] if isinstance(node, str) else []

    for path in sorted((ROOT / "metadata" / "translations").rglob("*.fr.yaml")):
        texts += [(path.name, s) for s in strings(load_yaml(path))]
    for path in sorted((ROOT / "templates" / "fr").glob("*.j2")):
        texts.append((path.name, path.read_text(encoding="utf-8")))
    return texts


def test_french_texts_never_put_a_name_after_de_a_or_en():
    texts = _french_texts()
    assert len(texts) > 500
    found = [(where, m[0]) for where, text in texts for m in FRENCH_NAME_AFTER.finditer(text)]
    assert not found, found
