"""One chart of one page: its spec, its rows (the data file), what the page prints beside it,
and the helpers every chart builder shares (series points, line charts, the source line)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from atlas.render.formats import tbody_html

FIRST_YEAR = 2000  # country-page line charts start here (page weight); downloads hold every year
# how table cells read, by field (formats.cell_text): years as years, coverage (a share 0-1)
# to three decimals, scores to one; a chart's values by their unit (`value_styles`)
COLUMN_STYLES = {"year": "year", "score": "1", "coverage": "3"}
# the unit column of the CSVs of charts whose values have no unit in metadata/units.yaml
KIND_UNITS = {"scores": "score (0-100, 100 best)", "intervals": "rank"}


def kind_url(kind: str, unit: str, lang: str = "en") -> str:
    """charts/kinds/<kind>.vl.json, or charts/kinds/<kind>/<unit as a slug>.vl.json; in another
    language charts/kinds/<lang>/...: its text (axis and tooltip titles, number words, the
    labels of the data's English names) in the language, its data the English chart's."""
    slug = re.sub(r"[^a-z0-9]+", "-", unit.lower()).strip("-")
    folder = "charts/kinds" if lang == "en" else f"charts/kinds/{lang}"
    return f"{folder}/{kind}/{slug}.vl.json" if slug else f"{folder}/{kind}.vl.json"


def value_styles(fmt: dict) -> dict:
    """Cell styles of a chart whose `value` column is in a unit of format `fmt`: counts as
    integers, shares to one decimal, indices to three (metadata/units.yaml)."""
    return {**COLUMN_STYLES, "value": str(fmt["decimals"])}


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
    fallback: bool = True  # a static SVG shows until the interactive chart is drawn
    first: bool = False  # the page's first chart: its SVG is loaded at once, never lazily
    svg_size: tuple[int, int] = (600, 300)  # the static SVG's size (set when it is rendered)
    entity: str = ""  # the one country or area a chart is about (its CSV's entity and code);
    code: str = ""  # empty when each row names its own (`code`/`iso3`, `name`/`series`)
    controls: dict = field(default_factory=dict)
    unit: str = ""  # the values' unit: names the shared spec its page draws from
    styles: dict = field(default_factory=lambda: dict(COLUMN_STYLES))  # each field's cell style
    # the page the chart is drawn on (`countries/MEX/origin-costs/`), set where it is placed, as
    # its English address: its Share link, citation and chart-only page name it (the key's
    # folder is not always a page)
    page: str = ""
    defer_table: bool = False  # its table's rows parsed in when opened (a long one, /index/)
    lang: str = "en"  # the page's language: a Spanish or French chart shares the English data
    spec_file: str = ""  # its spec's template (charts/specs/<digest>.vl.json), once written

    @functools.cached_property
    def tbody(self) -> Markup:
        return tbody_html(self.rows, self.columns, self.styles, self.lang)

    @property
    def flagged(self) -> bool:
        """Whether a row is flagged (drawn as a hollow point): the footer explains hollow points
        only then (atlas.js says it again when a reader's pick redraws the chart)."""
        return any(r.get("flag") for r in self.rows)

    @property
    def fields(self) -> list[str]:
        """The table's fields, in order (the CSV's first columns)."""
        return [f for f, _ in self.columns]

    @property
    def csv_unit(self) -> str:
        """The values' unit as the CSV names it (charts of scores and ranks have no unit of
        metadata/units.yaml)."""
        return self.unit or KIND_UNITS.get(self.kind, "")

    @property
    def kind_url(self) -> str:
        """The shared spec of the chart's kind and unit (its axis format), cached by browsers
        across pages."""
        return kind_url(self.kind, self.unit, self.lang)

    @property
    def data_url(self) -> str:
        return f"charts/{self.key}.json"

    @property
    def svg_url(self) -> str:
        return f"charts/{self.key}.svg"

    @property
    def page_url(self) -> str:
        """The page showing the chart, in the chart's language (es/countries/MEX/); before it
        is placed, its key's folder."""
        prefix = "" if self.lang == "en" else f"{self.lang}/"
        return prefix + (self.page or self.key.rsplit("/", 1)[0] + "/")

    @property
    def embed_url(self) -> str:
        """The chart alone: one page for every chart (embed/index.html, `embed.js`) reads it
        from the page that shows it, named when that is not its key's folder (a country's
        sub-pages show charts keyed countries/MEX/<name>)."""
        folder = self.key.rsplit("/", 1)[0] + "/"
        on = f"&page={self.page}" if self.page and self.page != folder else ""
        # a Spanish or French chart: its key under its language (embed/?chart=es/countries/...),
        # drawn in that language from the page in that language
        prefix = "" if self.lang == "en" else f"{self.lang}/"
        return f"embed/?chart={prefix}{self.key}{on}"
