"""Lighthouse (mobile preset) on pages of the public build served by nginx, in Debian's Chromium.

Run through ``invoke lighthouse`` (see docs/lighthouse.md), which builds the shipped content as
``make publish`` does (tools/public_build.py) and serves it with the project's nginx configuration
(tools/nginx.py), so the scores include what the web server adds: compression, cache lifetimes, the
security headers. Lighthouse is a measurement, not a test: it is installed on demand into .cache/,
pinned, and kept out of package-lock.json (it brings some 150 packages).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

VERSION = "12.2.3"  # Lighthouse 13 needs Node 22; Debian 12 and this machine have Node 20
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BAR = {category: 100 for category in CATEGORIES}  # issue 15: 100 in all four, through nginx
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
