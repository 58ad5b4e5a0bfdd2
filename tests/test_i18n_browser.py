"""Spanish and French on the built site (issue #22): every page exists in the three languages
(minus the page kinds metadata/i18n.yaml lists as untranslated), `<html lang>`, hreflang
alternates and the language switcher lead to the same page in each language, no string of
the English catalogue is left in an es/fr page, numbers follow the page's locale (cards and the
table cells the browser rewrites), and search finds Spanish words."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from atlas.render.i18n import LOCALE_DIR, catalogue, localized_path, other_languages, translated
from tests.test_browser import ROOT, SITE, Visit, base, browser  # noqa: F401 (fixtures)

DOCS = ROOT / "generated" / "docs"
LANG_SUFFIX = re.compile(r"\.(es|fr)\.md$")

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists() or not DOCS.is_dir(), reason="needs the built site"
)


def html_path(md: str) -> str:
    """countries/MEX.md -> countries/MEX/index.html; countries/index.md -> countries/index.html"""
    if md == "index.md" or md.endswith("/index.md"):
        return md[: -len(".md")] + ".html"
    return md[: -len(".md")] + "/index.html"


def english_pages() -> list[str]:
    return sorted(
        p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if not LANG_SUFFIX.search(p.name)
    )


@pytest.mark.parametrize("lang", other_languages())
def test_every_translated_page_exists_in_the_language_and_no_other(lang):
    # translated page kinds, and hand-written pages with their own docs/<path>.<lang>.md
    expected = {
        html_path(p)
        for p in english_pages()
        if translated(p) or (DOCS / localized_path(p, lang)).is_file()
    }
    assert expected, "no page kind is translated"
    built = {p.relative_to(SITE / lang).as_posix() for p in (SITE / lang).rglob("index.html")}
    missing = sorted(expected - built)
    extra = sorted(built - expected)
    assert not missing, f"{lang}: pages missing: {missing[:10]}"
    assert not extra, f"{lang}: pages not in the English site or untranslated: {extra[:10]}"


def sample_pages() -> list[tuple[str, str]]:
    """(language, page) of every translated page kind's English pages, a few of each."""
    pages = [html_path(p) for p in english_pages() if translated(p)]
    return [(lang, p) for lang in ["en", *other_languages()] for p in pages[:40]]


def in_lang(lang: str, page: str) -> Path:
    return SITE / page if lang == "en" else SITE / lang / page


@pytest.mark.parametrize(("lang", "page"), sample_pages())
def test_lang_hreflang_and_switcher_lead_to_the_same_page(lang, page):
    text = in_lang(lang, page).read_text(encoding="utf-8")
    assert re.search(rf'<html [^>]*lang="{lang}"', text), f"{lang}/{page}: <html lang>"
    switcher = re.findall(r'<a href="([^"]+)" hreflang="([a-z]{2})" class="md-select__link"', text)
    assert {h for _, h in switcher} == {"en", *other_languages()}, switcher
    for href, hreflang in switcher:
        target = (in_lang(lang, page).parent / html.unescape(href)).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert target == in_lang(hreflang, page).resolve(), (lang, page, href)
    # hreflang alternates are in the sitemap (Material fetches <link rel=alternate>/sitemap.xml)
    assert '<link rel="alternate"' not in text
    url = "https://migration-atlas.example.org/" + ("" if lang == "en" else f"{lang}/")
    url += page.removesuffix("index.html")
    sitemap = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(rf"<url>\s*<loc>{re.escape(url)}</loc>.*?</url>", sitemap, flags=re.S)
    assert entry, url
    assert set(re.findall(r'hreflang="([a-z]{2})"', entry.group(0))) == {"en", *other_languages()}


def english_strings(lang: str) -> list[str]:
    """Strings of the English catalogue whose translation differs from them, as they show on a
    page (placeholders cut out: the pieces between them)."""
    with (LOCALE_DIR / "atlas.pot").open("rb") as fh:
        pot = read_po(fh)
    done = catalogue(lang)
    pieces = []
    for m in pot:
        for msgid in m.id if isinstance(m.id, tuple) else [m.id]:  # a plural: both forms
            if not msgid or done.get(msgid) == msgid:
                continue
            text = re.sub(r"<[^>]+>", " ", msgid.replace("%%", "%"))
            pieces += [
                p.strip()
                for p in re.split(r"%\(\w+\)[sd]|\{\w+\}", html.unescape(text))
                if len(p.strip()) >= 12
            ]
    return pieces


def page_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    # a citation names the Atlas and its sources by their registered (English) titles
    text = re.sub(r'<p class="atlas-cite__apa">.*?</p>', " ", text, flags=re.S)
    text = re.sub(r'<pre class="atlas-cite__bibtex">.*?</pre>', " ", text, flags=re.S)
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))
    return re.sub(r"https?://\S+", " ", text)  # addresses (a chart's share link) are not text


@pytest.mark.parametrize("lang", other_languages())
def test_no_english_catalogue_string_is_left_in_a_page(lang):
    strings = english_strings(lang)
    found = []
    for path in sorted((SITE / lang).rglob("index.html")):
        text = page_text(path)
        found += [(path.relative_to(SITE).as_posix(), s) for s in strings if s in text]
    assert not found, found[:10]


