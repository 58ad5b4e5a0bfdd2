"""What every page renders from, read once: the package as typed tables, metadata, series
lookups, the Jinja2 environment (autoescaped: text from data is always escaped) and the
page writer."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd

from atlas.base import ROOT, current_release, load_yaml
from atlas.render.chart import Chart
from atlas.render.environment import TEMPLATES
from atlas.render.figures import index_view, latest_fiscal_year, status_date
from atlas.render.formats import (
    jsonable,
    records,
    unit_format,
)
from atlas.render.i18n import (
    DEFAULT,
    Translator,
    languages,
    localized_path,
    overlay,
    page_href,
    translated_yaml,
)

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


def reader_sources(sources: list[dict], names: dict[str, dict]) -> dict[str, dict]:
    """Each source by id, with how reader pages name it (`reader_title`, `reader_license`,
    `reader_vintage`, `reader_publisher`: metadata/source_names.yaml, else the sources.yaml
    record). The record itself (repackaging, commits, license notes) is for the Sources page."""
    out = {}
    for s in sources:
        words = names.get(s["id"], {})
        out[s["id"]] = dict(
            s,
            reader_title=words.get("title", s["title"]),
            reader_license=words.get("license", s["license"]),
            reader_vintage=words.get("vintage", s["vintage"]),
            reader_publisher=s["publisher"].split(" (")[0],
        )
    return out


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
    local_charts: list[Chart] = field(default_factory=list)  # Spanish and French pages' charts
    shared: dict = field(default_factory=dict)  # what English pages computed, for the others
    m49: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    release: dict = field(default_factory=current_release)  # version and date (releases/)
    cite_meta: dict = field(default_factory=lambda: load_yaml(ROOT / "metadata" / "citation.yaml"))
    datasets: list[dict] = field(default_factory=list)  # schema.org Datasets, for catalog.jsonld
    units: dict = field(default_factory=lambda: load_yaml(ROOT / "metadata" / "units.yaml"))
    sdg: dict = field(default_factory=dict)  # the SDG tracker's config and figures (render/sdg.py)
    t: Translator = field(default_factory=Translator)  # the page's language and its strings

    @property
    def lang(self) -> str:
        """The language of the page being written."""
        return self.t.lang

    def __post_init__(self) -> None:
        countries = self.tables["countries"]
        self.kinds = dict(zip(countries["iso3"], countries["kind"], strict=True))
        self.m49 = {
            c: f"{int(m):03d}" if m else ""
            for c, m in zip(countries["iso3"], countries["m49"], strict=True)
        }

    @property
    def local_names(self) -> dict[str, str]:
        """Names of countries and areas in the page's language (UN M49 in English, CLDR via
        Babel in Spanish and French: the package's name_es, name_fr)."""
        return self.names_by_lang[self.lang]

    @functools.cached_property
    def names_by_lang(self) -> dict[str, dict[str, str]]:
        c = self.tables["countries"]
        return {lang: dict(zip(c["iso3"], c[f"name_{lang}"], strict=True)) for lang in languages()}

    def term(self, name_en: str) -> str:
        """A region's English name (UN M49) in the page's language, by the package's names of
        the aggregates; blank stays blank."""
        if self.lang == DEFAULT or not name_en:
            return name_en
        return self.terms_by_lang[self.lang][name_en]

    @functools.cached_property
    def terms_by_lang(self) -> dict[str, dict[str, str]]:
        c = self.tables["countries"]
        agg = c[c["kind"] == "aggregate"]
        return {
            lang: dict(zip(agg["name_en"], agg[f"name_{lang}"], strict=True))
            for lang in languages()
        }

    def record(self, charts: list) -> bool:
        """Record a page's charts: the English ones write the data, specs and static SVGs
        (`charts`); a Spanish or French page's share them, and only their text (the figure,
        the kind's spec in the language) is written (`local_charts`). True for the latter."""
        if self.lang == DEFAULT:
            self.charts += charts
            return False
        for c in charts:
            c.lang = self.lang
        self.local_charts += charts
        return True

    @property
    def unit_names(self) -> dict[str, str]:
        """Units in the page's language, as the indicators' metadata translates them."""
        return self.units_by_lang[self.lang]

    @functools.cached_property
    def units_by_lang(self) -> dict[str, dict[str, str]]:
        ind = self.tables["indicators"]
        out = {}
        for lang in languages():
            mirror = (translated_yaml("units", lang) or {}).get("units", {})
            out[lang] = mirror | dict(zip(ind["unit_en"], ind[f"unit_{lang}"], strict=True))
        return out

    def text(self, msgid: str, where: str = "metadata/pages.yaml") -> str:
        """A string of metadata in the page's language, through the catalogue (babel.cfg
        extracts the YAML's strings); a missing one stops the build."""
        return self.t(msgid, where)

    def number_format(self, unit: str) -> dict:
        """How numbers of `unit` read on pages (metadata/units.yaml)."""
        return unit_format(unit, self.units)

    @functools.cached_property
    def chart_names(self) -> dict[str, str]:
        """Short names for chart axes of the places whose name is longer than a chart shows
        (metadata/countries.yaml `short_names`): code -> short name; full names elsewhere."""
        cm = self.meta["countries"]
        limit = cm["chart_name_limit"]
        return {
            c: cm["short_names"][c]
            for c, name in self.names.items()
            if len(name) > limit and c in cm["short_names"]
        }

    def with_short(self, row: dict, code: str) -> dict:
        """A chart row with `short` (its place's axis name) where the full name is too long."""
        return dict(row, short=self.chart_names[code]) if code in self.chart_names else row

    @functools.cached_property
    def flag_words(self) -> dict[str, str]:
        """Each flag id's meaning in words (metadata/flags.yaml): tables never show ids."""
        return {k: v["en"] for k, v in self.meta["flags"].items()}

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
        # blank for a group's recorded events in a year without population (no coverage to give)
        return dict(zip(keys, [jsonable(v) for v in agg["coverage"].astype(float)], strict=True))

    @functools.cached_property
    def ratifications(self) -> dict[str, list[dict]]:
        order = {i["id"]: n for n, i in enumerate(self.meta["instruments"])}
        titles = {i["id"]: i["en"] for i in self.meta["instruments"]}
        short = {i["id"]: i["short_en"] for i in self.meta["instruments"]}
        out: dict[str, list[dict]] = {}
        for r in records(self.tables["ratifications"]):
            out.setdefault(r["iso3"], []).append(
                {
                    "id": r["instrument"],
                    "instrument": short[r["instrument"]],
                    "title": titles[r["instrument"]],
                    "status": r["status"],
                    "action": r["action"],
                    "date": r["action_date"],
                    "year": r["year"],
                    "order": order[r["instrument"]],
                }
            )
        return {k: sorted(v, key=lambda r: r["order"]) for k, v in out.items()}

    @property
    def gindex(self) -> dict:
        """The Global Index arranged for pages, in the page's language (names, titles and
        units from the translations of metadata/index.yaml and of the indicators)."""
        return self.gindex_by_lang[self.lang]

    @functools.cached_property
    def gindex_by_lang(self) -> dict[str, dict]:
        views = {DEFAULT: index_view(self.tables, self.meta, self.names)}
        ind = {r["id"]: r for r in records(self.tables["indicators"])}
        for lang in languages():
            if lang == DEFAULT:
                continue
            index = overlay(self.meta["index"], translated_yaml("index", lang))
            view = index_view(self.tables, dict(self.meta, index=index), self.names_by_lang[lang])
            for i in (i for d in index["dimensions"] for i in d["indicators"]):
                if not i.get("title") and i["from"] in ind:
                    view["indicator_titles"][i["id"]] = ind[i["from"]][f"title_{lang}"]
                if not i.get("unit") and i["from"] in ind:
                    view["indicator_units"][i["id"]] = ind[i["from"]][f"unit_{lang}"]
            views[lang] = view
        return views

    @property
    def gindex_labels(self) -> dict[str, str]:
        """The index's dimension titles, English -> the page's language (chart labels)."""
        en, local = self.gindex_by_lang[DEFAULT]["titles"], self.gindex["titles"]
        return {en[k]: local[k] for k in en if en[k] != local[k]}

    @functools.cached_property
    def status_date(self) -> str:
        return status_date(self.tables["ratifications"])

    @property
    def local_sources(self) -> dict[str, dict]:
        """The sources as reader pages name them, in the page's language (titles, licenses and
        vintages from metadata/translations/source_names.<lang>.yaml; a dataset published in
        English only keeps its English title)."""
        if self.lang == DEFAULT:
            return self.sources
        key = ("sources", self.lang)
        if key not in self.shared:
            words = (translated_yaml("source_names", self.lang) or {}).get("sources", {})
            self.shared[key] = {
                i: dict(
                    s,
                    reader_title=words.get(i, {}).get("title", s["reader_title"]),
                    reader_license=words.get(i, {}).get("license", self._license(s)),
                    reader_vintage=words.get(i, {}).get("vintage", s["reader_vintage"]),
                )
                for i, s in self.sources.items()
            }
        return self.shared[key]

    def _license(self, source: dict) -> str:
        """A license as its publisher states it (quoted), or our words where none is stated
        (a note after them, on what we checked, stays as the record says it)."""
        license_, none = source["reader_license"], "not stated by the publisher"
        # the literal msgid, so that `make messages` extracts it (a variable is not extracted)
        words = self.t("not stated by the publisher")
        return words + license_[len(none) :] if license_.startswith(none) else license_

    def local_meta(self, stem: str) -> dict:
        """A metadata file (metadata/<stem>.yaml) with the page's language laid over it
        (metadata/translations/<stem>.<lang>.yaml)."""
        if self.lang == DEFAULT:
            return self.meta[stem]
        key = (stem, self.lang)
        if key not in self.shared:
            english, translation = self.meta[stem], translated_yaml(stem, self.lang)
            if isinstance(english, list) and isinstance(translation, dict):
                translation = translation.get(stem)  # the file's one list, loaded bare
            self.shared[key] = overlay(english, translation)
        return self.shared[key]

    @property
    def local_status_date(self) -> str:
        """The treaty status date in the page's language."""
        return status_date(self.tables["ratifications"], self.lang)

    @functools.cached_property
    def income_fy(self) -> str:
        return latest_fiscal_year(self.tables["income_groups"])

    @functools.cached_property
    def recorded_events(self) -> list[str]:
        """Indicators that count recorded events (summed whatever the coverage: metadata)."""
        return [
            i["id"]
            for i in self.meta["indicators"]
            if (i.get("aggregate") or {}).get("recorded_events")
        ]


