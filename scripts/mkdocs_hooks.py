"""MkDocs hooks: chart fragments into the final HTML, and every page's Content-Security-Policy.

Chart figures (rendered by `atlas.pages`) replace their markers on the final HTML of a page
(after search indexing), so Markdown and the search index never parse the charts' data tables.
A marker without its fragment stops the build. The fragments sit beside the docs folder
(`build/fragments` for `build/docs`), so a site built from another docs folder (a test's) reads
its own.

Then each page, and the 404 page, gets its policy (`atlas.csp`): hashes of the inline scripts
are taken over the final HTML, so what is allowed is exactly what is shipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from atlas.csp import with_policy

MARKER = re.compile(r"<!-- atlas-fragment: ([A-Za-z0-9_./-]+) -->")


def fragments_dir(config) -> Path:
    return Path(config["docs_dir"]).resolve().parent / "fragments"


def on_post_page(output: str, page, config) -> str:
    folder = fragments_dir(config)

    def fragment(match: re.Match) -> str:
        path = folder / f"{match.group(1)}.html"
        if not path.is_file():
            raise FileNotFoundError(f"{page.file.src_uri}: chart fragment missing: {path}")
        return path.read_text(encoding="utf-8")

    return with_policy(MARKER.sub(fragment, output))


def on_post_template(output: str, template_name: str, config) -> str:
    return with_policy(output) if template_name.endswith(".html") else output
