"""The shape of the code: one direction of flow, enforced.

- The import-linter contracts in pyproject.toml hold, and they do fail on a back-import (a
  copy of the package with one forbidden import is refused).
- No import between atlas modules inside a function (such imports hid two cycles before).
- No module of the package over ~400 lines.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from atlas.base import ROOT

PACKAGE = ROOT / "atlas"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
MAX_LINES = 400


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(cwd))
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_import_contracts_hold():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_a_back_import_breaks_the_contract(tmp_path):
    """metadata (loaded early) importing the release stage is what the contract forbids."""
    shutil.copytree(PACKAGE, tmp_path / "atlas", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "atlas" / "metadata.py"
    target.write_text(
        target.read_text(encoding="utf-8") + "\nfrom atlas import release  # noqa\n",
        encoding="utf-8",
    )
    done = lint_imports(tmp_path)
    assert done.returncode != 0
    assert "atlas.metadata -> atlas.release" in done.stdout


def test_no_import_between_atlas_modules_inside_a_function():
    found = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                names = []
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                found += [
                    f"{path.relative_to(ROOT)}:{node.lineno} imports {n} in {fn.name}()"
                    for n in names
                    if n == "atlas" or n.startswith("atlas.")
                ]
    assert found == []


def test_no_module_over_the_size_limit():
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
