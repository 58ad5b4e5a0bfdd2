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

Languages (mkdocs-static-i18n builds the site once per language, into the same folder): the
assets it mistakes for translations ("lines.vl.json") are put back in the English build;
hreflang alternates are given by the sitemaps, not by <link> tags (atlas.site_i18n); the
language switcher's links are made relative (the plugin writes "/es/", which the
offline copy of the site cannot follow), and the 404 page of each other language is written to
<lang>/404.html, the English one staying at the root (each build would overwrite it); after
the last language, a sitemap per language (<lang>/sitemap.xml) beside the whole site's.

Then each page, and the 404 page, gets its policy (`atlas.csp`): hashes of Material's inline
scripts are taken over the final HTML, so what is allowed is exactly what is shipped; any other
inline script (one injected through the data) stops the build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from atlas.base import current_release
from atlas.csp import with_policy
from atlas.render.i18n import languages
from atlas.site import footer, page_html, preview, valid_material
from atlas.site_i18n import (
    DEFAULT,
    english_links,
    language_sitemaps,
    relative_alternates,
    restored_assets,
    without_alternate_links,
)

ENGLISH_404: list[str] = []  # the English 404 page, kept while other languages are built


def on_config(config):
    config.copyright = footer(config.copyright)
    config.extra["atlas_version"] = current_release()["version"]  # printed pages name it
    return config


@event_priority(-200)  # after mkdocs-static-i18n's (-100)
def on_files(files, config):
    return restored_assets(files, config, config.theme["language"] == DEFAULT)


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = config.theme["language"]
    return english_links(markdown, page.file.src_uri, lang, Path(config["docs_dir"]))


def on_page_context(context, page, config, nav):
    relative_alternates(config)
    # the page's link preview (Open Graph / Twitter card image), read by overrides/main.html
    page.meta.update(preview(Path(config["docs_dir"]), page.url, config["site_url"]))
    return context


def on_post_page(output: str, page, config) -> str:
    output = without_alternate_links(output)
    return page_html(output, Path(config["docs_dir"]), page.file.src_uri)


def on_post_template(output: str, template_name: str, config) -> str:
    if not template_name.endswith(".html"):
        return output
    output = with_policy(valid_material(without_alternate_links(output)))
    lang = config.theme["language"]
    if template_name == "404.html" and lang != DEFAULT and ENGLISH_404:
        target = Path(config["site_dir"]) / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        return ENGLISH_404[0]
    if template_name == "404.html":
        ENGLISH_404[:] = [output]
    return output


def on_post_build(config):
    # after the last language's build, the sitemap lists every language: one per language too
    if config.theme["language"] == languages()[-1]:
        language_sitemaps(Path(config["site_dir"]), config["site_url"])
