"""Static assets of the site: the hand-written docs/ folder and the self-hosted front-end files
(vega, vega-lite, vega-embed, vega-interpreter, the world map, Tom Select, their licenses) taken from
node_modules (pinned in package-lock.json). Nothing is loaded from outside the site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from atlas.base import ROOT

DOCS = ROOT / "docs"
VENDOR = {
    "vega.min.js": "node_modules/vega/build/vega.min.js",
    "vega-lite.min.js": "node_modules/vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "node_modules/vega-embed/build/vega-embed.min.js",
    "countries-110m.json": "node_modules/world-atlas/countries-110m.json",
    # the pickers of the compare and indicator pages (loaded by those pages only)
    "tom-select.min.js": "node_modules/tom-select/dist/js/tom-select.popular.min.js",
    "tom-select.css": "node_modules/tom-select/dist/css/tom-select.default.min.css",
    "LICENSE-tom-select.txt": "node_modules/tom-select/LICENSE",
    "LICENSE-vega.txt": "node_modules/vega/LICENSE",
    "LICENSE-vega-interpreter.txt": "node_modules/vega-interpreter/LICENSE",
    "LICENSE-vega-lite.txt": "node_modules/vega-lite/LICENSE",
    "LICENSE-vega-embed.txt": "node_modules/vega-embed/LICENSE",
    "LICENSE-world-atlas.txt": "node_modules/world-atlas/LICENSE",
}


def _npm_file(src: str) -> Path:
    path = ROOT / src
    if not path.exists():
        raise FileNotFoundError(f"{src} missing: run `npm ci` (the Makefile does)")
    return path


def classic_script(module: str, imports_from: str, source_global: str, export_global: str) -> str:
    """An ES module build (vega-interpreter ships no other) as a classic script: its one import
    is taken from the global that the already loaded vega bundle defines, and its exports
    become a global, so pages load it like the other vendor files (no inline import map,
    which the Content-Security-Policy would have to allow)."""
    imp = re.compile(r"^import \{([^}]*)\} from '" + re.escape(imports_from) + r"';$", re.M)
    exp = re.compile(r"^export \{([^}]*)\};$", re.M)
    if len(imp.findall(module)) != 1 or len(exp.findall(module)) != 1:
        raise ValueError(f"unexpected module shape: one import from {imports_from} and one export")
    if re.search(r"^(import|export) ", imp.sub("", exp.sub("", module)), re.M):
        raise ValueError("unexpected module shape: more imports or exports")
    pairs = [part.strip().partition(" as ") for part in exp.search(module).group(1).split(",")]
    exports = ", ".join(f"{alias or local}: {local}" for local, _, alias in pairs)
    body = imp.sub(lambda m: f"const {{{m.group(1)}}} = {source_global};", module)
    body = exp.sub(lambda m: f"window.{export_global} = {{ {exports} }};", body)
    body = re.sub(r"^//# sourceMappingURL=.*\n?", "", body, flags=re.M)  # the map is not shipped
    return f"(function () {{\n{body}}})();\n"


def template_literal(js: str, name: str) -> str:
    """The text of `var <name> = `...`;` in a bundle (vega-embed's and vega-tooltip's CSS)."""
    m = re.search(r"\bvar " + re.escape(name) + r" = `([^`]*)`;", js)
    if m is None:
        raise ValueError(f"no template literal {name} in the bundle")
    return m.group(1)


def vendor_css() -> str:
    """vega-embed's and vega-tooltip's stylesheets as a file: pages pass `defaultStyle: false`
    and `disableDefaultStyle`, since the <style> elements they would inject are inline styles
    the Content-Security-Policy blocks."""
    embed = _npm_file("node_modules/vega-embed/build/embed.js").read_text(encoding="utf-8")
    tooltip = _npm_file("node_modules/vega-tooltip/build/index.js").read_text(encoding="utf-8")
    return (
        "/* vega-embed (BSD-3-Clause) */\n"
        + template_literal(embed, "embedStyle")
        + "\n/* vega-tooltip (BSD-3-Clause) */\n"
        + template_literal(tooltip, "defaultStyle")
    )


def copy_static(out: Path) -> None:
    shutil.copytree(DOCS, out, dirs_exist_ok=True)
    vendor = out / "assets" / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    for name, src in VENDOR.items():
        shutil.copyfile(_npm_file(src), vendor / name)
    module = _npm_file("node_modules/vega-interpreter/build/vega-interpreter.js")
    (vendor / "vega-interpreter.js").write_text(
        classic_script(module.read_text(encoding="utf-8"), "vega-util", "vega", "vegaInterpreter"),
        encoding="utf-8",
    )
    (vendor / "vega-embed.css").write_text(vendor_css(), encoding="utf-8")
