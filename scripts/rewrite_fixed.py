"""Rewrite `"%.Nf" | format(expr)` in Jinja text as `(expr) | fixed(N)`: the same digits in
English, and the page's decimal separator in Spanish and French (the `fixed` filter,
atlas/render/formats.py decimal_text). Run on templates and on metadata YAML with Jinja text:

    .venv/bin/python scripts/rewrite_fixed.py templates/*.j2 templates/*/*.j2 metadata/*.yaml \
        metadata/translations/*.yaml metadata/translations/*/*.yaml

Files are rewritten in place; those without such an expression are left untouched.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

START = re.compile(r"""(["'])%\.(\d)f\1\s*\|\s*format\(""")


def rewrite(text: str) -> str:
    out, pos = [], 0
    while m := START.search(text, pos):
        depth, i = 1, m.end()
        while depth:  # the argument, with its own parentheses
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        expr = text[m.end() : i - 1]
        simple = re.fullmatch(r"[\w.\[\]'\"]+", expr)
        arg = expr if simple else f"({expr})"
        out += [text[pos : m.start()], f"{arg} | fixed({m.group(2)})"]
        pos = i
    return "".join(out) + text[pos:]


def main(paths: list[str]) -> None:
    for p in map(Path, paths):
        text = p.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            p.write_text(new, encoding="utf-8")
            print(f"rewrote {p}")


if __name__ == "__main__":
    main(sys.argv[1:])
