"""What every stage may import: the project's paths, strict YAML reading, the committed release
record (version and date) and atomic publication of a folder.

Kept apart so that no stage reaches forward for these: the metadata loader needs the release's
version, the render and site stages its date, and every stage the project root.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from atlas.errors import InputError, Problem

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "releases"
# CalVer YYYY.MM.patch as calver.org writes it: MM is the month without a leading zero
CALVER = re.compile(r"^(?P<year>\d{4})\.(?P<month>[1-9]|1[0-2])\.(?P<patch>0|[1-9]\d*)$")


def load_yaml(path: Path) -> object:
    """Parse one YAML file; a syntax error names the file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, None, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    str(path), None, None, "not valid UTF-8", exc.object[exc.start : exc.end].hex()
                )
            ]
        ) from None
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            [Problem(str(path), line, None, f"malformed YAML: {reason}", expected="valid YAML")]
        ) from None


# --- the release record -------------------------------------------------------------------------
def version_key(version: str) -> tuple[int, int, int]:
    """CalVer sorts by number, not text (2026.10.0 comes after 2026.9.0)."""
    m = CALVER.match(version)
    if not m:
        raise ValueError(f"not a CalVer version YYYY.MM.patch: {version!r}")
    return int(m["year"]), int(m["month"]), int(m["patch"])


def check_record(path: Path, doc: object) -> list[Problem]:
    """Every rule a release record must follow, as problems naming the file and field."""
    if not isinstance(doc, dict):
        return [Problem(str(path), None, None, "expected a mapping with version and date")]
    problems = []
    version, date = str(doc.get("version", "")), str(doc.get("date", ""))
    if not CALVER.match(version):
        problems.append(Problem(str(path), None, "version", "not CalVer", version, "YYYY.MM.patch"))
    elif version != path.parent.name:
        problems.append(
            Problem(
                str(path), None, "version", "differs from its folder", version, path.parent.name
            )
        )
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        problems.append(Problem(str(path), None, "date", "not an ISO date", date, "YYYY-MM-DD"))
    else:
        if CALVER.match(version) and version_key(version)[:2] != (day.year, day.month):
            problems.append(
                Problem(
                    str(path),
                    None,
                    "date",
                    "the version's year and month are not the release date's",
                    date,
                    f"a date in {version[:7].replace('.', '-')}",
                )
            )
    return problems


def release_records(releases: Path = RELEASES) -> list[dict]:
    """Every release record, oldest first; an invalid record stops with its file and field."""
    records, problems = [], []
    for path in sorted(releases.glob("*/release.yaml")):
        doc = load_yaml(path)
        found = check_record(path, doc)
        problems += found
        if not found:
            records.append(
                {
                    "version": str(doc["version"]),
                    "date": str(doc["date"]),
                    "notes": str(doc.get("notes", "")).strip(),
                    "folder": path.parent,
                }
            )
    if not records and not problems:
        problems.append(Problem(str(releases), None, None, "no release record (release.yaml)"))
    if problems:
        raise InputError(problems)
    return sorted(records, key=lambda r: version_key(r["version"]))


def current_release(releases: Path = RELEASES) -> dict:
    """The newest release record: its version is the package's, the footer's and the zips'."""
    return release_records(releases)[-1]


def release_epoch(record: dict) -> int:
    """Timestamp of every file of a release: SOURCE_DATE_EPOCH if set, else the release date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    day = dt.date.fromisoformat(record["date"])
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


# --- atomic publication ------------------------------------------------------------------------
def staging_dir(target: Path) -> Path:
    staging = target.parent / f"{target.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    readme = target / "README.md"
    if readme.exists():
        shutil.copyfile(readme, staging / "README.md")
    return staging


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames; the old copy is removed last."""
    previous = target.parent / f"{target.name}.previous-{os.getpid()}"
    if target.exists():
        os.replace(target, previous)
    os.replace(staging, target)
    remove_later(previous)


def remove_later(folder: Path) -> None:
    """Delete a replaced tree without making the build wait (tens of thousands of files)."""
    if not folder.exists():
        return
    if shutil.which("rm"):
        subprocess.Popen(["rm", "-rf", str(folder)], start_new_session=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)