def _series_index(frame: pd.DataFrame, place: str) -> dict[tuple, list[tuple]]:
    """(place, indicator, sex) -> [(year, value, flag)] sorted by year, built in one pass."""
    frame = frame.sort_values([place, "indicator_id", "sex", "year"])
    index: dict[tuple, list[tuple]] = {}
    cols = [frame[c].tolist() for c in (place, "indicator_id", "sex", "year", "value", "flag")]
    for p, i, s_, y, v, f in zip(*cols, strict=True):
        index.setdefault((p, i, s_), []).append((int(y), jsonable(v), f))
    return index


def page_path(path: str) -> str:
    """A page's address under the site, from its English source path, as MkDocs serves it
    (`countries/MEX.md` and `countries/MEX/index.md`: `countries/MEX/`; `index.md`: ``)."""
    stem = path.removesuffix(".md").removesuffix("index")
    return stem if stem == "" or stem.endswith("/") else stem + "/"


def write_page(ctx: Context, path: str, template: str, **values) -> None:
    """One page in the language being written: `path` is its English source path (the
    Spanish one is written beside it, countries/MEX.es.md). `root` leads to the language's
    home (/es/ for Spanish pages), `site_root` to the site's root, where the shared files are
    (chart data, downloads, assets): one copy for every language. `at("countries/MEX/")` links
    to another page: in the language when that page is translated, else in English."""
    depth = path.count("/") + (0 if path.endswith("index.md") else 1)
    root = "../" * depth
    site_root = root + ("" if ctx.lang == DEFAULT else "../")
    if ctx.lang != DEFAULT and (TEMPLATES / ctx.lang / template).is_file():
        template = f"{ctx.lang}/{template}"  # a long-prose template written in the language
    text = ctx.env.get_template(template).render(
        root=root,
        site_root=site_root,
        page_path=page_path(path),
        at=functools.partial(page_href, root=root, site_root=site_root),
        meta=ctx.meta,
        names=ctx.local_names,
        **values,
    )
    target = ctx.out / localized_path(path, ctx.lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


@functools.cache
def site_url() -> str:
    """The published site's address (mkdocs.yml): embed snippets name chart-only pages by it."""
    return load_yaml(ROOT / "mkdocs.yml")["site_url"]
