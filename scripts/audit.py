"""Known vulnerabilities in what the Atlas installs: `make audit` (CI runs it on every push).

pip-audit reads each hashed lock given on the command line (no install, no resolution: the lock
is complete); `npm audit --omit=dev` reads package-lock.json for the packages the site ships.
Exit 1 when a vulnerability has a fixed version (upgrade: `make lock UPGRADE="--upgrade-package
NAME"`, or merge Dependabot's pull request); one with no fix yet is printed and does not fail,
as there is nothing to move to. A package that could not be checked fails the audit too. Needs
PyPI's JSON API and npm's advisory endpoint (GitHub's runners have both). Runs with .venv-tools'
Python, beside pip-audit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"


def pip_findings(lock: str) -> list[tuple[str, bool]]:
    cmd = [str(PIP_AUDIT), "--requirement", lock, "--require-hashes", "--disable-pip"]
    cmd += ["--format", "json", "--progress-spinner", "off"]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if result.returncode not in (0, 1) or not result.stdout.strip():
        sys.exit(f"pip-audit could not check {lock}:\n{result.stderr[-3000:]}")
    findings = []
    deps = json.loads(result.stdout)["dependencies"]
    skipped = [f"{d['name']}: {d['skip_reason']}" for d in deps if d.get("skip_reason")]
    if skipped:  # an unchecked package is no clean result (e.g. no access to PyPI's JSON API)
        sys.exit(
            f"pip-audit could not check {len(skipped)} packages of {lock}:\n" + "\n".join(skipped)
        )
    for dep in deps:
        for vuln in dep.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            line = f"{lock}: {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})"
            findings.append((line, bool(vuln.get("fix_versions"))))
    return findings


def npm_findings() -> list[tuple[str, bool]]:
    cmd = ["npm", "audit", "--omit=dev", "--json"]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"npm audit could not run:\n{result.stderr[-3000:]}")
    if "error" in report:
        sys.exit(f"npm audit could not run: {report['error']}")
    findings = []
    for name, vuln in sorted(report.get("vulnerabilities", {}).items()):
        fix = vuln.get("fixAvailable")
        line = f"package-lock.json: {name} ({vuln.get('severity')}): fix available: {bool(fix)}"
        findings.append((line, bool(fix)))
    return findings


def main(locks: list[str]) -> int:
    findings = [f for lock in locks for f in pip_findings(lock)] + npm_findings()
    for line, fixable in findings:
        print(("FAIL " if fixable else "note ") + line)
    failed = sum(fixable for _, fixable in findings)
    print(
        f"audit: {len(locks)} Python locks and package-lock.json; {len(findings)} known "
        f"vulnerabilities, {failed} with a fix available"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
