"""Strings of metadata YAML that pages show through gettext (`_(h.label)` in a template,
`ctx.t(...)` in the render stage): a Babel extraction method, so `make messages` puts them in
locale/atlas.pot beside the templates' and the render stage's strings.

babel.cfg names the keys of each file: `keys = label title family` takes the string value of
every such key, at any depth; `titles = nav` takes the titles (mapping keys) of the top-level
`nav` tree (mkdocs.yml: each language's navigation, atlas/site_i18n.py). Metadata that carries its own es/fr (indicators, SDG targets,
income groups, country names) is not extracted: pages read those columns directly.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml


def _strings(node, keys: set[str], line: int) -> Iterator[tuple[int, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in keys and isinstance(v, str):
                yield line, v
            else:
                yield from _strings(v, keys, line)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, keys, line)


def _titles(node) -> Iterator[tuple[int, str]]:
    if isinstance(node, list):
        for v in node:
            yield from _titles(v)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield 0, k
            yield from _titles(v)


def extract_yaml(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method (babel.cfg: `[atlas.render.messages:extract_yaml: metadata/x]`),
    one message per string value of the configured keys, with its line number."""
    keys = set(options.get("keys", "").split())
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    seen = set()
    data = yaml.safe_load(text)
    found = list(_strings(data, keys, 0))
    for top in options.get("titles", "").split():
        found += list(_titles(data.get(top)))
    for _, value in found:
        if value in seen:
            continue
        seen.add(value)
        # the first line naming the string (Babel records it as where the string is used)
        lineno = next((n for n, line in enumerate(lines, 1) if value in line), 0)
        yield lineno, None, value, []
