"""Fetch stage: every raw input pinned in `sources.yaml`, verified before any byte is parsed.

A file is taken from the local cache, else from the mirror folder (`ATLAS_MIRROR`, default
`../shared/sources`), else downloaded from its URL. Whatever the origin, its sha256 must equal
the pinned digest; a mismatch is its own error and the file never reaches the build. The cache
is keyed by digest, so a new vintage (new digest) can never be served a stale copy. This is the
only module of the Atlas that touches the network.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from atlas.base import ROOT, load_yaml
from atlas.errors import ChecksumMismatch, InputError, Problem, SourceNotFound

REQUIRED_KEYS = (
    "id",
    "role",
    "path",
    "title",
    "publisher",
    "landing_url",
    "url",
    "license",
    "attribution",
    "vintage",
    "sha256",
)
ROLES = ("canonical", "crosscheck")


def default_mirror() -> Path:
    return Path(os.environ.get("ATLAS_MIRROR", ROOT.parent / "shared" / "sources"))


def default_cache() -> Path:
    return Path(os.environ.get("ATLAS_CACHE", ROOT / ".cache" / "raw"))


def load_sources(path: Path | None = None) -> list[dict]:
    """Read and check `sources.yaml`: every entry complete, ids unique, digests well formed."""
    path = path or ROOT / "sources.yaml"
    doc = load_yaml(path)
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise InputError([Problem(str(path), None, "sources", "expected a list under 'sources'")])
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(Problem(str(path), i, None, "entry is not a mapping"))
            continue
        for key in REQUIRED_KEYS:
            if not str(entry.get(key) or "").strip():
                problems.append(Problem(str(path), i, key, "required key missing or empty"))
        sid = entry.get("id")
        if sid in seen:
            problems.append(Problem(str(path), i, "id", "duplicate source id", str(sid)))
        seen.add(sid)
        digest = str(entry.get("sha256", ""))
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            problems.append(
                Problem(str(path), i, "sha256", "not a sha256 digest", digest, "64 hex digits")
            )
        if entry.get("role") not in ROLES:
            problems.append(
                Problem(
                    str(path), i, "role", "unknown role", str(entry.get("role")), "|".join(ROLES)
                )
            )
    if problems:
        raise InputError(problems)
    return entries


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cached_path(source: dict, cache: Path) -> Path:
    return cache / source["sha256"] / Path(source["path"]).name


def _verified(source: dict, path: Path) -> Path:
    actual = sha256_of(path)
    if actual != source["sha256"]:
        raise ChecksumMismatch(source["id"], str(path), source["sha256"], actual)
    return path


def _install(source: dict, staged: Path, cache: Path) -> Path:
    """Verify a staged copy, then move it into the cache in one rename."""
    try:
        _verified(source, staged)
    except ChecksumMismatch:
        staged.unlink(missing_ok=True)
        raise
    target = cached_path(source, cache)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)
    return target


def _download(url: str, into: Path, timeout: float) -> None:
    with urllib.request.urlopen(url, timeout=timeout) as response, into.open("wb") as fh:
        shutil.copyfileobj(response, fh, 1 << 20)


def fetch_source(
    source: dict, cache: Path, mirror: Path, *, allow_download: bool = True, timeout: float = 60
) -> Path:
    """Return a verified local copy of one source: cache, else mirror, else its URL."""
    target = cached_path(source, cache)
    if target.exists():
        return _verified(source, target)
    cache.mkdir(parents=True, exist_ok=True)
    tried = [f"cache {target}"]
    mirrored = mirror / source["path"]
    if mirrored.is_file():
        fd, tmp = tempfile.mkstemp(dir=cache, prefix=".fetch-")
        os.close(fd)
        shutil.copyfile(mirrored, tmp)
        try:
            return _install(source, Path(tmp), cache)
        except ChecksumMismatch as exc:
            raise ChecksumMismatch(source["id"], str(mirrored), exc.expected, exc.actual) from None
    tried.append(f"mirror {mirrored}")
    if allow_download:
        fd, tmp = tempfile.mkstemp(dir=cache, prefix=".download-")
        os.close(fd)
        try:
            _download(source["url"], Path(tmp), timeout)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            Path(tmp).unlink(missing_ok=True)
            tried.append(f"download {source['url']} ({exc})")
        else:
            try:
                return _install(source, Path(tmp), cache)
            except ChecksumMismatch as exc:
                raise ChecksumMismatch(
                    source["id"], source["url"], exc.expected, exc.actual
                ) from None
    else:
        tried.append(f"download {source['url']} (not allowed)")
    raise SourceNotFound(source["id"], tried)


def fetch_all(
    sources: list[dict],
    cache: Path | None = None,
    mirror: Path | None = None,
    *,
    roles: tuple[str, ...] = ROLES,
    allow_download: bool = True,
) -> dict[str, Path]:
    """Fetch every source of the given roles; returns source id -> verified local path."""
    cache = cache or default_cache()
    mirror = mirror or default_mirror()
    return {
        s["id"]: fetch_source(s, cache, mirror, allow_download=allow_download)
        for s in sources
        if s["role"] in roles
    }
