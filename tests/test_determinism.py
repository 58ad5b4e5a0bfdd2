"""Two builds from the same inputs are byte-identical, under another clock and hash seed."""

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


def _build(root: Path, seed: str, clock: list[str]) -> dict[str, str]:
    (root / "data").mkdir(parents=True)
    cmd = [*clock, sys.executable, "-m", "atlas", "build", "--offline", "--package-root", str(root)]
    subprocess.run(cmd, cwd=ROOT, env=_env(seed), check=True, capture_output=True)
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "data").glob("*.csv"))
    }


@pytest.mark.skipif(
    shutil.which("faketime") is None, reason="Debian faketime is installed by `make test`"
)
def test_two_builds_are_byte_identical_under_another_clock_and_hash_seed(tmp_path):
    first = _build(tmp_path / "a", "1", [])
    second = _build(tmp_path / "b", "4242", ["faketime", "2031-02-03 04:05:06"])
    resources = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert len(first) == len(resources)  # built and analysed resources, the index included
    assert first == second


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
