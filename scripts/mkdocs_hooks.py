"""MkDocs hooks: each chart figure (rendered by `atlas.pages`) in place of its marker; the
release's version in the footer.

Runs on the final HTML of a page (after search indexing), so Markdown and the search index never
parse the charts' data tables. A marker without its fragment stops the build.
"""

from __future__ import annotations

import re
from pathlib import Path

FRAGMENTS = Path(__file__).resolve().parent.parent / "build" / "fragments"
MARKER = re.compile(r"<!-- atlas-fragment: ([A-Za-z0-9_./-]+) -->")


def on_config(config):
    """The footer names the Atlas version and release date, from the committed release record."""
    from atlas.release import current_release

    record = current_release()
    config.copyright = (
        f"{config.copyright} · Version {record['version']}, released {record['date']}"
    )
    return config


def on_post_page(output: str, page, config) -> str:
    def fragment(match: re.Match) -> str:
        path = FRAGMENTS / f"{match.group(1)}.html"
        if not path.is_file():
            raise FileNotFoundError(f"{page.file.src_uri}: chart fragment missing: {path}")
        return path.read_text(encoding="utf-8")

    return MARKER.sub(fragment, output)
