"""MkDocs hooks: chart fragments into the final HTML, every page's Content-Security-Policy,
and the release's version in the footer.

Chart figures (rendered by `atlas.pages`) replace their markers on the final HTML of a page
(after search indexing), so Markdown and the search index never parse the charts' data tables.
A marker without its fragment stops the build. The fragments sit beside the docs folder
(`build/fragments` for `build/docs`), so a site built from another docs folder (a test's) reads
its own.

Three markup slips of Material 9.8.1 are mended so every page is valid HTML (the W3C Nu
validator, tests/test_html_validity.py): `autocomplete` on its checkbox toggles, an empty
`tabindex` on section labels, and a `for="__toc"` label on pages outside the navigation, where
no `__toc` control exists.

Then each page, and the 404 page, gets its policy (`atlas.csp`): hashes of Material's inline
scripts are taken over the final HTML, so what is allowed is exactly what is shipped; any other
inline script (one injected through the data) stops the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from atlas.csp import with_policy

MARKER = re.compile(r"<!-- atlas-fragment: ([A-Za-z0-9_./-]+) -->")


def on_config(config):
    """The footer names the Atlas version and release date, from the committed release record."""
    from atlas.release import current_release

    record = current_release()
    config.copyright = (
        f"{config.copyright} · Version {record['version']}, released {record['date']}"
    )
    return config


def fragments_dir(config) -> Path:
    return Path(config["docs_dir"]).resolve().parent / "fragments"


def on_post_page(output: str, page, config) -> str:
    folder = fragments_dir(config)

    def fragment(match: re.Match) -> str:
        path = folder / f"{match.group(1)}.html"
        if not path.is_file():
            raise FileNotFoundError(f"{page.file.src_uri}: chart fragment missing: {path}")
        return path.read_text(encoding="utf-8")

    try:
        return with_policy(valid_material(MARKER.sub(fragment, output)))
    except ValueError as exc:
        raise ValueError(f"{page.file.src_uri}: {exc}") from None


def valid_material(html: str) -> str:
    """The page without Material's three invalid attributes (see the module docstring)."""
    html = re.sub(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"', r"\1", html)
    html = html.replace(' tabindex=""', "")
    if 'id="__toc"' not in html:
        html = html.replace(
            '<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">'
        )
    return html


def on_post_template(output: str, template_name: str, config) -> str:
    if not template_name.endswith(".html"):
        return output
    return with_policy(valid_material(output))
