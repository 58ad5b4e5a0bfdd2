"""Two full builds from the same inputs (the data package and the site) are byte-identical, the
second under another clock (Debian faketime), time zone and hash seed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR_DIGEST = (
    "import hashlib; from atlas import package; from atlas.metadata import load_metadata; "
    "from atlas.sources import load_sources; s = load_sources(); "
    "print(hashlib.sha256(package.descriptor_text(package.descriptor(load_metadata(sources=s), s))"
    ".encode()).hexdigest())"
)


def _env(seed: str) -> dict[str, str]:
    return dict(os.environ, PYTHONHASHSEED=seed, TZ="UTC" if seed == "1" else "Pacific/Kiritimati")


# What a full build writes, compared file by file (folder under the build root). dist/ is proven
# byte-identical by tests/test_release.py (two release runs, another clock and hash seed).
ARTEFACTS = ["data", "site"]


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(root: Path, seed: str, clock: list[str]) -> dict[str, dict[str, str]]:
    """fetch (offline) -> build -> render -> site, everything written under `root`."""
    (root / "data").mkdir(parents=True)
    shutil.copyfile(ROOT / "datapackage.json", root / "datapackage.json")  # committed, not built
    cmd = [
        *clock,
        sys.executable,
        "-m",
        "atlas",
        "build",
        "render",
        "site",
        "--offline",
        "--package-root",
        str(root),
        "--docs-dir",
        str(root / "generated" / "docs"),
        "--site-dir",
        str(root / "site"),
    ]
    done = subprocess.run(cmd, cwd=ROOT, env=_env(seed), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return {name: _digests(root / name) for name in ARTEFACTS}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    if shutil.which("faketime") is None:
        pytest.skip("Debian faketime is installed by `make test`")
    tmp = tmp_path_factory.mktemp("determinism")
    first = _build(tmp / "a", "1", [])
    second = _build(tmp / "b", "4242", ["faketime", "2031-02-03 04:05:06"])
    return first, second


def _differences(first: dict[str, str], second: dict[str, str]) -> list[str]:
    return sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))


def test_two_data_builds_are_byte_identical_under_another_clock_and_hash_seed(two_builds):
    first, second = (b["data"] for b in two_builds)
    resources = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert len([k for k in first if k.endswith(".csv")]) == len(resources)  # the index included
    assert _differences(first, second) == []


def test_two_site_builds_are_byte_identical_under_another_clock_and_hash_seed(two_builds):
    first, second = (b["site"] for b in two_builds)
    assert len(first) > 3000 and "sitemap.xml.gz" in first and "search/search_index.json" in first
    diff = _differences(first, second)
    assert diff == [], f"{len(diff)} files differ: {diff[:20]}"


def test_descriptor_is_identical_under_another_hash_seed():
    digests = {
        subprocess.run(
            [sys.executable, "-c", DESCRIPTOR_DIGEST],
            cwd=ROOT,
            env=_env(seed),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for seed in ("1", "99")
    }
    assert len(digests) == 1


def test_committed_descriptor_is_not_stale():
    """datapackage.json is derived from metadata/ and sources.yaml; it must be regenerated."""
    from atlas import package
    from atlas.metadata import load_metadata
    from atlas.sources import load_sources

    sources = load_sources()
    expected = package.descriptor_text(package.descriptor(load_metadata(sources=sources), sources))
    committed = (ROOT / "datapackage.json").read_text(encoding="utf-8")
    assert committed == expected, "datapackage.json is stale: run `make descriptor` and commit it"
