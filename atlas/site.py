"""Site stage: `mkdocs build --strict` over the rendered docs folder, into a staging folder that
replaces site/ only on success. The MkDocs hook (scripts/mkdocs_hooks.py) calls back into
`page_html` here for every page: chart fragments in, Material's markup mended, the
Content-Security-Policy set."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from atlas.base import current_release, release_epoch, swap_in
from atlas.csp import with_policy
from atlas.errors import InputError, Problem
from atlas.render.fragments import MARKER_PATTERN, fragments_dir
from atlas.site_i18n import with_languages


def source_date_epoch(root: Path) -> str:
    """The build's one date (sitemap `lastmod`, gzip headers), never the clock: SOURCE_DATE_EPOCH
    when set, else the date of the committed release record (releases/<version>/release.yaml),
    so two builds of the same inputs agree."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    return str(release_epoch(current_release(root / "releases")))


def mkdocs_config(root: Path, docs_dir: Path) -> Path:
    """mkdocs.yml for a docs folder: written beside it, with the paths it names (docs, hooks,
    theme overrides) made absolute, since MkDocs resolves them against the config file, and
    each language's navigation and site name (atlas/site_i18n.py)."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config = with_languages(config, docs_dir)
    config["docs_dir"] = str(docs_dir.resolve())
    config["hooks"] = [str((root / h).resolve()) for h in config.get("hooks", [])]
    if config.get("theme", {}).get("custom_dir"):
        config["theme"]["custom_dir"] = str((root / config["theme"]["custom_dir"]).resolve())
    path = docs_dir.resolve().parent / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def build_site(root: Path, docs_dir: Path | None = None, site_dir: Path | None = None) -> None:
    """`mkdocs build --strict` into a staging folder, swapped in for site/ only on success."""
    site_dir = site_dir or root / "site"
    staging = site_dir.parent / f"{site_dir.name}.staging-{os.getpid()}"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(root))
    # always a written config: each language's navigation depends on the pages rendered
    config = mkdocs_config(root, docs_dir or root / "generated" / "docs")
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--config-file",
        str(config),
        "--site-dir",
        str(staging),
    ]
    result = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(
            [
                Problem(
                    "mkdocs.yml",
                    None,
                    None,
                    "mkdocs build --strict failed:\n" + result.stderr[-4000:],
                )
            ]
        )
    swap_in(staging, site_dir)


def footer(copyright_: str) -> str:
    """The footer names the Atlas version and release date, from the committed release record."""
    record = current_release()
    return f"{copyright_} · Version {record['version']}, released {record['date']}"


def with_fragments(html: str, docs_dir: Path, page: str) -> str:
    """The page with each marker replaced by its fragment; a marker without one stops the build."""
    folder = fragments_dir(docs_dir)

    def fragment(match: re.Match) -> str:
        path = folder / f"{match.group(1)}.html"
        if not path.is_file():
            raise FileNotFoundError(f"{page}: chart fragment missing: {path}")
        return path.read_text(encoding="utf-8")

    return MARKER_PATTERN.sub(fragment, html)


def valid_material(html: str) -> str:
    """The page without Material's three invalid attributes (see scripts/mkdocs_hooks.py)."""
    html = re.sub(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"', r"\1", html)
    html = html.replace(' tabindex=""', "")
    if 'id="__toc"' not in html:
        html = html.replace(
            '<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">'
        )
    return html


# where whitespace shows (Material's pre, code and kbd keep it: pre-wrap) or is code
VERBATIM = re.compile(r"(<(pre|textarea|code|kbd|script|style)\b.*?</\2>)", re.S | re.IGNORECASE)
INDENT = re.compile(r"\n[ \t]+")


def unindented(html: str) -> str:
    """The page without the indentation of its lines (Material indents every tag: 9 MB of
    the site, issue 18): a browser reads a newline and the spaces after it as one space, as it
    reads the newline alone; whitespace that shows and scripts are left as written."""
    parts = VERBATIM.split(html)
    # split gives text, then each verbatim block and its tag name, in turn
    return "".join(
        INDENT.sub("\n", part) if i % 3 == 0 else part if i % 3 == 1 else ""
        for i, part in enumerate(parts)
    )


def page_html(html: str, docs_dir: Path, page: str) -> str:
    """A built page as published: fragments in, valid markup, no indentation, its policy
    first in <head>."""
    try:
        return with_policy(unindented(valid_material(with_fragments(html, docs_dir, page))))
    except ValueError as exc:
        raise ValueError(f"{page}: {exc}") from None


@functools.cache
def _previews(docs_dir: Path) -> dict:
    path = fragments_dir(docs_dir) / "og.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def preview(docs_dir: Path, page_url: str, site_url: str) -> dict:
    """A page's link preview (og:image and its alt text), absolute from site_url: its first
    chart's PNG (atlas.render.og_images), else the site-wide image; {} when the render stage
    wrote none (a docs folder of a test)."""
    previews = _previews(docs_dir.resolve())
    if not previews:
        return {}
    own = previews["pages"].get(page_url)
    image = own["image"] if own else previews["default"]
    return {
        "og_image": site_url + image,
        "og_image_alt": own["alt"] if own else "",
        "og_image_width": 1200,
        "og_image_height": 630,
    }
