"""The contract between the render stage and the MkDocs hook (scripts/mkdocs_hooks.py).

Chart figures (with their data tables) and JSON-LD blocks are kept out of the Markdown: a page
carries a marker, and the hook replaces it with the fragment on the final HTML, after search
indexing, so neither Markdown nor the search index parses thousands of table rows. Fragments
sit beside the docs folder (`fragments/` next to `docs/`), so a site built from another docs
folder (a test's) reads its own.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

MARKER = "<!-- atlas-fragment: {} -->"
MARKER_PATTERN = re.compile(r"<!-- atlas-fragment: ([A-Za-z0-9_./-]+) -->")


def fragments_dir(docs_dir: Path) -> Path:
    """Where the fragments of a docs folder are written and read."""
    return docs_dir.resolve().parent / "fragments"


def write_fragment(folder: Path, key: str, html: str) -> Markup:
    """Write one fragment; returns the marker the page carries in its place."""
    path = folder / f"{key}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return Markup(MARKER.format(key))
