"""A typesetting worker (parallel.py): reads one JSON request a line on stdin, answers one JSON line on stdout.

    {"job": FILE (typeset.Job as JSON), "out": FILE}  ->  {"pages": 12}  or  {"error": "…"}
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

from .errors import BrochureError
from .typeset import Job, render_pdf


def serve() -> None:
    replies = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        try:
            with contextlib.redirect_stdout(sys.stderr):  # nothing but replies on stdout
                job = Job.from_json(json.loads(Path(request["job"]).read_text(encoding="utf-8")))
                rendered = render_pdf(job)
            Path(request["out"]).write_bytes(rendered.pdf)
            reply = {"pages": rendered.pages}
        except BrochureError as failed:
            reply = {"error": str(failed)}
        replies.write(json.dumps(reply, ensure_ascii=False) + "\n")
        replies.flush()


if __name__ == "__main__":
    serve()
