"""Bad inputs: each one goes through the real code path, stops with a message that names the
file, the row, the field and the rule, and leaves the previous data/ exactly as it was.

Raw-file cases tamper with one file of a temporary mirror (every other file is a symlink to the
shared mirror) and pin the tampered bytes in a temporary sources.yaml, as a new vintage would
be pinned: the fetch stage accepts the file, so the build's readers must refuse it. Package
cases tamper with a copy of the built package; where the official `frictionless validate` can
see the problem too (duplicate key, unknown country code, text in a number), it must reject the
same package. Metadata cases break a copy of metadata/.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import socket
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from atlas import package
from atlas.base import ROOT
from atlas.errors import ChecksumMismatch, InputError, Problem, SourceNotFound
from atlas.extract import readers as raw_readers
from atlas.extract.inputs import Inputs
from atlas.metadata import load_metadata
from atlas.pipeline import run
from atlas.sources import cached_path, default_mirror, fetch_source, load_sources

MIRROR = default_mirror()
FRICTIONLESS = ROOT / ".venv" / "bin" / "frictionless"
POP = "wdi-population-datahub"  # a UTF-8 CSV without BOM, header Country Name,Country Code,...
OBS = "data/observations.csv"
BIL = "data/bilateral.csv"
SENTINEL = b"indicator_id,iso3,year,sex,value,flag\nsentinel,XXX,2000,total,1,\n"


# --- helpers -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sources() -> list[dict]:
    return load_sources()


def entry(sources: list[dict], sid: str) -> dict:
    return next(s for s in sources if s["id"] == sid)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_mirror(tmp: Path, replace: dict[str, bytes | None]) -> Path:
    """A mirror of symlinks to the shared mirror; `replace` maps a path to new bytes (None: gone)."""
    mirror = tmp / "mirror"
    for path in MIRROR.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(MIRROR).as_posix()
        target = mirror / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel not in replace:
            target.symlink_to(path)
        elif replace[rel] is not None:
            target.write_bytes(replace[rel])
    for rel in replace:
        assert (MIRROR / rel).is_file(), f"{rel} is not in the shared mirror"
    return mirror


def write_sources(tmp: Path, changes: dict[str, dict]) -> Path:
    """A copy of sources.yaml with some entries changed (e.g. a new vintage's sha256)."""
    doc = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
    for item in doc["sources"]:
        item.update(changes.get(item["id"], {}))
    path = tmp / "sources.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def sentinel_package(tmp: Path, sources_path: Path, metadata_dir: Path | None = None) -> Path:
    """A package root whose data/ holds a known previous state, and a descriptor that matches
    the sources and metadata of the run (so the build gets as far as the inputs)."""
    root = tmp / "package"
    (root / "data").mkdir(parents=True)
    (root / "data" / "observations.csv").write_bytes(SENTINEL)
    (root / "data" / "README.md").write_text("previous data\n", encoding="utf-8")
    srcs = load_sources(sources_path)
    desc = package.descriptor(load_metadata(metadata_dir, srcs), srcs)
    (root / "datapackage.json").write_text(package.descriptor_text(desc), encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_untouched(root: Path, before: dict[str, bytes]) -> None:
    assert snapshot(root) == before, "the previous data/ was changed by a failed run"
    assert sorted(p.name for p in root.iterdir()) == ["data", "datapackage.json"], (
        "a staging or previous folder was left behind"
    )


def only(problems: list[Problem], **match) -> Problem:
    """The single problem whose attributes contain the given texts."""
    hits = [p for p in problems if all(str(v) in str(getattr(p, k)) for k, v in match.items())]
    assert len(hits) == 1, f"expected one problem matching {match}, got: {problems}"
    return hits[0]


def pipeline_stops(
    tmp: Path,
    stages: list[str],
    error: type = InputError,
    match: str | None = None,
    descriptor_sources: Path = ROOT / "sources.yaml",
    **options,
) -> Exception:
    """Run `stages` into a sentinel package: they must stop with `error`, data/ untouched."""
    root = sentinel_package(tmp, descriptor_sources)
    before = snapshot(root)
    options.setdefault("descriptor_path", root / "datapackage.json")
    with pytest.raises(error, match=match) as info:
        run(stages, package_root=root, **options)
    assert_untouched(root, before)
    return info.value


def fetch_and_build_stop(tmp_path: Path, error: type, cache: Path, mirror: Path) -> None:
    """The whole pipeline stops at the fetch stage with `error`; data/ is untouched."""
    pipeline_stops(
        tmp_path, ["fetch", "build"], error, POP, cache=cache, mirror=mirror, allow_download=False
    )


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def edit_row(data: bytes, row: int, old: bytes, new: bytes) -> bytes:
    """Replace text in data row `row` (1-based, header = 0), keeping the line ending."""
    lines = lines_of(data)
    assert old in lines[row], (row, lines[row])
    lines[row] = lines[row].replace(old, new, 1)
    return b"".join(lines)


# --- raw files: the build's readers refuse them, data/ is untouched -----------------------------
def pop_path(sources: list[dict]) -> str:
    return entry(sources, POP)["path"]


def pop_label(sources: list[dict]) -> str:
    return f"{POP} ({Path(pop_path(sources)).name})"


def pop_bytes(sources: list[dict]) -> bytes:
    return (MIRROR / pop_path(sources)).read_bytes()


def build_with(tmp: Path, sources: list[dict], data: bytes) -> InputError:
    """Read the population CSV replaced by `data` with its reader. WDI 2024 population is a
    cross-check since issue 17 (the build derives 2024 from WPP), so the build no longer reads
    it; the reader's errors (file, row, field, rule) are what these tests hold."""
    path = tmp / Path(pop_path(sources)).name
    path.write_bytes(data)
    meta = load_metadata(None, sources)
    paths = {s["id"]: MIRROR / s["path"] for s in sources}
    with pytest.raises(InputError) as info:
        raw_readers.wdi_population_datahub(Inputs({**paths, POP: path}, meta))
    err = info.value
    label = pop_label(sources)
    assert err.problems, str(err)
    assert all(p.file == label for p in err.problems), str(err)
    return err


@pytest.mark.slow  # a whole build with one raw file broken (make test)
def test_bom_in_a_csv_declared_without_one(tmp_path, sources):
    err = build_with(tmp_path, sources, b"\xef\xbb\xbf" + pop_bytes(sources))
    p = only(err.problems, rule="unexpected UTF-8 byte-order mark")
    assert p.row in (None, 0, 1)
    assert "byte-order mark" in str(err)


@pytest.mark.slow  # a whole build with one raw file broken (make test)
def test_non_utf8_bytes_in_a_name(tmp_path, sources):
    data = edit_row(pop_bytes(sources), 3, b"Aruba", b"Ar\xffuba")
    err = build_with(tmp_path, sources, data)
    p = only(err.problems, rule="not valid utf-8")
    assert p.value == "0xff"
    # Data row 3 (header excluded) is line 4 of the file: either way, the message must say which.
    assert p.row == 3 or "line 4" in str(p), f"ambiguous location: {p}"


@pytest.mark.slow  # a whole build with one raw file broken (make test)
def test_wrong_delimiter(tmp_path, sources):
    err = build_with(tmp_path, sources, pop_bytes(sources).replace(b",", b";"))
    for column in ("Country Name", "Country Code", "Year", "Value"):
        p = only(err.problems, field=column, rule="missing column")
        assert "wrong delimiter" in p.rule and p.row == 0
    only(err.problems, rule="unexpected column", value="Country Name;Country Code;Year;Value")


@pytest.mark.slow  # a whole build with one raw file broken (make test)
def test_truncated_csv_ends_inside_a_row(tmp_path, sources):
    data = pop_bytes(sources)
    lines = lines_of(data)
    row = next(i for i in range(len(lines)) if len(b"".join(lines[: i + 1])) > 1000)
    assert lines[row].startswith(b"Aruba,ABW,")
    cut = b"".join(lines[:row]) + lines[row][: len(b"Aruba,AB")]  # a download cut short
    err = build_with(tmp_path, sources, cut)
    p = only(err.problems, rule="truncated")
    assert p.row == row
    assert "row has 2 fields, header has 4" in p.rule
    assert p.value == "Aruba,AB"


def test_truncated_csv_ends_inside_the_last_value(raw, sources, tmp_path):
    """A cut inside the last number leaves a row of the right width ('Aruba,ABW,1975,58');
    the file then ends without the line break every other line has: a truncated file."""
    data = pop_bytes(sources)
    assert data.endswith(b"\n")
    lines = lines_of(data)
    cut = b"".join(lines[:45]) + lines[45].rstrip(b"\r\n")[:-3]
    path = tmp_path / "population.csv"
    path.write_bytes(cut)
    meta = load_metadata(None, sources)
    with pytest.raises(InputError) as info:
        raw_readers.wdi_population_datahub(Inputs({**raw, POP: path}, meta))
    p = only(info.value.problems, rule="truncat")
    assert p.row in (None, 45), str(p)


@pytest.mark.slow  # a whole build with one raw file broken (make test)
def test_renamed_column(tmp_path, sources):
    data = edit_row(pop_bytes(sources), 0, b",Value", b",Population")
    err = build_with(tmp_path, sources, data)
    p = only(err.problems, field="Value", rule="missing column")
    assert p.row == 0 and "Country Name, Country Code, Year, Value" in p.expected
    only(err.problems, field="Population", rule="unexpected column")
    assert len(err.problems) == 2


@pytest.mark.slow  # a whole build with one raw file broken (make test)
def test_missing_column(tmp_path, sources):
    lines = lines_of(pop_bytes(sources))
    # the last field (Value) is a number: drop it from every line, keep the line endings
    cut = [ln.rstrip(b"\r\n").rsplit(b",", 1)[0] + ln[len(ln.rstrip(b"\r\n")) :] for ln in lines]
    err = build_with(tmp_path, sources, b"".join(cut))
    p = only(err.problems, field="Value", rule="missing column")
    assert p.row == 0
    assert len(err.problems) == 1


@pytest.mark.slow  # a whole build with one raw file broken (make test)
def test_text_in_a_numeric_column_of_a_raw_file(tmp_path, sources):
    data = pop_bytes(sources)
    old = lines_of(data)[10].rstrip(b"\r\n").rsplit(b",", 1)[1]
    err = build_with(tmp_path, sources, edit_row(data, 10, b"," + old, b",n/a"))
    p = only(err.problems, rule="not a number")
    assert (p.row, p.field, p.value) == (10, "Value", "n/a")


@pytest.mark.slow  # a whole build with one raw file broken (make test)
def test_unknown_country_code_in_a_raw_file(tmp_path, sources):
    data = pop_bytes(sources)
    lines = lines_of(data)
    # Afghanistan comes after the rows of an aggregate (AFE), which the reader sets aside
    row = next(i for i, ln in enumerate(lines) if b",AFG," in ln)
    assert any(b",AFE," in ln for ln in lines[:row])
    err = build_with(tmp_path, sources, edit_row(data, row, b",AFG,", b",ZZQ,"))
    p = only(err.problems, rule="unknown country code")
    assert (p.field, p.value) == ("Country Code", "ZZQ")
    assert p.row == row, f"row {p.row} reported, but ZZQ is in data row {row}: {p}"


# --- fetch: checksum mismatch, missing mirror file -----------------------------------------------
def cache_files(cache: Path) -> list[str]:
    return sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file())


def test_checksum_mismatch_in_the_mirror(tmp_path, sources):
    src = entry(sources, POP)
    data = bytearray(pop_bytes(sources))
    i = next(i for i in range(500, len(data)) if chr(data[i]).isdigit())
    data[i] = ord("7") if data[i] != ord("7") else ord("8")  # one digit changed, same size
    mirror = make_mirror(tmp_path, {src["path"]: bytes(data)})
    cache = tmp_path / "cache"
    with pytest.raises(ChecksumMismatch) as info:
        fetch_source(src, cache, mirror, allow_download=False)
    err = info.value
    assert err.source_id == POP
    assert err.path == str(mirror / src["path"])
    assert (err.expected, err.actual) == (src["sha256"], sha256(bytes(data)))
    for text in (POP, str(mirror / src["path"]), src["sha256"], sha256(bytes(data))):
        assert text in str(err)
    assert cache_files(cache) == [], "a file that failed its checksum reached the cache"

    # the whole pipeline stops at the fetch stage; data/ is untouched
    fetch_and_build_stop(tmp_path, ChecksumMismatch, cache, mirror)
    assert not cached_path(src, cache).exists()
    assert not [f for f in cache_files(cache) if Path(f).name.startswith(".")]


def test_checksum_mismatch_in_the_cache(tmp_path, sources):
    src = entry(sources, POP)
    cache = tmp_path / "cache"
    stale = cached_path(src, cache)
    stale.parent.mkdir(parents=True)
    stale.write_bytes(pop_bytes(sources)[:-10])
    with pytest.raises(ChecksumMismatch) as info:
        fetch_source(src, cache, MIRROR, allow_download=False)
    assert info.value.path == str(stale) and str(stale) in str(info.value)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_checksum_mismatch_of_a_download(tmp_path, sources):
    served = tmp_path / "served"
    served.mkdir()
    (served / "population.csv").write_bytes(pop_bytes(sources) + b"Extra,XXX,2025,1\r\n")
    handler = functools.partial(_QuietHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/population.csv"
        src = {**entry(sources, POP), "url": url}
        cache = tmp_path / "cache"
        with pytest.raises(ChecksumMismatch) as info:
            fetch_source(src, cache, make_mirror(tmp_path, {src["path"]: None}), timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    assert info.value.path == url and url in str(info.value)
    assert cache_files(cache) == []


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_missing_mirror_file(tmp_path, sources):
    src = entry(sources, POP)
    mirror = make_mirror(tmp_path, {src["path"]: None})
    cache = tmp_path / "cache"

    with pytest.raises(SourceNotFound) as info:
        fetch_source(src, cache, mirror, allow_download=False)
    err = info.value
    assert err.source_id == POP
    assert err.tried == [
        f"cache {cached_path(src, cache)}",
        f"mirror {mirror / src['path']}",
        f"download {src['url']} (not allowed)",
    ]
    assert f"source '{POP}'" in str(err) and str(mirror / src["path"]) in str(err)

    # a download that cannot connect is listed with its reason; nothing is left in the cache
    url = f"http://127.0.0.1:{closed_port()}/population.csv"
    with pytest.raises(SourceNotFound) as info:
        fetch_source({**src, "url": url}, cache, mirror, allow_download=True, timeout=5)
    assert len(info.value.tried) == 3
    assert info.value.tried[2].startswith(f"download {url} (")
    assert url in str(info.value)
    assert cache_files(cache) == []

    fetch_and_build_stop(tmp_path, SourceNotFound, cache, mirror)


# --- package rows: the Atlas's validate and the official frictionless CLI ------------------------
def frictionless(root: Path) -> tuple[int, dict]:
    """`frictionless validate --json datapackage.json` in the package folder."""
    done = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"frictionless printed no JSON report:\n{done.stdout}\n{done.stderr}")
    return done.returncode, report


def frictionless_errors(report: dict) -> list[dict]:
    return [dict(e, resource=t["name"]) for t in report["tasks"] for e in t["errors"]]


def validate(root: Path) -> InputError:
    before = snapshot(root / "data")
    with pytest.raises(InputError) as info:
        run(["validate"], package_root=root, descriptor_path=root / "datapackage.json")
    assert snapshot(root / "data") == before
    return info.value


@pytest.fixture(scope="module")
def small_package(package_root, tmp_path_factory) -> Path:
    """The built package with observations and bilateral cut to every 150th row (the official
    CLI takes about 40 s on the full package); it passes both validators untampered."""
    root = tmp_path_factory.mktemp("small") / "package"
    shutil.copytree(package_root / "data", root / "data")
    shutil.copyfile(package_root / "datapackage.json", root / "datapackage.json")
    for name in ("observations", "bilateral"):
        path = root / "data" / f"{name}.csv"
        lines = lines_of(path.read_bytes())
        path.write_bytes(b"".join([lines[0], *lines[1::150]]))
    code, report = frictionless(root)
    assert code == 0 and report["valid"], frictionless_errors(report)
    run(["validate"], package_root=root, descriptor_path=root / "datapackage.json")
    return root


@pytest.fixture()
def small_copy(small_package, tmp_path) -> Path:
    target = tmp_path / "package"
    shutil.copytree(small_package, target)
    return target


def tamper(root: Path, rel: str, pick: Callable[[list[str]], bool], change) -> int:
    """Change the first data row whose cells satisfy `pick`; returns its data row number."""
    path = root / rel
    lines = lines_of(path.read_bytes())
    for i in range(1, len(lines)):
        cells = lines[i].decode("utf-8").rstrip("\n").split(",")
        if pick(cells):
            lines[i] = (",".join(change(cells)) + "\n").encode("utf-8")
            path.write_bytes(b"".join(lines))
            return i
    raise AssertionError(f"no row to tamper with in {rel}")


def set_cell(index: int, value: str):
    return lambda cells: [value if i == index else c for i, c in enumerate(cells)]


def test_duplicate_primary_key(small_copy):
    path = small_copy / OBS
    lines = lines_of(path.read_bytes())
    dup = lines[7]
    path.write_bytes(b"".join([*lines, dup]))
    row = len(lines)  # the appended line is data row len(lines) (header = row 0)

    err = validate(small_copy)
    p = only(err.problems, rule="duplicate primary key")
    assert (p.file, p.row, p.field) == (OBS, row, "indicator_id+iso3+year+sex")
    assert p.value == "|".join(dup.decode().split(",")[:4])

    code, report = frictionless(small_copy)
    assert code != 0 and not report["valid"]
    assert [(e["resource"], e["type"], e["rowNumber"]) for e in frictionless_errors(report)] == [
        ("observations", "primary-key", row + 1)
    ]


def test_unknown_country_code_in_the_package(small_copy):
    row = tamper(small_copy, OBS, lambda c: c[1] == "AFG", set_cell(1, "ZZZ"))

    err = validate(small_copy)
    p = only(err.problems, rule="not found in countries.iso3")
    assert (p.file, p.row, p.field, p.value) == (OBS, row, "iso3", "ZZZ")

    code, report = frictionless(small_copy)
    assert code != 0
    errors = frictionless_errors(report)
    assert [(e["resource"], e["type"], e["rowNumber"]) for e in errors] == [
        ("observations", "foreign-key", row + 1)
    ]
    assert "ZZZ" in errors[0]["message"]


def test_text_in_a_numeric_column_of_the_package(small_copy):
    row = tamper(small_copy, OBS, lambda c: True, set_cell(4, "abc"))

    err = validate(small_copy)
    p = only(err.problems, rule="not a number")
    assert (p.file, p.row, p.field, p.value) == (OBS, row, "value", "abc")

    code, report = frictionless(small_copy)
    assert code != 0
    assert [
        (e["resource"], e["type"], e["rowNumber"], e["fieldName"])
        for e in frictionless_errors(report)
    ] == [("observations", "type-error", row + 1, "value")]


def test_value_outside_its_indicators_range(package_copy):
    row = tamper(package_copy, OBS, lambda c: c[0] == "hdi" and c[3] == "total", set_cell(4, "7"))
    err = validate(package_copy)
    p = only(err.problems, rule="outside the indicator's valid range")
    assert (p.file, p.row, p.field) == (OBS, row, "value")
    assert p.value.startswith("hdi ") and p.value.endswith(": 7")
    # the message says what the valid range is (hdi: [0, 1] in metadata/indicators.yaml)
    assert "0" in p.expected and "1" in p.expected, f"the range is not named: {p}"


def test_negative_stock_in_observations(package_copy):
    row = tamper(
        package_copy,
        OBS,
        lambda c: c[0] == "migrant_stock" and c[3] == "total",
        set_cell(4, "-5"),
    )
    err = validate(package_copy)
    p = only(err.problems, rule="outside the indicator's valid range")
    assert (p.file, p.row, p.field) == (OBS, row, "value")
    assert p.value.startswith("migrant_stock ") and p.value.endswith(": -5")


def test_negative_stock_in_bilateral(package_copy):
    row = tamper(package_copy, BIL, lambda c: c[0] == "migrant_stock", set_cell(5, "-5"))
    err = validate(package_copy)
    p = only(err.problems, rule="outside the valid range of measure 'migrant_stock'")
    assert (p.file, p.row, p.field, p.value) == (BIL, row, "value", "-5")


def test_full_package_passes_official_frictionless_validate(package_root):
    """The issue's acceptance check: the official CLI finds no error in the built package."""
    code, report = frictionless(package_root)
    errors = frictionless_errors(report)
    assert errors == [] and report["stats"]["errors"] == 0, errors[:20]
    assert code == 0 and report["valid"]
    assert {t["name"] for t in report["tasks"]} == {
        r["name"] for r in json.loads((package_root / "datapackage.json").read_text())["resources"]
    }


# --- metadata ------------------------------------------------------------------------------------
@pytest.fixture()
def meta_copy(tmp_path) -> Path:
    target = tmp_path / "metadata"
    shutil.copytree(ROOT / "metadata", target)
    return target


def indicator_lines(path: Path, iid: str) -> tuple[int, int, list[str]]:
    """1-based first and last line of an indicator's entry, and the file's lines."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines, 1) if ln.strip() == f"- id: {iid}")
    end = next((i - 1 for i, ln in enumerate(lines, 1) if i > start and ln.startswith("- ")), 0)
    return start, end or len(lines), lines


def test_malformed_yaml_bad_indent(meta_copy, sources, tmp_path):
    path = meta_copy / "indicators.yaml"
    start, _, lines = indicator_lines(path, "migrant_stock")
    line = next(i for i in range(start, start + 12) if lines[i - 1].startswith("  unit:"))
    lines[line - 1] = "    " + lines[line - 1]
    path.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(InputError) as info:
        load_metadata(meta_copy, sources)
    p = only(info.value.problems, rule="malformed YAML")
    assert (p.file, p.row) == (str(path), line)

    # through the pipeline: the build stops before any data is read; data/ is untouched
    err = pipeline_stops(
        tmp_path, ["build"], metadata_dir=meta_copy, cache=tmp_path / "cache", allow_download=False
    )
    assert only(err.problems, rule="malformed YAML").row == line


def test_malformed_yaml_unclosed_bracket(meta_copy, sources):
    path = meta_copy / "indicators.yaml"
    start, _, lines = indicator_lines(path, "migrant_stock")
    line = start + 2
    assert lines[line - 1].startswith("  title: {en:") and lines[line - 1].rstrip().endswith("}")
    lines[line - 1] = lines[line - 1].rstrip()[:-1] + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_metadata(meta_copy, sources)
    p = only(info.value.problems, rule="malformed YAML")
    assert p.file == str(path) and p.row in (line, line + 1)
    assert "}" in p.rule


def test_malformed_sources_yaml(tmp_path):
    text = (ROOT / "sources.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    line = next(i for i, ln in enumerate(lines, 1) if ln.strip().startswith("sha256:"))
    lines[line - 1] = lines[line - 1].replace("sha256:", "sha256: [", 1)
    path = tmp_path / "sources.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    err = pipeline_stops(
        tmp_path,
        ["build"],
        descriptor_path=ROOT / "datapackage.json",
        sources_path=path,
        cache=tmp_path / "cache",
    )
    p = only(err.problems, rule="malformed YAML")
    assert p.file == str(path) and p.row is not None and line <= p.row <= line + 2


def check_points_at_entry(p: Problem, start: int, end: int) -> None:
    """The row of a metadata problem is a line of the indicator's entry (or is left out)."""
    assert p.row is None or start <= p.row <= end, (
        f"row {p.row} is not a line of the entry (lines {start}-{end}): {p}"
    )


def test_indicator_without_a_source(meta_copy, sources, tmp_path):
    path = meta_copy / "indicators.yaml"
    start, end, lines = indicator_lines(path, "migrant_stock")
    source_line = next(i for i in range(start, end + 1) if lines[i - 1].startswith("  source:"))
    del lines[source_line - 1]
    path.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(InputError) as info:
        load_metadata(meta_copy, sources)
    p = only(info.value.problems, field="source")
    assert p.file == str(path)
    assert "'migrant_stock'" in p.rule and "required key missing" in p.rule
    assert "migrant_stock" in str(info.value) and "'source'" in str(info.value)

    pipeline_stops(
        tmp_path,
        ["build"],
        match="migrant_stock",
        metadata_dir=meta_copy,
        cache=tmp_path / "cache",
        allow_download=False,
    )
    check_points_at_entry(p, start, end - 1)  # the entry lost one line


@pytest.mark.parametrize(
    ("iid", "key", "old", "new"),
    [
        ("migrant_stock", "source:", "undesa-stocks-2024", "undesa-stocks-2099"),
        ("migrant_stock_pct_population", "sources:", "wdi-selected", "wdi-nowhere"),
    ],
)
def test_indicator_source_not_in_sources_yaml(meta_copy, sources, iid, key, old, new):
    path = meta_copy / "indicators.yaml"
    start, end, lines = indicator_lines(path, iid)
    line = next(i for i in range(start, end + 1) if lines[i - 1].startswith(f"  {key}"))
    lines[line - 1] = lines[line - 1].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_metadata(meta_copy, sources)
    p = only(info.value.problems, rule="source not in sources.yaml")
    assert (p.file, p.field, p.value) == (str(path), "source", new)
    assert f"'{iid}'" in p.rule
    check_points_at_entry(p, start, end)


def test_index_framework_errors_name_line_and_field(meta_copy, sources, tmp_path):
    """metadata/index.yaml: a wrong direction, an unknown indicator and a bad coverage rule are
    each reported with the line of the entry and the field; the build stops before reading."""
    path = meta_copy / "index.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "      - id: gii\n        from: gii\n        direction: -1",
        "      - id: gii\n        from: gii\n        direction: down",
    )
    text = text.replace("from: inflation", "from: inflation_rate")
    text = text.replace('min_dimension_coverage: "2/3"', 'min_dimension_coverage: "3/2"')
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    with pytest.raises(InputError) as info:
        load_metadata(meta_copy, sources)
    gii = only(info.value.problems, field="direction")
    assert gii.file == str(path) and lines[gii.row - 1].strip() == "- id: gii"
    unknown = only(info.value.problems, field="from")
    assert unknown.value == "inflation_rate" and "- id: inflation" in lines[unknown.row - 1]
    assert only(info.value.problems, field="min_dimension_coverage").value == "3/2"
    pipeline_stops(
        tmp_path, ["build"], metadata_dir=meta_copy, cache=tmp_path / "cache", allow_download=False
    )


@pytest.mark.slow  # a whole build with one raw file broken (make test)
def test_malformed_sdg_ddf_file_stops_the_build(tmp_path, sources):
    """Issue 20: text in the value column of an SDG DDF file (pinned as a new vintage would be)
    stops the whole build naming the file, row and field; data/ is untouched."""
    src = entry(sources, "unsd-sdg-sl-lbr-ntlcpl")
    data = (MIRROR / src["path"]).read_bytes()
    old = lines_of(data)[7].rstrip(b"\n").rsplit(b",", 1)[1]
    bad = edit_row(data, 7, b"," + old + b"\n", b",n/a\n")
    mirror = make_mirror(tmp_path, {src["path"]: bad})
    changed = write_sources(tmp_path, {src["id"]: {"sha256": sha256(bad), "bytes": len(bad)}})
    err = pipeline_stops(
        tmp_path,
        ["fetch", "build"],
        descriptor_sources=changed,
        sources_path=changed,
        mirror=mirror,
        cache=tmp_path / "cache",
        allow_download=False,
    )
    p = only(err.problems, rule="not a number")
    assert (p.row, p.field, p.value) == (7, "sl_lbr_ntlcpl", "n/a")
    assert Path(src["path"]).name in p.file
