"""Where signatures are kept: ``reviews/<kind>/<id>.yml`` beside content/ and data/, one file per item.

Written only by ``make sign`` (sign.py); read by every build. The file's place names the item: the
statement each signature is checked against takes the kind and id from the path, never from the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path

from ..records.load import load_yaml
from ..records.problems import Problem, Severity
from .statement import LEVELS, Signature

FOLDER = "reviews"
HEADER = ("# 审核签名：由 make sign 生成，请不要手工修改。\n"
          "# 每一项是一位审核人用自己的密钥对这份内容的签名，内容改动后签名自动失效。\n")


def signature_file(root: Path, kind: str, item: str) -> Path:
    return root / FOLDER / kind / f"{item}.yml"


def read_signatures(file: Path, rel: str) -> tuple[list[Signature], list[Problem]]:
    """The signatures in ``file`` (none when it does not exist), and what is wrong with the file itself."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError):
        return [], [Problem(rel, 1, "", "签名文件读不出来。请用 make sign 重新签名，不要手工修改这个文件。",
                            "review-signature-file", Severity.WARNING)]
    fast = _as_written(text)
    if fast is not None:
        return fast, []
    loaded = load_yaml(text, rel)
    if loaded.problems or not isinstance(loaded.data, list):
        return [], [Problem(rel, 1, "", "签名文件的格式不对（可能被手工改过）。请删除这个文件，再请审核人用 make sign "
                            "重新签名。", "review-signature-file", Severity.WARNING)]
    found, problems = [], []
    for i, entry in enumerate(loaded.data):
        line = loaded.lines.line((i,))
        try:
            found.append(_entry(entry, line))
        except (KeyError, TypeError, ValueError):
            problems.append(Problem(rel, line, "", "这一项签名缺少内容或格式不对（可能被手工改过）。请删除这一项，"
                                    "再请审核人用 make sign 重新签名。", "review-signature-file", Severity.WARNING))
    return found, problems


# One entry exactly as write_signatures writes it.
_ENTRY = re.compile(r'- level: (\S+)\n  reviewer: ("(?:[^"\\\n]|\\.)*")\n  date: (\d{4}-\d{2}-\d{2})\n'
                    r'  content: (sha256:[0-9a-f]{64})\n  signature: \|\n((?:    [A-Za-z0-9+/=-][^\n]*\n)+)')


def _as_written(text: str) -> list[Signature] | None:
    """The file as write_signatures writes it, read by one pattern (a province has 12,000 of them); None for
    anything else, which the strict YAML reader then reports line by line."""
    body = "".join(line + "\n" for line in text.splitlines() if not line.startswith("#"))
    found, at = [], 0
    offset = sum(1 for line in text.splitlines() if line.startswith("#"))  # the header's lines come first
    for match in _ENTRY.finditer(body):
        if match.start() != at:
            return None
        at = match.end()
        level, reviewer, date, content, armored = match.groups()
        if level not in LEVELS:
            return None
        try:
            found.append(Signature(level, json.loads(reviewer), dt.date.fromisoformat(date), content,
                                   "".join(line[4:] + "\n" for line in armored.splitlines()),
                                   offset + body.count("\n", 0, match.start()) + 1))
        except ValueError:
            return None
    return found if at == len(body) else None


def _entry(entry: dict, line: int) -> Signature:
    level = entry["level"]
    if level not in LEVELS:
        raise ValueError(level)
    return Signature(level=level, reviewer=entry["reviewer"], date=dt.date.fromisoformat(entry["date"]),
                     content=entry["content"], armored=entry["signature"], line=line)


def write_signatures(file: Path, signatures: list[Signature]) -> None:
    """Replace ``file`` at once (a reader never sees half a file); entries in level order."""
    ordered = sorted(signatures, key=lambda s: LEVELS.index(s.level))
    lines = [HEADER]
    for s in ordered:
        armored = "".join(f"    {line}\n" for line in s.armored.strip().splitlines())
        lines.append(f"- level: {s.level}\n  reviewer: {json.dumps(s.reviewer, ensure_ascii=False)}\n"
                     f"  date: {s.date.isoformat()}\n"
                     f"  content: {s.content}\n  signature: |\n{armored}")
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("".join(lines))
        os.replace(scratch, file)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
