"""The site's Content-Security-Policy: one policy for every page, carried in a <meta> element.

The Atlas is a static site (no server to send headers), so each page names its own policy in
`<meta http-equiv="Content-Security-Policy">`, placed before anything it governs. Scripts,
styles, images, fonts, workers and data fetches come from the site itself; nothing is allowed
inline except the few inline scripts MkDocs Material writes, each allowed by the sha256 of its
exact text (computed over the final HTML by the MkDocs hook, so a changed script is a blocked
script, never a silently allowed one). No 'unsafe-inline', no 'unsafe-eval': charts are drawn
by vega with the CSP-safe expression interpreter (vega-interpreter).

Only the theme's own inline scripts are hashed (THEME_SCRIPTS, matched whole): hashing every
inline script of the final HTML would also allow one injected through the data. Any other
inline script stops the build, naming the page.
"""

from __future__ import annotations

import base64
import hashlib
import re

# directive -> sources, in the order they are written
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    # data: Material's stylesheet draws its icons as data: SVG images (CSS mask-image)
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),  # chart specs and data files, the search index
    "worker-src": ("'self'",),  # Material's offline search runs in a web worker
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
META = '<meta http-equiv="Content-Security-Policy" content="{}">'
# An inline classic script: no src attribute and no non-JavaScript type (JSON data blocks such
# as Material's `__config` are never executed, so CSP does not apply to them).
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
JS_TYPES = ("", "text/javascript", "module", "application/javascript")
# MkDocs Material 9.8.1's inline scripts, whole (only the relative base path varies by page):
# its storage helpers in <head>, and the tab restore after the content.
THEME_SCRIPTS = [
    re.compile(
        re.escape('__md_scope=new URL("')
        + r"[./]*"
        + re.escape(
            '",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
            '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
            '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,'
            "JSON.stringify(_))}catch(e){}}"
        )
    ),
    re.compile(
        re.escape(
            "var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
            '(target.checked=target.name.startsWith("__tabbed_"))'
        )
    ),
]


def script_hash(body: str) -> str:
    """The CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run."""
    out = []
    for m in INLINE_SCRIPT.finditer(html):
        attrs = m.group("attrs") or ""
        if re.search(r"\ssrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"\stype\s*=\s*[\"']?([^\"'\s>]*)", attrs, re.I)
        if kind is None or kind.group(1).lower() in JS_TYPES:
            out.append(m.group("body"))
    return out


def policy(script_hashes: list[str] | tuple[str, ...] = ()) -> str:
    """The policy text, with the given inline-script hashes added to script-src."""
    parts = []
    for directive, sources in POLICY.items():
        extra = tuple(dict.fromkeys(script_hashes)) if directive == "script-src" else ()
        parts.append(" ".join((directive, *sources, *extra)))
    return "; ".join(parts)


def meta(script_hashes: list[str] | tuple[str, ...] = ()) -> str:
    return META.format(policy(script_hashes))


def theme_script_hashes(html: str) -> list[str]:
    """Hashes of the page's inline scripts, each of which must be one of the theme's."""
    unknown = [s for s in inline_scripts(html) if not any(p.fullmatch(s) for p in THEME_SCRIPTS)]
    if unknown:
        raise ValueError(f"inline script not from the theme (injected?): {unknown[0][:120]!r}")
    return [script_hash(s) for s in inline_scripts(html)]


def with_policy(html: str) -> str:
    """The page with its policy as the first element of <head> (before any script or style,
    so it governs all of them); hashes of the theme's inline scripts included."""
    if "Content-Security-Policy" in html:
        raise ValueError("page already carries a Content-Security-Policy")
    tag = meta(theme_script_hashes(html))
    head = re.search(r"<head[^>]*>", html, re.I)
    if head is None:
        raise ValueError("page without <head>: cannot place its Content-Security-Policy")
    charset = re.compile(r"\s*<meta charset=[\"']?utf-8[\"']?>", re.I)
    after = charset.match(html, head.end())  # the charset declaration stays first
    at = after.end() if after else head.end()
    return html[:at] + "\n" + tag + html[at:]
