"""Release stage: the version record, the manifest and changelog, and the files in dist/.

The version and release date come from the committed release record
(`releases/<version>/release.yaml`), never from the clock. For the current release this stage
writes the committed records — `releases/<version>/manifest.csv` (one row per indicator ×
country: first and last year, count, total and a digest of the series), `sources.csv` (the
vintage of every source), `changelog.json` (the diff against the previous release's manifest),
`CITATION.cff` and `.zenodo.json` — and the release files in `dist/`: the data package zip, the
offline site zip and `SHA256SUMS`. Zips are byte-stable: entries sorted, every timestamp from
SOURCE_DATE_EPOCH or else the release date, fixed permissions and compression.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
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
from atlas.errors import InputError, Problem
from atlas.metadata import load_metadata
from atlas.package import descriptor, format_numbers
from atlas.sources import load_sources

DIST = ROOT / "dist"
MANIFEST_FIELDS = ["indicator_id", "iso3", "first_year", "last_year", "count", "total", "digest"]
SOURCE_FIELDS = ["id", "vintage", "sha256"]
TOP_REVISIONS = 20


# --- the release record -------------------------------------------------------------------------


def previous_release(records: list[dict], version: str) -> dict | None:
    earlier = [r for r in records if version_key(r["version"]) < version_key(version)]
    return earlier[-1] if earlier else None


# --- the manifest --------------------------------------------------------------------------------
def series_manifest(observations: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator × country: years, count, total and a digest of every value.

    `observations` holds the published text (read with dtype=str), so the digest is that of the
    exact CSV values and two builds of the same data give the same manifest."""
    obs = observations.assign(_year=observations["year"].astype(int))
    obs = obs.sort_values(["indicator_id", "iso3", "_year", "sex"], kind="mergesort")
    lines = obs["year"] + "," + obs["sex"] + "," + obs["value"] + "," + obs["flag"]
    keys = [obs["indicator_id"], obs["iso3"]]
    grouped = obs.assign(_line=lines, _value=pd.to_numeric(obs["value"])).groupby(keys, sort=True)
    frame = pd.DataFrame(
        {
            "first_year": grouped["_year"].min(),
            "last_year": grouped["_year"].max(),
            "count": grouped["_year"].size(),
            # 12 significant digits: the size of a revision, without float-sum noise
            "total": grouped["_value"].sum().map(lambda v: float(f"{v:.12g}")),
            "digest": grouped["_line"].agg(
                lambda s: hashlib.sha256("\n".join(s).encode()).hexdigest()[:16]
            ),
        }
    ).reset_index()
    return frame[MANIFEST_FIELDS]


def sources_manifest(sources: list[dict]) -> pd.DataFrame:
    canonical = [s for s in sources if s["role"] == "canonical"]
    return pd.DataFrame(
        [{f: str(s[f]) for f in SOURCE_FIELDS} for s in sorted(canonical, key=lambda s: s["id"])],
        columns=SOURCE_FIELDS,
    )


def frame_text(frame: pd.DataFrame) -> str:
    """CSV text with one number format (that of the package), LF line ends."""

    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_numeric_dtype(out[name]):
            out[name] = format_numbers(out[name])
    return out.to_csv(index=False, lineterminator="\n")


