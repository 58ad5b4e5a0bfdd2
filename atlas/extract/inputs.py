"""The verified raw files of one build, each parsed once (`Inputs`), and the country tables
and code maps every reader uses: codes are mapped onto the Atlas's codes here, so an unknown
code stops the build with the file, row and value. The readers are in `atlas.extract.readers`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from atlas.errors import InputError, Problem, raise_if_any
from atlas.extract.read import (
    read_csv_text,
    read_rda,
    row_number,
)


class Inputs:
    """Verified paths of a build's sources, with each parsed table kept once (the state)."""

    def __init__(self, paths: dict[str, Path], meta: dict):
        self.paths = paths
        self.meta = meta
        self._tables: dict[str, pd.DataFrame] = {}

    def path(self, source_id: str) -> Path:
        if source_id not in self.paths:
            raise InputError([Problem("sources.yaml", None, source_id, "source was not fetched")])
        return self.paths[source_id]

    def label(self, source_id: str) -> str:
        return f"{source_id} ({self.path(source_id).name})"

    def table(self, key: str, reader: Callable[[Inputs], pd.DataFrame]) -> pd.DataFrame:
        if key not in self._tables:
            self._tables[key] = reader(self)
        return self._tables[key]

    # --- country codes ------------------------------------------------------------------------
    def country_table(self) -> pd.DataFrame:
        return self.table("countrynames", countrynames)

    def known_codes(self) -> set[str]:
        cm = self.meta["countries"]
        codes = set(self.country_table()["iso3"])
        return codes | set(cm["aggregates"]) | set(cm["former_codes"]) | set(cm["names"])

    def codes(
        self,
        values: pd.Series,
        family: str | None,
        source_id: str,
        field: str,
        *,
        drop: set[str] = frozenset(),
    ) -> pd.Series:
        """Map a source's codes onto Atlas codes; unknown codes stop the build."""
        mapping = self.meta["countries"]["code_maps"].get(family, {}) if family else {}
        uniques = pd.unique(values.astype(object))
        clean = {
            u: (mapping.get(u.strip(), u.strip()) if isinstance(u, str) else None) for u in uniques
        }
        text = values.astype(object)
        mapped = text.map(clean)
        known = self.known_codes() | drop
        bad = ~mapped.isin(known) & mapped.notna()
        problems = []
        if bad.any():
            hits = (
                pd.Series(np.flatnonzero(bad.to_numpy()))
                .groupby(text[bad].to_numpy())
                .agg(["first", "size"])
            )
            for code, (first, size) in hits.iterrows():
                more = f" ({size} rows)" if size > 1 else ""
                problems.append(
                    Problem(
                        self.label(source_id),
                        row_number(values, int(first)),
                        field,
                        "unknown country code" + more,
                        str(code),
                        "a code in the UN DESA country table or metadata/countries.yaml",
                    )
                )
        raise_if_any(problems)
        return mapped

    def wb_aggregate_codes(self) -> set[str]:
        meta = self.table("wb-country-metadata-2025", wb_country_metadata)
        return set(meta.loc[meta["Region"].str.strip() == "", "Country Code"])

    def wb_name_to_code(self) -> dict[str, str]:
        meta = self.table("wb-country-metadata-2025", wb_country_metadata)
        names = dict(
            zip(meta["TableName"].str.strip().str.casefold(), meta["Country Code"], strict=True)
        )
        extra = self.meta["countries"]["code_maps"].get("wb_names", {})
        names.update({k.strip().casefold(): v for k, v in extra.items()})
        return names


def countrynames(inp: Inputs) -> pd.DataFrame:
    frame = read_rda(
        inp.path("undesa-countrynames"),
        inp.label("undesa-countrynames"),
        [
            "m49",
            "iso2",
            "iso3",
            "name",
            "name_sort",
            "name_text",
            "with_the",
            "region_code",
            "region",
            "subregion_code",
            "subregion",
            "intregion_code",
            "intregion",
            "iom_region",
            "rdh",
            "ldc",
            "lldc",
            "sids",
            "eu",
            "schengen",
            "balkans",
            "snapshot",
        ],
    )
    frame["iso2"] = frame["iso2"].fillna("")  # Namibia's 'NA' is text in the R file
    return frame


def m49_names(inp: Inputs) -> pd.DataFrame:
    """UN M49 English names by numeric code (UNSD's SDG geo area list): the names the UN uses,
    e.g. "Türkiye", "Democratic Republic of the Congo", "Netherlands (Kingdom of the)"."""
    sid = "sdg-geo-areas"
    frame = read_csv_text(inp.path(sid), inp.label(sid), ["geo_area", "name"], unique=["geo_area"])
    return frame.assign(geo_area=frame["geo_area"].str.strip(), name=frame["name"].str.strip())


def wb_country_metadata(inp: Inputs) -> pd.DataFrame:
    sid = "wb-country-metadata-2025"
    return read_csv_text(
        inp.path(sid),
        inp.label(sid),
        ["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"],
        bom="required",
    )


# --- readers of raw tables (one each) ----------------------------------------------------------


def m49_to_iso3(inp: Inputs, m49: pd.Series, family: str = "sdg_m49") -> pd.Series:
    table = inp.country_table().dropna(subset=["m49"])
    lookup = {str(int(m)): iso for m, iso in zip(table["m49"], table["iso3"], strict=True)}
    lookup.update(inp.meta["countries"]["code_maps"][family])
    return m49.astype(str).map(lambda c: lookup.get(c, c))


def iso2_to_iso3(inp: Inputs, iso2: pd.Series) -> pd.Series:
    table = inp.country_table()
    lookup = {a: b for a, b in zip(table["iso2"], table["iso3"], strict=True) if a}
    extra = inp.meta["countries"]["code_maps"]["iso2"]
    lookup.update({k: lookup.get(v, v) if k != "notspec" else v for k, v in extra.items()})
    return iso2.map(lambda c: lookup.get(c, c))


def name_to_iso3(inp: Inputs) -> dict[str, str]:
    """Casefolded country names -> iso3: UN DESA's names, then metadata/countries.yaml."""
    table = inp.country_table()
    names = {}
    for col in ("name", "name_text", "name_sort"):
        for name, iso3 in zip(table[col].astype(str), table["iso3"], strict=True):
            names.setdefault(name.strip().casefold(), iso3)
    extra = inp.meta["countries"]["code_maps"]["untc_names"]
    names.update({k.strip().casefold(): v for k, v in extra.items()})
    return names
