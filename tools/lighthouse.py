"""Lighthouse (mobile preset) on pages of a built site, in Debian's Chromium; prints the four scores.

Run through ``invoke lighthouse`` (see docs/lighthouse.md). Lighthouse is a
measurement, not a test: it is installed on demand into .cache/, pinned, and
kept out of package-lock.json (it brings some 150 packages).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

VERSION = "12.2.3"  # Lighthouse 13 needs Node 22; Debian 12 and this machine have Node 20
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BAR = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}
# As in tests/browser.py: without the background-networking flags Chromium calls Google's hosts.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-sync "
                "--disable-background-networking --disable-component-update --disable-dev-shm-usage")


@dataclass(frozen=True)
class Report:
    url: str
    scores: dict[str, int]
    metrics: dict[str, str]  # the performance metrics as Lighthouse displays them
    failing: list[str]  # other audits below full marks, with what they found

    @property
    def meets_bar(self) -> bool:
        return all(self.scores[c] >= BAR[c] for c in CATEGORIES)


def install(cache: Path) -> Path:
    """The pinned Lighthouse under ``cache``, installed with npm the first time."""
    folder = cache / f"lighthouse-{VERSION}"
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), "-E",
                        f"lighthouse@{VERSION}"], check=True)
    return binary


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


def audit(binary: Path, url: str) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run([str(binary), url, f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES),
                        "--output=json", f"--output-path={out}", "--quiet"],
                       check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
        report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    audits = report["audits"]
    metrics = {short: audits[name]["displayValue"] for name, short in METRICS.items()}
    failing = [f"{a['id']} ({a.get('displayValue') or a['score']})" for a in audits.values()
               if a["id"] not in METRICS and a.get("score") is not None and a["score"] < 1
               and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    return Report(url, scores, metrics, failing)


def first_case(output: Path) -> str:
    """The first case page of the built site (folders named by year are archives)."""
    cases = sorted(p.parent.name for p in (output / "cases").glob("*/index.html") if not p.parent.name.isdigit())
    return f"cases/{cases[0]}/"
