"""Supply chain: the hashed locks (`make lock`): every package pinned with the sha256 of its
files, the direct dependencies of pyproject.toml and requirements-*.in at their pinned versions,
an install that fails when one byte of a hash in the lock is changed; the workflows' actions
pinned by commit SHA. (The SBOM in dist/ is checked by tests/test_release.py.)"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tomllib

import pytest

from atlas.base import ROOT

LOCKS = {
    "requirements.lock": "pyproject.toml",
    "requirements-cff.lock": "requirements-cff.in",
    "requirements-tools.lock": "requirements-tools.in",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_blocks(text: str) -> dict[str, tuple[str, list[str], str]]:
    """name -> (version, sha256 hashes, the requirement's lines as written)."""
    blocks: dict[str, tuple[str, list[str], str]] = {}
    current = None
    for line in text.splitlines(keepends=True):
        match = PIN.match(line)
        if match:
            current = _norm(match[1])
            blocks[current] = (match[2], [], line)
        elif current and line.lstrip().startswith("--hash=sha256:"):
            version, hashes, lines = blocks[current]
            hashes.append(line.split("sha256:")[1].strip(" \\\n"))
            blocks[current] = (version, hashes, lines + line)
        elif line.strip() and not line.lstrip().startswith("#"):
            raise AssertionError(f"unpinned line in a lock: {line!r}")
    return blocks


def direct_pins(source: str) -> dict[str, str]:
    path = ROOT / source
    if path.suffix == ".toml":
        project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
        lines = project["dependencies"] + project["optional-dependencies"]["test"]
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
    pins = (PIN.match(line.strip()) for line in lines)
    return {_norm(m[1]): m[2] for m in pins if m}


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_locked_package_is_pinned_with_hashes(lock):
    blocks = lock_blocks((ROOT / lock).read_text(encoding="utf-8"))
    assert blocks
    for name, (_version, hashes, _lines) in blocks.items():
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_the_direct_dependencies_are_locked_at_their_pins(lock):
    locked = {n: v for n, (v, _, _) in lock_blocks((ROOT / lock).read_text()).items()}
    pins = direct_pins(LOCKS[lock])
    assert pins
    for name, version in pins.items():
        assert locked.get(name) == version, name


def test_the_makefile_installs_every_lock_with_require_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes" in makefile
    installs = re.findall(r"\$\(PIP_INSTALL\) -r (\S+)", makefile)
    assert sorted(installs) == sorted(LOCKS)
    assert re.search(r"^PIP_INSTALL := pip install .*--require-hashes", makefile, re.M)


def _pip(*args: str, cwd) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args]
    cmd += ["--retries", "1", "--timeout", "30"]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=240)
    except subprocess.TimeoutExpired as err:
        pytest.skip(f"package index too slow or unreachable: {err}")


def test_one_changed_byte_of_a_hash_in_the_lock_fails_the_install(tmp_path):
    """mdurl (a small wheel without dependencies), as locked in requirements.lock: fetched with
    its hashes checked, then installed offline from that file, once as locked (succeeds) and once
    with one hex digit of its file's hash changed (fails)."""
    version, hashes, lines = lock_blocks((ROOT / "requirements.lock").read_text())["mdurl"]
    (tmp_path / "locked.txt").write_text(lines, encoding="utf-8")
    fetched = _pip(
        "download", "--no-deps", "--require-hashes", "--only-binary=:all:", "-d", "files",
        "-r", "locked.txt", cwd=tmp_path,
    )  # fmt: skip
    if fetched.returncode != 0:
        pytest.skip(f"package index unreachable: {fetched.stderr.strip()[-300:]}")
    (wheel,) = (tmp_path / "files").glob(f"mdurl-{version}-*.whl")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert digest in hashes  # the lock holds the hash of the file the index serves

    def install(requirements: str) -> subprocess.CompletedProcess:
        (tmp_path / "req.txt").write_text(requirements, encoding="utf-8")
        return _pip(
            "install", "--require-hashes", "--no-deps", "--no-index", "--find-links", "files",
            "--target", "target", "-r", "req.txt", cwd=tmp_path,
        )  # fmt: skip

    ok = install(lines)
    assert ok.returncode == 0, ok.stderr[-2000:]
    changed = digest[:10] + ("0" if digest[10] != "0" else "1") + digest[11:]
    bad = install(lines.replace(digest, changed))
    assert bad.returncode != 0
    assert "DO NOT MATCH THE HASHES" in bad.stderr and digest in bad.stderr, bad.stderr[-2000:]


# actions whose tag could not be resolved to a commit when the others were pinned (no access to
# GitHub there): pin them with `git ls-remote https://github.com/OWNER/REPO refs/tags/vN*`
STILL_BY_TAG = {"actions/deploy-pages@v5", "softprops/action-gh-release@v3"}


def test_workflow_actions_are_pinned_by_commit_sha_with_their_version():
    uses = []
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        uses += re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", path.read_text(), re.M)
    assert uses
    for ref, comment in uses:
        if ref in STILL_BY_TAG:
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (ref, comment)


def test_npm_packages_install_only_by_npm_ci_from_integrity_hashes():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    entries = {k: v for k, v in lock["packages"].items() if k}
    assert entries and all(v.get("integrity", "").startswith("sha512-") for v in entries.values())
    for path in [ROOT / "Makefile", *(ROOT / ".github" / "workflows").glob("*.yml")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bnpm (install|i|add|update)\b", text), path.name
    assert "npm ci " in (ROOT / "Makefile").read_text(encoding="utf-8")
