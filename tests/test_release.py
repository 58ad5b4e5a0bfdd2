"""The release stage: the version record, the changelog diff (on manipulated package data), the
committed records, CITATION.cff, the workflows (actionlint), the files in
dist/ (frictionless, SHA256SUMS, the CycloneDX SBOM, byte-identical across runs) and the linked
data of the built site (JSON-LD, DCAT, sitemap)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from atlas import release
from atlas.base import ROOT, load_yaml
from atlas.errors import InputError
from atlas.sources import load_sources

SITE = ROOT / "site"
DIST = ROOT / "dist"
RECORD = release.current_release()
VERSION = RECORD["version"]
SITE_URL = load_yaml(ROOT / "mkdocs.yml")["site_url"]
needs_site = pytest.mark.skipif(not (SITE / "index.html").exists(), reason="needs the built site")
needs_dist = pytest.mark.skipif(
    not (DIST / "SHA256SUMS").exists(), reason="needs dist/ (`make test` runs the release stage)"
)


# --- the release record ---------------------------------------------------------------------------
def test_versions_sort_as_numbers_and_must_be_calver():
    assert release.version_key("2026.10.0") > release.version_key("2026.9.3")
    with pytest.raises(ValueError, match="CalVer"):
        release.version_key("2026.13.0")


def _record(tmp_path: Path, folder: str, text: str) -> Path:
    path = tmp_path / "releases" / folder / "release.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path / "releases"


@pytest.mark.parametrize(
    ("folder", "text", "message"),
    [
        ("2026.11.1", 'version: "2026.11.0"\ndate: "2026-11-23"\n', "field 'version': differs"),
        ("2026.11.0", 'version: "2026.11.0"\ndate: "2026-12-01"\n', "field 'date': the version"),
        ("2026.11.0", 'version: "2026.11.0"\ndate: "23/11/2026"\n', "field 'date': not an ISO"),
        ("26.11", 'version: "26.11"\ndate: "2026-11-23"\n', "field 'version': not CalVer"),
    ],
)
def test_a_bad_release_record_is_named_with_its_field(tmp_path, folder, text, message):
    releases = _record(tmp_path, folder, text)
    with pytest.raises(InputError) as err:
        release.release_records(releases)
    assert message in str(err.value) and "release.yaml" in str(err.value)


def test_the_newest_record_is_the_current_release(tmp_path):
    releases = _record(tmp_path, "2026.9.0", 'version: "2026.9.0"\ndate: "2026-09-30"\n')
    _record(tmp_path, "2026.11.2", 'version: "2026.11.2"\ndate: "2026-11-30"\n')
    _record(tmp_path, "2026.10.0", 'version: "2026.10.0"\ndate: "2026-10-01"\n')
    records = release.release_records(releases)
    assert [r["version"] for r in records] == ["2026.9.0", "2026.10.0", "2026.11.2"]
    assert release.previous_release(records, "2026.11.2")["version"] == "2026.10.0"


def test_the_package_the_footer_and_the_records_carry_the_release_version():
    assert json.loads((ROOT / "datapackage.json").read_text())["version"] == VERSION
    cff = load_yaml(ROOT / "CITATION.cff")
    assert (cff["version"], str(cff["date-released"])) == (VERSION, RECORD["date"])
    zenodo = json.loads((ROOT / ".zenodo.json").read_text())
    assert (zenodo["version"], zenodo["publication_date"]) == (VERSION, RECORD["date"])


# --- the diff, on manipulated package data ---------------------------------------------------------
def _series(obs: pd.DataFrame, indicator: str, iso3: str) -> pd.Series:
    return (obs["indicator_id"] == indicator) & (obs["iso3"] == iso3)


def test_the_diff_finds_a_known_revision_an_added_and_a_removed_series(tables):
    obs = tables["observations"]
    added, removed = ("hdi", "NOR"), ("migrant_stock", "PHL")
    revised, shortened = ("migrant_stock", "MEX"), ("remittances_received_usd", "IND")
    for key in (added, removed, revised, shortened):
        assert _series(obs, *key).sum() > 2, key
    # the previous build lacks `added`; the new one lacks `removed`, revises one value of
    # `revised` (2020, total) by +10 % and drops the last year of `shortened`
    old = obs[~_series(obs, *added)]
    new = obs[~_series(obs, *removed)].copy()
    hit = _series(new, *revised) & (new["year"] == "2020") & (new["sex"] == "total")
    assert hit.sum() == 1
    before = float(new.loc[hit, "value"].iloc[0])
    new.loc[hit, "value"] = repr(before * 1.1)
    short = _series(new, *shortened)
    last = new.loc[short, "year"].astype(int).max()
    new = new[~(short & (new["year"].astype(int) == last))]

    sources = release.sources_manifest(load_sources())
    newer = sources.copy()
    newer.loc[0, "vintage"] = "a later vintage"
    diff = release.diff_manifests(
        release.series_manifest(old).astype(str),
        release.series_manifest(new).astype(str),
        sources,
        newer,
    )
    assert [(a["indicator_id"], a["iso3"]) for a in diff["added"]] == [added]
    assert [(r["indicator_id"], r["iso3"]) for r in diff["removed"]] == [removed]
    assert diff["revised"] == 2
    top = diff["largest_revisions"]
    assert [(r["indicator_id"], r["iso3"]) for r in top] == [revised]
    total = obs.loc[_series(obs, *revised), "value"].astype(float).sum()
    assert top[0]["relative_change"] == pytest.approx(before * 0.1 / total, rel=1e-6)
    assert [(r["indicator_id"], r["iso3"]) for r in diff["years_changed"]] == [shortened]
    assert diff["years_changed"][0]["years_new"].endswith(str(last - 1))
    assert diff["sources"]["changed"] == [
        {
            "id": sources.loc[0, "id"],
            "vintage_old": sources.loc[0, "vintage"],
            "vintage_new": "a later vintage",
        }
    ]


def test_a_later_release_page_shows_its_changelog(tables):
    """The page of a release after the first: sources, largest revisions, added and removed."""
    from atlas.render.environment import jinja_env as _env

    obs = tables["observations"]
    old = obs[~_series(obs, "hdi", "NOR")]
    new = obs[~_series(obs, "migrant_stock", "PHL")].copy()
    hit = _series(new, "migrant_stock", "MEX") & (new["year"] == "2020") & (new["sex"] == "total")
    new.loc[hit, "value"] = "1"
    sources = release.sources_manifest(load_sources())
    newer = sources.assign(vintage=sources["vintage"].where(sources.index > 0, "a <new> vintage"))
    diff = release.diff_manifests(
        release.series_manifest(old).astype(str),
        release.series_manifest(new).astype(str),
        sources,
        newer,
    )
    record = {"version": "2026.12.0", "date": "2026-12-01", "notes": "Test & check"}
    log = json.loads(json.dumps(release.changelog(record, RECORD, diff)))  # as committed
    page = (
        _env()
        .get_template("release.md.j2")
        .render(
            root="../../",
            site_root="../../",
            at=lambda url: "../../" + url,
            names={"NOR": "Norway", "PHL": "Philippines", "MEX": "Mexico"},
            record=record,
            log=log,
            current=False,
            files=[("atlas-2026.12.0.zip", "https://example.org/atlas-2026.12.0.zip")],
        )
    )
    assert f'href="../../releases/{VERSION}/"' in page
    assert "a &lt;new&gt; vintage" in page and "Test &amp; check" in page  # escaped
    revisions = page.split("### Largest revisions")[1].split("### Series added")[0]
    assert "Mexico" in revisions and "migrant_stock" in revisions
    added, removed = page.split("### Series added and removed")[1].split('"Removed series"')
    assert "Norway" in added and "Philippines" in removed


def test_the_same_data_give_the_same_manifest_and_no_change(tables):
    obs = tables["observations"]
    first = release.series_manifest(obs)
    shuffled = release.series_manifest(obs.sample(frac=1, random_state=1))
    assert release.frame_text(first) == release.frame_text(shuffled)
    diff = release.diff_manifests(first.astype(str), shuffled.astype(str))
    assert (diff["added"], diff["removed"], diff["revised"]) == ([], [], 0)


# --- the committed records ---------------------------------------------------------------------------
def test_committed_records_are_fresh(package_root):
    """Manifest, changelog, CITATION.cff and .zenodo.json are what this build gives."""
    texts = release.build_record_texts(package_root)
    assert release.stale_records(texts) == []


def test_citation_cff_is_valid():
    cffconvert = ROOT / ".venv-cff" / "bin" / "cffconvert"
    assert cffconvert.exists(), "run `make cff-setup` (make test does)"
    result = subprocess.run(
        [str(cffconvert), "--validate", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_zenodo_names_every_source():
    zenodo = json.loads((ROOT / ".zenodo.json").read_text())
    related = {r["identifier"] for r in zenodo["related_identifiers"]}
    for s in load_sources():
        if s["role"] == "canonical":
            assert s["url"] in related, s["id"]
    assert zenodo["creators"] and zenodo["license"] and zenodo["title"]


def test_workflows_pass_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    actionlint = Path(sys.executable).parent / "actionlint"
    result = subprocess.run(
        [str(actionlint), *map(str, workflows)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- dist/ ------------------------------------------------------------------------------------------
@needs_dist
def test_sha256sums_verify():
    lines = (DIST / "SHA256SUMS").read_text().splitlines()
    names = [line.split("  ", 1)[1] for line in lines]
    assert names == [
        f"atlas-{VERSION}-sbom.cdx.json",
        f"atlas-{VERSION}.zip",
        f"atlas-site-{VERSION}.zip",
    ]
    for line in lines:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((DIST / name).read_bytes()).hexdigest() == digest, name
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=DIST, capture_output=True)
    assert result.returncode == 0, result.stdout


@needs_dist
def test_zip_entries_are_sorted_and_dated_from_the_release():
    day = tuple(int(x) for x in RECORD["date"].split("-"))
    for name in (f"atlas-{VERSION}.zip", f"atlas-site-{VERSION}.zip"):
        with zipfile.ZipFile(DIST / name) as z:
            infos = z.infolist()
            assert [i.filename for i in infos] == sorted(i.filename for i in infos)
            assert {i.date_time for i in infos} == {(*day, 0, 0, 0)}, name


@needs_dist
def test_the_data_zip_holds_a_valid_package_citation_and_licenses(tmp_path):
    with zipfile.ZipFile(DIST / f"atlas-{VERSION}.zip") as z:
        z.extractall(tmp_path)
    top = tmp_path / f"atlas-{VERSION}"
    for name in ("README.md", "CITATION.cff", "LICENSES.md", "CHANGELOG.json"):
        assert (top / name).is_file(), name
    assert (top / "json" / "indicators" / "migrant_stock.json").is_file()
    assert (top / "json" / "countries" / "MEX.json").is_file()
    licenses = (top / "LICENSES.md").read_text()
    for s in load_sources():
        if s["role"] == "canonical":
            assert s["attribution"] in licenses and s["license"] in licenses, s["id"]
    assert VERSION in (top / "README.md").read_text()
    desc = json.loads((top / "datapackage.json").read_text())
    assert desc["version"] == VERSION
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "--json", "datapackage.json"],
        cwd=top,
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[-3000:]


@needs_dist
def test_the_sbom_is_valid_cyclonedx_naming_what_built_and_ships_the_release():
    """dist/ SBOM: CycloneDX 1.6 (validated by cyclonedx-python-lib from .venv-tools), the
    installed Python packages and the npm packages of the site, at the versions installed."""
    path = DIST / release.sbom_name(VERSION)
    tools_python = ROOT / ".venv-tools" / "bin" / "python"
    assert tools_python.exists(), "run `make tools-setup` (make test does)"
    check = (
        "import sys; from cyclonedx.schema import SchemaVersion;"
        "from cyclonedx.validation.json import JsonStrictValidator as V;"
        "e = V(SchemaVersion.V1_6).validate_str(open(sys.argv[1]).read()); print(e or '')"
    )
    result = subprocess.run([str(tools_python), "-c", check, str(path)], capture_output=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    bom = json.loads(path.read_text(encoding="utf-8"))
    assert (bom["bomFormat"], bom["specVersion"]) == ("CycloneDX", "1.6")
    assert bom["metadata"]["component"]["version"] == VERSION
    assert bom["metadata"]["timestamp"] == f"{RECORD['date']}T00:00:00Z"
    assert "serialNumber" not in bom and str(ROOT) not in path.read_text(encoding="utf-8")
    found = {(c["purl"].split("/")[0], c["name"]): c["version"] for c in bom["components"]}
    refs = {(c["purl"].split("/")[0], c["name"]): c["bom-ref"] for c in bom["components"]}
    for name in ("altair", "pandas", "frictionless", "mkdocs-material"):
        assert found[("pkg:pypi", name)] == importlib.metadata.version(name), name
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for name in ("vega", "vega-lite", "vega-embed", "vega-interpreter", "world-atlas"):
        assert found[("pkg:npm", name)] == lock["packages"][f"node_modules/{name}"]["version"]
    assert not any(n in ("axe-core", "vnu-jar") for _, n in found)  # test tools are not shipped
    root = next(d for d in bom["dependencies"] if d["ref"] == "atlas")
    assert {refs[("pkg:pypi", "pandas")], refs[("pkg:npm", "vega")]} <= set(root["dependsOn"])


@needs_site
def test_the_release_page_links_the_sbom():
    html = (SITE / "releases" / VERSION / "index.html").read_text(encoding="utf-8")
    assert f"atlas-{VERSION}-sbom.cdx.json" in html


@needs_dist
def test_two_release_runs_give_identical_bytes(tmp_path):
    """Another clock (faketime, when installed) and another hash seed: the same bytes."""
    env = dict(os.environ, PYTHONHASHSEED="987")
    env.pop("SOURCE_DATE_EPOCH", None)
    cmd = [sys.executable, "-m", "atlas", "release", "--dist", str(tmp_path / "dist")]
    if shutil.which("faketime"):
        cmd = ["faketime", "2031-02-03 04:05:06", *cmd]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    for path in sorted(DIST.iterdir()):
        assert (tmp_path / "dist" / path.name).read_bytes() == path.read_bytes(), path.name


# --- linked data of the site ---------------------------------------------------------------------------
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _local(url: str) -> Path:
    assert url.startswith(SITE_URL), url
    path = SITE / urlparse(url).path.removeprefix(urlparse(SITE_URL).path)
    return path / "index.html" if url.endswith("/") else path


@needs_site
def test_every_indicator_page_carries_dataset_jsonld_with_license_and_distribution():
    pages = sorted((SITE / "indicators").glob("*/index.html"))
    indicators = load_yaml(ROOT / "metadata" / "indicators.yaml")["indicators"]
    assert {p.parent.name for p in pages} == {i["id"] for i in indicators}
    for page in [*pages, SITE / "data" / "index.html"]:
        blocks = JSONLD.findall(page.read_text(encoding="utf-8"))
        assert len(blocks) == 1, page
        doc = json.loads(blocks[0])
        assert doc["@type"] == "Dataset" and doc["version"] == VERSION, page
        assert doc["license"] and all(lic["name"] for lic in doc["license"]), page
        for key in ("name", "description", "creator", "temporalCoverage", "spatialCoverage"):
            assert doc.get(key), (page, key)
        assert doc["distribution"], page
        for d in doc["distribution"]:
            assert d["encodingFormat"] in ("text/csv", "application/json"), d
            assert _local(d["contentUrl"]).is_file(), (page, d["contentUrl"])


@needs_site
def test_dcat_catalogue_lists_distributions_that_exist():
    catalog = json.loads((SITE / "catalog.jsonld").read_text(encoding="utf-8"))
    assert catalog["@type"] == "dcat:Catalog" and catalog["dcat:version"] == VERSION
    datasets = catalog["dcat:dataset"]
    assert len(datasets) > 250  # the package, every indicator, every country
    urls = [d["dcat:downloadURL"]["@id"] for ds in datasets for d in ds["dcat:distribution"]]
    assert f"{SITE_URL}data/package/datapackage.json" in urls
    missing = [u for u in urls if not _local(u).is_file()]
    assert missing == []


@needs_site
def test_sitemap_lists_pages_and_releases_with_the_release_date():
    text = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}releases/{VERSION}/</loc>" in text
    assert f"<loc>{SITE_URL}indicators/migrant_stock/</loc>" in text
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", text)) == {RECORD["date"]}


@needs_site
def test_cite_blocks_name_version_date_and_publisher():
    for path, publisher in (
        ("countries/MEX/index.html", "World Bank"),
        ("indicators/migrant_stock/index.html", "United Nations Department of Economic"),
    ):
        html = (SITE / path).read_text(encoding="utf-8")
        blocks = re.findall(r'<div class="atlas-cite">(.*?)</div>', html, re.S)
        figures = html.count('<figure class="atlas-chart"')
        assert len(blocks) == figures + 1, path  # one per chart and one for the page
        for block in blocks:
            assert f"Version {VERSION}" in block and f"version = {{{VERSION}}}" in block, path
            assert "@misc{" in block and 'class="atlas-accessed"' in block
        assert publisher in blocks[-1], path
    assert f"Version {VERSION}, released {RECORD['date']}" in (SITE / "index.html").read_text()


@needs_site
def test_a_release_page_for_every_record():
    for record in release.release_records():
        page = SITE / "releases" / record["version"] / "index.html"
        assert page.is_file(), page
        html = page.read_text(encoding="utf-8")
        assert f"atlas-{record['version']}.zip" in html and "SHA256SUMS" in html
