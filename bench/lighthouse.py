"""Lighthouse scores of the built site, served as static hosts serve it (gzip), on this machine.

Run: `make bench` (after `make site`), or `.venv/bin/python bench/lighthouse.py [--repeat N]
[--site DIR] [path ...]`. Serves site/ on 127.0.0.1 with gzip for text files, runs Lighthouse
(pinned in package.json, node_modules/.bin/lighthouse; LIGHTHOUSE=path overrides) N times per
page with its defaults (mobile form factor, simulated slow 4G and 4x CPU slowdown) on Debian's
chromium (CHROME_PATH, default /usr/bin/chromium, headless), and prints the median of each
score and metric. Targets (issue #18): performance >= 90 on a country page, an indicator page
and /index/, >= 95 on home; accessibility 100.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"": 95, "countries/MEX/": 90, "indicators/hdi/": 90, "index/": 90}
COMPRESS = {".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt", ".jsonld"}
METRICS = {
    "first-contentful-paint": "FCP s",
    "largest-contentful-paint": "LCP s",
    "total-blocking-time": "TBT ms",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI s",
    "total-byte-weight": "KB",
}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text files gzip-compressed when the client accepts it (as static hosts
    do), compressed once and kept in memory."""

    cache: dict[Path, bytes] = {}

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix not in COMPRESS
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not self.path.split("?")[0].endswith(("/", path.name))
        ):
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """What `send_head` returns for `copyfile`: a readable body."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (its defaults: mobile, simulated throttling); scores and metrics."""
    binary = os.environ.get("LIGHTHOUSE", str(ROOT / "node_modules" / ".bin" / "lighthouse"))
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(
        [
            binary,
            url,
            "--quiet",
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={out}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env=env,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    result = {
        "performance": report["categories"]["performance"]["score"] * 100,
        "accessibility": report["categories"]["accessibility"]["score"] * 100,
    }
    # Lighthouse's measure of this machine's CPU at the time (lower: busier or slower); its
    # simulated TBT scales what it observed, so a busy machine reads as a slow page
    result["CPU index"] = report["environment"]["benchmarkIndex"]
    for audit, label in METRICS.items():
        value = report["audits"][audit]["numericValue"]
        result[label] = value / (1000 if label.endswith(" s") else 1024 if label == "KB" else 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("paths", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    httpd, base = serve(args.site)
    labels = ["performance", "accessibility", *METRICS.values(), "CPU index"]
    print(f"Lighthouse, median of {args.repeat} (mobile defaults, site served with gzip)")
    print("| page | " + " | ".join(labels) + " | target |")
    print("|---" * (len(labels) + 2) + "|")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for path in args.paths:
                runs = [lighthouse(base + path, Path(tmp) / "r.json") for _ in range(args.repeat)]
                med = {k: statistics.median(r[k] for r in runs) for k in labels}
                target = PAGES.get(path)
                verdict = (
                    ""
                    if target is None
                    else f"perf ≥ {target}: "
                    + ("met" if med["performance"] >= target else "MISSED")
                )
                cells = [
                    f"{med[k]:.0f}"
                    if k in ("performance", "accessibility", "KB", "TBT ms", "CPU index")
                    else f"{med[k]:.3f}"
                    if k == "CLS"
                    else f"{med[k]:.1f}"
                    for k in labels
                ]
                print(f"| /{path} | " + " | ".join(cells) + f" | {verdict} |", flush=True)
    finally:
        httpd.shutdown()


if __name__ == "__main__":
    main()
