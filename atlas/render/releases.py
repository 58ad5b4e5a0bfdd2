"""Release pages: /releases/ and one page per committed release record, with its changelog."""

from __future__ import annotations

import csv
import json

from atlas.base import ROOT, load_yaml, release_records
from atlas.render.context import Context, write_page
from atlas.render.release_figures import release_news


def release_assets_url(version: str) -> str:
    """Where a release's files are attached (mkdocs.yml `extra.release_assets_url`)."""
    return load_yaml(ROOT / "mkdocs.yml")["extra"]["release_assets_url"].format(version=version)


def release_pages(ctx: Context) -> None:
    """/releases/ and /releases/<version>/ for every committed release record."""
    each_release_page(ctx)
    releases_page(ctx)


def each_release_page(ctx: Context) -> None:
    """/releases/<version>/ for every committed release record, in the page's language (the
    release notes, written in English in releases/<version>/release.yaml, are quoted in
    English on the es/fr pages)."""
    records = release_records()
    for record in records:
        path = record["folder"] / "changelog.json"
        log = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        version = record["version"]
        assets = release_assets_url(version)
        item = {
            "record": {k: v for k, v in record.items() if k != "folder"},
            "log": log,
            "current": record is records[-1],
            "files": [
                (name, assets + name)
                for name in (
                    f"atlas-{version}.zip",
                    f"atlas-site-{version}.zip",
                    f"atlas-{version}-sbom.cdx.json",
                    "SHA256SUMS",
                )
            ],
        }
        write_page(ctx, f"releases/{version}/index.md", "release.md.j2", **item)


def releases_page(ctx: Context) -> None:
    """The list of releases, newest first, in the page's language."""
    records = release_records()
    shown = [{"record": r, "current": r is records[-1]} for r in records]
    write_page(ctx, "releases/index.md", "releases.md.j2", releases=shown[::-1])


def whats_new(ctx: Context) -> dict | None:
    """The home page's summary of the current release's changelog (release_figures), with
    the indicators the previous release's manifest already had; None without a changelog."""
    records = release_records()
    if not records:
        return None
    path = records[-1]["folder"] / "changelog.json"
    if not path.exists():
        return None
    log = json.loads(path.read_text(encoding="utf-8"))
    previous = [r for r in records if r["version"] == log.get("previous")]
    ids: set[str] = set()
    if previous and (previous[0]["folder"] / "manifest.csv").exists():
        with (previous[0]["folder"] / "manifest.csv").open(encoding="utf-8", newline="") as fh:
            ids = {row["indicator_id"] for row in csv.DictReader(fh)}
    return release_news(log, ids, ctx.indicators, ctx.sources)
