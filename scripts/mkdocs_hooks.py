"""MkDocs hooks: chart fragments into the final HTML, every page's Content-Security-Policy,
the release's version in the footer (and on printed pages), and each page's link preview
image (`og:image`: its first chart's PNG, from atlas.render.og_images). The work is `atlas.site`'s; this file is the entry
point MkDocs loads (mkdocs.yml `hooks:`).

Chart figures (rendered by `atlas.render`) replace their markers on the final HTML of a page
(after search indexing), so Markdown and the search index never parse the charts' data tables.
A marker without its fragment stops the build. The fragments sit beside the docs folder
(`generated/fragments` for `generated/docs`), so a site built from another docs folder (a
test's) reads its own.

Three markup slips of Material 9.8.1 are mended so every page is valid HTML (the W3C Nu
validator, tests/test_html_validity.py): `autocomplete` on its checkbox toggles, an empty
`tabindex` on section labels, and a `for="__toc"` label on pages outside the navigation, where
no `__toc` control exists.

Then each page, and the 404 page, gets its policy (`atlas.csp`): hashes of Material's inline
scripts are taken over the final HTML, so what is allowed is exactly what is shipped; any other
inline script (one injected through the data) stops the build.
"""

from __future__ import annotations

from pathlib import Path

from atlas.base import current_release
from atlas.csp import with_policy
from atlas.site import footer, page_html, preview, valid_material


def on_config(config):
    config.copyright = footer(config.copyright)
    config.extra["atlas_version"] = current_release()["version"]  # printed pages name it
    return config


def on_page_context(context, page, config, nav):
    # the page's link preview (Open Graph / Twitter card image), read by overrides/main.html
    page.meta.update(preview(Path(config["docs_dir"]), page.url, config["site_url"]))
    return context


def on_post_page(output: str, page, config) -> str:
    return page_html(output, Path(config["docs_dir"]), page.file.src_uri)


def on_post_template(output: str, template_name: str, config) -> str:
    if not template_name.endswith(".html"):
        return output
    return with_policy(valid_material(output))
