"""One chart of one page: its spec, its rows (the data file), what the page prints beside it,
and the helpers every chart builder shares (series points, line charts, the source line)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from markupsafe import Markup

from atlas.render.formats import tbody_html

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
