"""Country names in readers' words: every English name of a country or area is the UN's M49
name from the pinned SDG geo area list (read here with the csv module, apart from the build's
reader), never CLDR's ("Congo - Kinshasa", "Myanmar (Burma)", "St. Vincent & Grenadines");
the aliases readers search for are published and kept from metadata/countries.yaml."""

from __future__ import annotations

import csv
from pathlib import Path

import pyreadr
import yaml

from atlas.base import ROOT

CLDR_STYLE = (
    "Congo - Kinshasa",
    "Congo - Brazzaville",
    "Myanmar (Burma)",
    "St. Vincent & Grenadines",
)


def m49_names(path: Path) -> dict[int, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {int(r["geo_area"]): r["name"].strip() for r in csv.DictReader(f)}


def codes(path: Path) -> dict[str, int]:
    (frame,) = pyreadr.read_r(str(path)).values()
    frame = frame.dropna(subset=["m49"])
    return {str(i): int(m) for i, m in zip(frame["iso3"], frame["m49"], strict=True)}


def test_english_names_are_the_un_m49_names_of_the_pinned_list(raw, tables):
    un = m49_names(raw["sdg-geo-areas"])
    m49 = codes(raw["undesa-countrynames"])
    meta = yaml.safe_load((ROOT / "metadata" / "countries.yaml").read_text(encoding="utf-8"))
    overrides = meta["name_overrides"]
    countries = tables["countries"]
    places = countries[countries["kind"] == "country"].set_index("iso3")
    checked = 0
    for iso3, row in places.iterrows():
        if iso3 in overrides:
            assert row["name_en"] == overrides[iso3]["en"]
        elif iso3 in m49 and m49[iso3] in un:
            assert row["name_en"] == un[m49[iso3]], iso3
            checked += 1
    assert checked > 220  # nearly every place has its M49 name
    assert places.loc["XKX", "name_en"] == un[412]  # Kosovo by the SDG list's own code
    for iso3, name in {
        "COD": "Democratic Republic of the Congo",
        "COG": "Congo",
        "MMR": "Myanmar",
        "VCT": "Saint Vincent and the Grenadines",
        "TUR": "Türkiye",
        "GBR": "United Kingdom of Great Britain and Northern Ireland",
        "BOL": "Bolivia (Plurinational State of)",
    }.items():
        assert places.loc[iso3, "name_en"] == name
    assert not set(countries["name_en"]) & set(CLDR_STYLE)
    assert not countries["name_en"].str.contains("&", regex=False).any()


def test_aliases_are_published_for_search(tables):
    meta = yaml.safe_load((ROOT / "metadata" / "countries.yaml").read_text(encoding="utf-8"))
    countries = tables["countries"].set_index("iso3")
    for iso3, aliases in meta["aliases"].items():
        published = countries.loc[iso3, "aliases_en"].split("; ")
        assert [a for a in aliases if a != countries.loc[iso3, "name_en"]] == published
    assert "Turkey" in countries.loc["TUR", "aliases_en"]
    assert "Burma" in countries.loc["MMR", "aliases_en"]
    assert "DRC" in countries.loc["COD", "aliases_en"]
