"""Shared fixtures: the built package (data/ under the project root) and the raw files; the
test tiers.

`make test` builds the package before pytest runs; when data/ is missing (a bare `pytest`),
the fixture builds it through the real pipeline once per session.

Tiers: a test that reads the built package (a fixture below) is marked `package`; a test of a
module that reads the built site, runs a browser or builds twice is marked `site`. `make
test-fast` runs the rest (`-m "not package and not site"`): readers, transforms, validation,
metadata, specs, formatters, index maths — no build, no browser. `make test` runs everything.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from atlas.base import ROOT
from atlas.pipeline import run
from atlas.sources import fetch_all, load_sources

# modules that need site/ (built by `make site`), a browser, or whole builds of their own;
# every `test_*_browser` module is one of them too
SITE_MODULES = {
    "test_accessibility",
    "test_bad_sources",
    "test_browser",
    "test_chart_block",
    "test_chart_browser",
    "test_chart_specs",
    "test_csp",
    "test_determinism",
    "test_hostile_site",
    "test_html_validity",
    "test_index_browser",
    "test_linkchecker",
    "test_offline_bundle",
    "test_pickers_browser",
    "test_reader_findings_site",
    "test_release",
    "test_sdg_browser",
    "test_site_links",
}
PACKAGE_FIXTURES = {"package_root", "descriptor", "tables", "obs", "package_copy"}


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        name = item.module.__name__.rpartition(".")[2]
        if name in SITE_MODULES or name.endswith("_browser"):
            item.add_marker(pytest.mark.site)
        elif PACKAGE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.package)


RESOURCES = [
    "countries",
    "income_groups",
    "indicators",
    "observations",
    "bilateral",
    "instruments",
    "ratifications",
    "missing_migrants_routes",
    "asylum_decisions",
    "sdg_series",
    "aggregates",
    "index",
    "index_inputs",
    "index_indicators",
    "index_sensitivity",
    "index_correlations",
    "south_south",
    "south_south_world",
    "south_south_countries",
    "south_south_development",
    "regional_flows",
    "income_gap",
    "income_gap_origins",
]


@pytest.fixture(scope="session")
def package_root() -> Path:
    if not all((ROOT / "data" / f"{name}.csv").exists() for name in RESOURCES):
        run(["fetch", "build"])
    return ROOT


@pytest.fixture(scope="session")
def descriptor(package_root: Path) -> dict:
    return json.loads((package_root / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def tables(package_root: Path) -> dict[str, pd.DataFrame]:
    """Every resource as text, exactly as published."""
    return {
        name: pd.read_csv(package_root / "data" / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in RESOURCES
    }


@pytest.fixture(scope="session")
def obs(tables) -> pd.DataFrame:
    """Observations with numeric year and value, for lookups in data tests."""
    frame = tables["observations"].copy()
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    return frame


@pytest.fixture(scope="session")
def raw() -> dict[str, Path]:
    """source id -> verified local copy of every pinned file (canonical and cross-check)."""
    return fetch_all(load_sources())


@pytest.fixture()
def package_copy(package_root: Path, tmp_path: Path) -> Path:
    """A throwaway copy of the built package (descriptor + data/) to tamper with."""
    target = tmp_path / "package"
    shutil.copytree(package_root / "data", target / "data")
    shutil.copyfile(package_root / "datapackage.json", target / "datapackage.json")
    return target


def value(obs: pd.DataFrame, indicator: str, iso3: str, year: int, sex: str = "total") -> float:
    """One published value (fails the test when absent)."""
    hit = obs[
        (obs["indicator_id"] == indicator)
        & (obs["iso3"] == iso3)
        & (obs["year"] == year)
        & (obs["sex"] == sex)
    ]
    assert len(hit) == 1, (
        f"expected one value for {indicator} {iso3} {year} {sex}, found {len(hit)}"
    )
    return float(hit["value"].iloc[0])