def test_numbers_follow_the_page_locale_on_cards():
    """The home page's cards show the same numbers in each language, with the language's
    separators and words: undoing those gives the English card back."""

    def cards(lang: str) -> list[str]:
        text = in_lang(lang, "index.html").read_text(encoding="utf-8")
        return re.findall(r'<p class="atlas-card__value">([^<]+)</p>', text)

    english = cards("en")
    assert english
    undo = {
        "es": ({".": ",", ",": "."}, {"mil millones": "billion", "millones": "million"}),
        "fr": ({"\u202f": ",", ",": "."}, {"milliards": "billion", "millions": "million"}),
    }
    for lang, (separators, words) in undo.items():
        values = cards(lang)
        assert values != english, lang
        back = []
        for v in values:
            v = "".join(separators.get(ch, ch) for ch in v)
            for word, en in words.items():
                v = v.replace(word, en)
            back.append(v)
        assert back == english, (lang, values)


def test_search_finds_spanish_words():
    index = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    es_docs = [d for d in index["docs"] if d["location"].startswith("es/")]
    assert es_docs
    text = " ".join(d["title"] + " " + d["text"] for d in es_docs)
    assert "México" in text and "remesas" in text
    assert set(index["config"]["lang"]) >= {"en", "es", "fr"}


@pytest.mark.parametrize(
    ("lang", "word", "decimal"), [("es", "México", ","), ("fr", "Mexique", ",")]
)
def test_pages_in_chromium_read_in_their_language(browser, base, lang, word, decimal):  # noqa: F811
    """The countries list in Chromium: the page's language, names in it, the search box finds
    a Spanish word, and no request leaves the site."""
    visit = Visit(browser, f"{base}{lang}/countries/")
    page = visit.page
    assert page.evaluate("document.documentElement.lang") == lang
    assert word in page.inner_text("#country-list")
    if lang == "es":
        page.keyboard.press("s")  # Material opens search on "s" (search-on-open.js)
        page.fill("input.md-search__input", "remesas")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert page.locator(".md-search-result__item").count() > 0
    assert visit.errors == [], visit.errors  # no sitemap fetched from a page's address
    assert visit.outside() == []
    assert visit.csp_violations() == []


@pytest.mark.parametrize(
    ("lang", "page", "words"),
    [
        ("es", "indicators/index.html", ["Indicadores del Atlas", "ODS", "Personas en movimiento"]),
        (
            "fr",
            "indicators/index.html",
            ["Indicateurs de l'Atlas", "ODD", "Personnes en mouvement"],
        ),
        ("es", "regions/index.html", ["África", "América Latina y el Caribe", "países y zonas"]),
        (
            "fr",
            "regions/index.html",
            ["Afrique", "Amérique latine et Caraïbes", "pays et territoires"],
        ),
        ("es", "releases/index.html", ["Todas las versiones del Atlas", "(actual)"]),
        ("fr", "releases/index.html", ["Toutes les versions de l'Atlas", "(actuelle)"]),
    ],
)
def test_list_pages_read_in_their_language(lang, page, words):
    """The indicators and regions lists in Spanish and French: headings, themes and region
    names in the language; links to pages not yet translated lead to the English ones."""
    text = html.unescape(in_lang(lang, page).read_text(encoding="utf-8"))
    for word in words:
        assert word in text, (lang, page, word)
    assert 'href="../../indicators/migrant_stock/"' in text or "indicators/" not in page


def test_an_untranslated_page_offers_the_language_homes_and_no_false_alternate():
    """A page kind built in English only (metadata/i18n.yaml): the switcher leads to the
    Spanish and French home pages, and no hreflang link names them as this page's alternates."""
    page = next(html_path(p) for p in english_pages() if not translated(p))
    text = in_lang("en", page).read_text(encoding="utf-8")
    assert '<link rel="alternate"' not in text
    switcher = re.findall(r'<a href="([^"]+)" hreflang="([a-z]{2})" class="md-select__link"', text)
    for href, hreflang in switcher:
        assert not href.startswith("/"), href
        target = (in_lang("en", page).parent / href).resolve()
        assert (target / "index.html").is_file(), (page, href)
        if hreflang != "en":
            assert target == (SITE / hreflang).resolve()


@pytest.mark.parametrize("lang", other_languages())
def test_a_sitemap_per_language_lists_its_pages_with_their_alternates(lang):
    text = (SITE / lang / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", text)
    built = sorted((SITE / lang).rglob("index.html"))
    assert len(locs) == len(built) and all(f"/{lang}/" in u for u in locs)
    assert text.count('hreflang="en"') == len(locs)


@pytest.mark.parametrize("lang", other_languages())
def test_every_link_of_a_page_in_the_language_resolves(lang):
    """Links to pages not translated yet go to the English page, never to a missing one."""
    broken = []
    for path in sorted((SITE / lang).rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        for href in re.findall(r'<a [^>]*href="([^"]*)"', text):
            href = href.split("#")[0].split("?")[0]
            if not href or href.startswith("/") or ":" in href:
                continue
            target = (path.parent / html.unescape(href)).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((path.relative_to(SITE).as_posix(), href))
    assert not broken, broken[:10]
