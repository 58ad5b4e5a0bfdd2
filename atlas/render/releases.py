"""Release pages: /releases/ and one page per committed release record, with its changelog."""

from __future__ import annotations

import json

from atlas.base import ROOT, load_yaml, release_records
from atlas.render.context import Context, write_page


def release_assets_url(version: str) -> str:
    """Where a release's files are attached (mkdocs.yml `extra.release_assets_url`)."""
    return load_yaml(ROOT / "mkdocs.yml")["extra"]["release_assets_url"].format(version=version)


def release_pages(ctx: Context) -> None:
    """/releases/ and /releases/<version>/ for every committed release record."""
    records = release_records()
    shown = []
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
        shown.append(item)
        write_page(ctx, f"releases/{version}/index.md", "release.md.j2", **item)
    releases_page(ctx)


def releases_page(ctx: Context) -> None:
    """The list of releases, newest first, in the page's language (each release's own page
    is in English for now: metadata/i18n.yaml `release`)."""
    records = release_records()
    shown = [{"record": r, "current": r is records[-1]} for r in records]
    write_page(ctx, "releases/index.md", "releases.md.j2", releases=shown[::-1])
