"""Every HTML file of the built site carries the one Content-Security-Policy, first in <head>;
its inline scripts are exactly those the policy hashes; nothing inline needs 'unsafe-inline'
(no style attributes or elements, no event-handler attributes, no javascript: URLs).

The browser tests (test_browser.py) check the same policy in action: no violation reported.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas import csp

SITE = Path(__file__).resolve().parent.parent / "site"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE = [
    ("style attribute", re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)),
    ("style element", re.compile(r"<style[\s>]", re.I)),
    ("event-handler attribute", re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)),
    ("javascript: URL", re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)),
]

pytestmark = pytest.mark.skipif(not (SITE / "index.html").exists(), reason="needs the built site")


def test_the_policy_limits_everything_to_the_site():
    text = csp.policy()
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        assert f"{directive} 'self'" in text
    assert "worker-src 'self'" in text and "default-src 'none'" in text
    assert "unsafe-inline" not in text and "unsafe-eval" not in text and "unsafe-hashes" not in text
    assert "*" not in text and "http" not in text
    assert "blob:" not in text  # data: only for images (Material's icons), said in atlas/csp.py


def problems_of(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    found = META.findall(html)
    if len(found) != 1:
        return [f"{len(found)} policies"]
    out = []
    head = html[: html.find("</head>")]
    first = re.search(r"<(script|link|style)\b", head, re.I)
    if first is None or first.start() < head.find("Content-Security-Policy"):
        out.append("the policy is not before the first script or stylesheet")
    expected = csp.policy([csp.script_hash(s) for s in csp.inline_scripts(html)])
    if found[0] != expected:
        out.append(f"policy {found[0]!r} is not {expected!r}")
    out += [what for what, pattern in INLINE if pattern.search(html)]
    return out


def test_every_page_carries_the_policy_and_nothing_inline_needs_unsafe_inline():
    pages = sorted(SITE.rglob("*.html"))
    assert len(pages) > 300
    bad = {str(p.relative_to(SITE)): probs for p in pages if (probs := problems_of(p))}
    assert bad == {}, f"{len(bad)} pages: {dict(list(bad.items())[:10])}"


THEME_SCRIPT = 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'


def test_only_the_themes_inline_scripts_are_hashed():
    page = '<html><head><meta charset="utf-8"><script>{}</script></head><body><script type="application/json">{{}}</script><script src="x.js"></script></body></html>'
    html = page.format(THEME_SCRIPT)
    out = csp.with_policy(html)
    assert csp.inline_scripts(html) == [THEME_SCRIPT]
    assert csp.script_hash(THEME_SCRIPT) in out
    assert out.index("Content-Security-Policy") < out.index(THEME_SCRIPT)
    with pytest.raises(ValueError):
        csp.with_policy(out)  # never two policies
    with pytest.raises(ValueError, match="not from the theme"):
        csp.with_policy(page.format("window.__xss('injected')"))
