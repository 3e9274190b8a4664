"""A typesetting worker (parallel.py): reads one JSON job a line on stdin, answers one JSON line on stdout.

    {"html": FILE, "stylesheet": FILE, "pdfa": false, "readable": [FOLDER, …], "out": FILE}  ->  {"pages": 12}  or  {"error": "…"}
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

from .render import RenderFailed, render_pdf


def serve() -> None:
    replies = sys.stdout
    for line in sys.stdin:
        job = json.loads(line)
        try:
            with contextlib.redirect_stdout(sys.stderr):  # nothing but replies on stdout
                rendered = render_pdf(Path(job["html"]).read_text(encoding="utf-8"), Path(job["stylesheet"]),
                                      job["pdfa"], tuple(Path(folder) for folder in job["readable"]))
            Path(job["out"]).write_bytes(rendered.pdf)
            reply = {"pages": rendered.pages}
        except RenderFailed as failed:
            reply = {"error": str(failed)}
        replies.write(json.dumps(reply, ensure_ascii=False) + "\n")
        replies.flush()


if __name__ == "__main__":
    serve()
