"""Release stage: the version record, the manifest and changelog, and the files in dist/.

The version and release date come from the committed release record
(`releases/<version>/release.yaml`), never from the clock. For the current release this stage
writes the committed records — `releases/<version>/manifest.csv` (one row per indicator ×
country: first and last year, count, total and a digest of the series), `sources.csv` (the
vintage of every source), `changelog.json` (the diff against the previous release's manifest),
`CITATION.cff` and `.zenodo.json` — and the release files in `dist/`: the data package zip, the
offline site zip, the SBOM and `SHA256SUMS`. Zips are byte-stable: entries sorted, every timestamp
from SOURCE_DATE_EPOCH or else the release date, fixed permissions and compression. The SBOM
(CycloneDX JSON) lists the Python environment that built the release (`cyclonedx-py environment`,
from .venv-tools) and the npm packages of package-lock.json that the site ships; sorted, dated
like the zips, without a serial number.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import jinja2
import pandas as pd

from atlas import citation
from atlas.base import (
    RELEASES,
    ROOT,
    current_release,
    load_yaml,
    release_epoch,
    release_records,
    staging_dir,
    swap_in,
    version_key,
)
from atlas.changelog import (
    MANIFEST_FIELDS,
    SOURCE_FIELDS,
    changelog,
    diff_manifests,
    frame_text,
    read_manifest,
    series_manifest,
    sources_manifest,
)
from atlas.errors import InputError, Problem
from atlas.metadata import load_metadata
from atlas.package import descriptor
from atlas.sources import load_sources

DIST = ROOT / "dist"
# cyclonedx-bom, pinned in requirements-tools.lock (`make tools-setup`)
CYCLONEDX = ROOT / ".venv-tools" / "bin" / "cyclonedx-py"


# --- the release record -------------------------------------------------------------------------


def previous_release(records: list[dict], version: str) -> dict | None:
    earlier = [r for r in records if version_key(r["version"]) < version_key(version)]
    return earlier[-1] if earlier else None


# --- the manifest --------------------------------------------------------------------------------


# --- the diff ------------------------------------------------------------------------------------


# --- the committed records -----------------------------------------------------------------------
def record_texts(
    observations: pd.DataFrame,
    sources: list[dict],
    meta: dict,
    descriptor: dict,
    site_url: str,
    releases: Path = RELEASES,
    root: Path = ROOT,
) -> dict[Path, str]:
    """The text of every committed record of the current release (nothing is written here)."""

    records = release_records(releases)
    record = records[-1]
    previous = previous_release(records, record["version"])
    manifest = series_manifest(observations)
    src = sources_manifest(sources)
    old = old_src = None
    if previous is not None:
        old = read_manifest(previous["folder"] / "manifest.csv", MANIFEST_FIELDS)
        old_src = read_manifest(previous["folder"] / "sources.csv", SOURCE_FIELDS)
    diff = diff_manifests(old, manifest.astype(str), old_src, src)
    log = changelog(record, previous, diff)
    cite_meta = load_yaml(root / "metadata" / "citation.yaml")
    folder = record["folder"]
    return {
        folder / "manifest.csv": frame_text(manifest),
        folder / "sources.csv": frame_text(src),
        folder / "changelog.json": json.dumps(log, indent=1, ensure_ascii=False) + "\n",
        root / "CITATION.cff": citation.cff_text(
            citation.cff_document(record, descriptor, cite_meta, sources, site_url)
        ),
        root / ".zenodo.json": json.dumps(
            citation.zenodo_document(record, descriptor, cite_meta, sources, site_url),
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
    }


def stale_records(texts: dict[Path, str]) -> list[Problem]:
    """Committed records that differ from what this build gives (never silently rewritten)."""
    problems = []
    for path, text in texts.items():
        try:
            same = path.read_text(encoding="utf-8") == text
        except FileNotFoundError:
            same = False
        if not same:
            problems.append(
                Problem(
                    str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
                    None,
                    None,
                    "stale or missing: it differs from what this build gives; run `make release` and commit it",
                )
            )
    return problems


def write_records(texts: dict[Path, str]) -> list[Path]:
    """Write the records that changed; returns them (to be committed)."""
    changed = []
    for path, text in texts.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


# --- deterministic zips --------------------------------------------------------------------------
def zip_bytes(entries: dict[str, bytes | Path], epoch: int) -> bytes:
    """A zip with entries in sorted order, one timestamp, fixed modes and compression level."""
    stamp = max(epoch, 315532800)  # zip cannot store times before 1980
    date_time = dt.datetime.fromtimestamp(stamp, dt.UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix: the same bytes on every machine
            content = entries[name]
            data = content.read_bytes() if isinstance(content, Path) else content
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()


def tree_entries(folder: Path, prefix: str) -> dict[str, Path]:
    return {
        f"{prefix}/{p.relative_to(folder).as_posix()}": p
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def sha256sums(files: dict[str, bytes]) -> str:
    """`sha256sum -c` format: '<hex>  <name>' per line, sorted by name."""
    return "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    )


def write_dist(files: dict[str, bytes], dist: Path) -> None:
    """Write dist/ through a staging folder swapped in whole."""

    staging = staging_dir(dist)
    for name, data in files.items():
        (staging / name).write_bytes(data)
    swap_in(staging, dist)


# --- the SBOM ------------------------------------------------------------------------------------
def sbom_name(version: str) -> str:
    return f"atlas-{version}-sbom.cdx.json"


def environment_bom(python: str = sys.executable, tool: Path = CYCLONEDX) -> dict:
    """CycloneDX of the installed Python environment (`cyclonedx-py environment`, reproducible)."""
    if not tool.exists():
        raise InputError([Problem(str(tool), None, None, "missing: run `make tools-setup`")])
    result = subprocess.run(
        [str(tool), "environment", "--output-reproducible", "--sv", "1.6", "--of", "JSON", python],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise InputError([Problem(str(tool), None, None, result.stderr.strip()[-2000:])])
    return json.loads(result.stdout)


def npm_components(lock: dict) -> list[dict]:
    """The packages of package-lock.json that are not devDependencies: those the site ships."""
    out = {}
    for key, entry in lock["packages"].items():
        if not key or entry.get("dev"):
            continue
        name = key.rsplit("node_modules/", 1)[1]
        purl = f"pkg:npm/{name.replace('@', '%40')}@{entry['version']}"
        component = {"bom-ref": purl, "type": "library", "name": name}
        component |= {"version": entry["version"], "purl": purl, "scope": "required"}
        if entry.get("license"):
            component["licenses"] = [{"expression": entry["license"]}]
        algorithm, _, digest = entry.get("integrity", "").partition("-")
        if algorithm == "sha512":
            hexdigest = base64.b64decode(digest).hex()
            component["hashes"] = [{"alg": "SHA-512", "content": hexdigest}]
        out[purl] = component  # a package nested twice at one version is one component
    return list(out.values())


def sbom_document(env: dict, lock: dict, version: str, epoch: int) -> dict:
    """One CycloneDX 1.6 document: the release (root), its Python packages and npm packages.

    The editable install of `atlas` (whose only address is the local checkout) becomes the
    root component; every list is sorted; the timestamp is that of the release files."""
    root_ref = "atlas"
    python = [c for c in env["components"] if c["name"] != "atlas"]
    dropped = {c["bom-ref"] for c in env["components"] if c["name"] == "atlas"}
    npm = npm_components(lock)
    direct = sorted(
        c["bom-ref"] for c in npm if c["name"] in lock["packages"][""].get("dependencies", {})
    )
    dependencies = []
    for dep in env.get("dependencies", []):
        ref = root_ref if dep["ref"] in dropped else dep["ref"]
        depends = sorted(d for d in dep.get("dependsOn", []) if d not in dropped)
        if ref == root_ref:
            depends = sorted(depends + direct)
        dependencies.append({"ref": ref, "dependsOn": depends})
    if root_ref not in {d["ref"] for d in dependencies}:
        dependencies.append({"ref": root_ref, "dependsOn": direct})
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    metadata = {k: v for k, v in env.get("metadata", {}).items() if k != "component"}
    metadata["timestamp"] = stamp
    metadata["component"] = {
        "bom-ref": root_ref,
        "type": "application",
        "name": "atlas",
        "version": version,
        "description": "Migration & Development Atlas: the data package and the static site",
    }
    return {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": metadata,
        "components": sorted(python + npm, key=lambda c: (c.get("purl", ""), c["bom-ref"])),
        "dependencies": sorted(dependencies, key=lambda d: d["ref"]),
    }


def sbom_bytes(doc: dict) -> bytes:
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


# --- the stage -----------------------------------------------------------------------------------
def _text_env():
    """Plain-text templates (README, LICENSES): Markdown and text files, not HTML."""

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "templates"),
        autoescape=False,  # plain-text files, never served as HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def build_record_texts(package_root: Path = ROOT, root: Path = ROOT) -> dict[Path, str]:
    """The committed records the current build gives (read from the built package)."""

    sources = load_sources(root / "sources.yaml")
    meta = load_metadata(sources=sources)
    obs = pd.read_csv(package_root / "data" / "observations.csv", dtype=str, keep_default_na=False)
    site_url = load_yaml(root / "mkdocs.yml")["site_url"]
    return record_texts(
        obs, sources, meta, descriptor(meta, sources), site_url, root / "releases", root
    )


def release_files(
    package_root: Path = ROOT, site: Path = ROOT / "site", root: Path = ROOT
) -> dict[str, bytes]:
    """dist/: the data package zip, the offline site zip, the SBOM and SHA256SUMS, as bytes."""

    record = current_release(root / "releases")
    version = record["version"]
    epoch = release_epoch(record)
    if not (site / "index.html").exists():
        raise InputError([Problem(str(site), None, None, "site not built: run `make site` first")])
    sources = [s for s in load_sources(root / "sources.yaml") if s["role"] == "canonical"]
    log = json.loads((record["folder"] / "changelog.json").read_text(encoding="utf-8"))
    descriptor = json.loads((package_root / "datapackage.json").read_text(encoding="utf-8"))
    env = _text_env()
    values = {
        "record": record,
        "log": log,
        "descriptor": descriptor,
        "sources": sources,
        "site_url": load_yaml(root / "mkdocs.yml")["site_url"],
    }
    top = f"atlas-{version}"
    data: dict[str, bytes | Path] = {
        f"{top}/datapackage.json": package_root / "datapackage.json",
        f"{top}/README.md": env.get_template("release_readme.md.j2").render(**values).encode(),
        f"{top}/LICENSES.md": env.get_template("release_licenses.md.j2").render(**values).encode(),
        f"{top}/CITATION.cff": root / "CITATION.cff",
        f"{top}/CHANGELOG.json": record["folder"] / "changelog.json",
    }
    for resource in descriptor["resources"]:
        data[f"{top}/{resource['path']}"] = package_root / resource["path"]
    for kind in ("indicators", "countries"):
        for path in sorted((site / "data" / kind).glob("*.json")):
            data[f"{top}/json/{kind}/{path.name}"] = path
    site_top = f"atlas-site-{version}"
    offline: dict[str, bytes | Path] = dict(tree_entries(site, site_top))
    offline[f"{site_top}/README.txt"] = (
        env.get_template("release_site_readme.txt.j2").render(**values).encode()
    )
    files = {
        f"atlas-{version}.zip": zip_bytes(data, epoch),
        f"atlas-site-{version}.zip": zip_bytes(offline, epoch),
    }
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    files[sbom_name(version)] = sbom_bytes(sbom_document(environment_bom(), lock, version, epoch))
    files["SHA256SUMS"] = sha256sums(files).encode()
    return files
