"""`invoke brochure`: the command's options become a brochure in a file, and a message for staff.

The PDF goes where --out says (the person asked for that file, so it may be
replaced); without --out, into brochures/ under a name that is not taken yet,
so nobody's earlier brochure is ever overwritten. Every failure is a message
in Chinese, and no file is written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records.problems import BuildFailed
from ..site import Site
from .errors import BrochureError
from .files import default_name, size_label, unused, write_atomically
from .make import Brochure, make_brochure
from .scope import Scope
from .settings import BrochureSettings


@dataclass(frozen=True)
class BrochureRequest:
    """The command's options, as typed."""

    counties: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    title: str = ""
    issuer: str = ""
    date: str = ""
    out: str = ""
    pdfa: bool = False


@dataclass(frozen=True)
class Result:
    ok: bool
    message: str
    path: Path | None = None
    brochure: Brochure | None = None


def run(site: Site, pelican_settings: dict[str, Any], request: BrochureRequest, cwd: Path) -> Result:
    settings = BrochureSettings.from_pelican(pelican_settings)
    try:
        target = _target(request, cwd)
        scope = Scope.parse(request.counties, request.initiatives, request.since, request.until)
        options = settings.options(request.title, request.issuer, _cover_date(request.date), request.pdfa)
        given = {f"命令行选项 --{k}": v for k, v in (("title", request.title), ("issuer", request.issuer)) if v}
        brochure = make_brochure(site, settings, scope, options, given)
    except BuildFailed as failed:
        return Result(False, str(failed))
    except BrochureError as error:
        return Result(False, str(error))
    path = target or unused(settings.folder / default_name(brochure.document.cover.scope, options.date))
    write_atomically(path, brochure.pdf)
    return Result(True, _done(path, cwd, brochure), path, brochure)


def _target(request: BrochureRequest, cwd: Path) -> Path | None:
    if not request.out:
        return None
    path = Path(request.out)
    path = path if path.is_absolute() else cwd / path
    if path.is_dir() or request.out.endswith(("/", os.sep)):
        raise BrochureError(f"--out “{request.out}”是一个文件夹。请写出文件名，如 --out {request.out.rstrip('/')}/汇编.pdf")
    if path.suffix.lower() != ".pdf":
        raise BrochureError(f"--out “{request.out}”应以 .pdf 结尾，如 --out 汇编.pdf")
    return path


def _cover_date(text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BrochureError(f"--date 的日期“{text}”无法识别，请写成 2026-12-01。") from None


def _done(path: Path, cwd: Path, brochure: Brochure) -> str:
    shown = path.relative_to(cwd) if path.is_relative_to(cwd) else path
    how = "内容没有变化，沿用了上次的排版结果" if brochure.cached else "已重新排版"
    lines = [f"成果汇编已生成：{shown}（共 {brochure.pages} 页，{size_label(len(brochure.pdf))}，{how}）。"]
    cover = brochure.document.cover
    if brochure.fonts.notice:
        lines.append(brochure.fonts.notice)
    if not cover.issuer:
        lines.append("提示：没有写编印单位，封面上不印编印单位。需要时加上 ISSUER=，如 make brochure ISSUER=县委组织部（命令行：--issuer）。")
    if cover.draft:
        lines.append("提示：收录了尚未完成审核的内容，每一页都标明了“审阅稿”。正式印发请加 PUBLISH=1（如 make brochure COUNTY=莱西市 PUBLISH=1；命令行：--publish），只收审核完成的内容。")
    return "\n".join(lines)
