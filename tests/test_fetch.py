"""Fetch stage: cache, then mirror, then download; the sha256 is checked before anything else."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from atlas.errors import ChecksumMismatch, SourceNotFound
from atlas.sources import cached_path, fetch_source, load_sources, sha256_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def source() -> dict:
    """A small real source (the SDG geo-area table, 12 KB)."""
    return next(s for s in load_sources() if s["id"] == "sdg-geo-areas")


@pytest.fixture(scope="module")
def mirror_file(source) -> Path:
    from atlas.sources import default_mirror

    return default_mirror() / source["path"]


@pytest.fixture()
def server(tmp_path):
    """A local HTTP server serving tmp_path/www (no test reaches outside the machine)."""
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield www, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_every_source_entry_is_complete_and_points_to_a_mirror_file():
    from atlas.sources import default_mirror

    sources = load_sources()
    assert len({s["id"] for s in sources}) == len(sources)
    for s in sources:
        assert (default_mirror() / s["path"]).is_file(), s["id"]
        assert s["url"].startswith("https://"), s["id"]


def test_download_path_fetches_and_verifies(source, mirror_file, server, tmp_path):
    www, base = server
    shutil.copyfile(mirror_file, www / "file.csv")
    entry = dict(source, url=f"{base}/file.csv")
    cache = tmp_path / "cache"
    got = fetch_source(entry, cache, tmp_path / "empty-mirror")
    assert got == cached_path(entry, cache)
    assert sha256_of(got) == source["sha256"]
    # a second fetch is served by the cache, even with the server gone
    (www / "file.csv").unlink()
    assert fetch_source(entry, cache, tmp_path / "empty-mirror", allow_download=False) == got


def test_download_with_wrong_bytes_is_refused_before_parsing(source, server, tmp_path):
    www, base = server
    (www / "file.csv").write_text("geo_area,name\n1,World\n")
    entry = dict(source, url=f"{base}/file.csv")
    cache = tmp_path / "cache"
    with pytest.raises(ChecksumMismatch) as err:
        fetch_source(entry, cache, tmp_path / "empty-mirror")
    assert err.value.source_id == "sdg-geo-areas"
    assert err.value.expected == source["sha256"]
    assert err.value.actual != source["sha256"]
    assert f"{base}/file.csv" in str(err.value)
    assert not cached_path(entry, cache).exists()
    assert not any(p.name.startswith(".download-") for p in cache.iterdir())


def test_mirror_copy_goes_to_cache(source, tmp_path):
    from atlas.sources import default_mirror

    cache = tmp_path / "cache"
    got = fetch_source(source, cache, default_mirror(), allow_download=False)
    assert got.read_bytes() == (default_mirror() / source["path"]).read_bytes()


def test_unreachable_url_and_no_mirror_names_every_place_tried(source, tmp_path):
    entry = dict(source, url="http://127.0.0.1:9/nothing.csv")
    with pytest.raises(SourceNotFound) as err:
        fetch_source(entry, tmp_path / "cache", tmp_path / "no-mirror", timeout=2)
    text = str(err.value)
    assert (
        "sdg-geo-areas" in text and "cache" in text and "mirror" in text and "127.0.0.1:9" in text
    )


def test_corrupted_cache_copy_is_a_checksum_error(source, tmp_path):
    cache = tmp_path / "cache"
    target = cached_path(source, cache)
    target.parent.mkdir(parents=True)
    target.write_text("tampered")
    with pytest.raises(ChecksumMismatch) as err:
        fetch_source(source, cache, tmp_path / "no-mirror", allow_download=False)
    assert str(target) in str(err.value)