def read_manifest(path: Path, fields: list[str]) -> pd.DataFrame:
    """A committed manifest; a wrong header is an error naming the file."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(
            [Problem(str(path), None, None, "manifest missing: run `make release` and commit it")]
        ) from None
    if list(frame.columns) != fields:
        raise InputError(
            [
                Problem(
                    str(path),
                    1,
                    None,
                    "unexpected header",
                    ",".join(frame.columns),
                    ",".join(fields),
                )
            ]
        )
    return frame


# --- the diff ------------------------------------------------------------------------------------
def _relative(old: float, new: float) -> float | None:
    return None if old == 0 else (new - old) / abs(old)


def diff_manifests(
    old: pd.DataFrame | None,
    new: pd.DataFrame,
    old_sources: pd.DataFrame | None = None,
    new_sources: pd.DataFrame | None = None,
    top: int = TOP_REVISIONS,
) -> dict:
    """Series added, removed and revised between two manifests, and sources whose vintage changed.

    A series is revised when its digest differs. Its size is the relative change of the series
    total (sum over years and sexes); revisions that keep the same years are ranked by it (the
    largest first), those that add or drop years are counted and listed with their years."""
    key = ["indicator_id", "iso3"]
    if old is None:
        return {
            "first_release": True,
            "series": len(new),
            "added": [],
            "removed": [],
            "revised": 0,
            "largest_revisions": [],
            "years_changed": [],
            "sources": {"changed": [], "added": [], "removed": []},
        }
    merged = old.astype(str).merge(
        new.astype(str), on=key, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    added = merged[merged["_merge"] == "right_only"]
    removed = merged[merged["_merge"] == "left_only"]
    both = merged[merged["_merge"] == "both"]
    revised = both[both["digest_old"] != both["digest_new"]]

    def span(rows: pd.DataFrame, side: str) -> list[dict]:
        return [
            {
                "indicator_id": r["indicator_id"],
                "iso3": r["iso3"],
                "first_year": int(r[f"first_year_{side}"]),
                "last_year": int(r[f"last_year_{side}"]),
                "count": int(r[f"count_{side}"]),
            }
            for r in rows.sort_values(key).to_dict(orient="records")
        ]

    same_years, years_changed = [], []
    for r in revised.sort_values(key).to_dict(orient="records"):
        old_total, new_total = float(r["total_old"]), float(r["total_new"])
        entry = {
            "indicator_id": r["indicator_id"],
            "iso3": r["iso3"],
            "years_old": f"{r['first_year_old']}–{r['last_year_old']}",
            "years_new": f"{r['first_year_new']}–{r['last_year_new']}",
            "count_old": int(r["count_old"]),
            "count_new": int(r["count_new"]),
            "total_old": old_total,
            "total_new": new_total,
            "relative_change": _relative(old_total, new_total),
        }
        same = (r["first_year_old"], r["last_year_old"], r["count_old"]) == (
            r["first_year_new"],
            r["last_year_new"],
            r["count_new"],
        )
        (same_years if same else years_changed).append(entry)
    same_years.sort(
        key=lambda e: (
            -(abs(e["relative_change"]) if e["relative_change"] is not None else float("inf")),
            e["indicator_id"],
            e["iso3"],
        )
    )
    return {
        "first_release": False,
        "series": len(new),
        "added": span(added, "new"),
        "removed": span(removed, "old"),
        "revised": len(revised),
        "largest_revisions": same_years[:top],
        "years_changed": years_changed,
        "sources": diff_sources(old_sources, new_sources),
    }


def diff_sources(old: pd.DataFrame | None, new: pd.DataFrame | None) -> dict:
    """Sources whose vintage changed, and sources added or dropped."""
    if old is None or new is None:
        return {"changed": [], "added": [], "removed": []}
    before = dict(zip(old["id"], old["vintage"], strict=True))
    after = dict(zip(new["id"], new["vintage"], strict=True))
    return {
        "changed": [
            {"id": s, "vintage_old": before[s], "vintage_new": after[s]}
            for s in sorted(set(before) & set(after))
            if before[s] != after[s]
        ],
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
    }


def changelog(record: dict, previous: dict | None, diff: dict) -> dict:
    return {
        "version": record["version"],
        "date": record["date"],
        "previous": previous["version"] if previous else None,
        "notes": record["notes"],
        **diff,
    }


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
    """dist/: the data package zip, the offline site zip and SHA256SUMS, as bytes."""

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
    files["SHA256SUMS"] = sha256sums(files).encode()
    return files
