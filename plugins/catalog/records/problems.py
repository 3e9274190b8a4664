"""Problems found in the site's sources, collected and reported all at once.

Staff fix their files from this report, so every problem names the file and
line, the field as written in the file, and says in Chinese what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "错误"  # stops the build
    WARNING = "警告"  # listed; the site is still built


@dataclass(frozen=True, order=True)
class Problem:
    """One defect in one file; ordered so a report reads file by file, top to bottom."""

    path: str  # relative to the site root, with forward slashes
    line: int  # 1-based; 0 when the problem is about no particular line
    field: str  # as written in the file: ``figures[0].value``; "" for the file itself
    message: str
    rule: str  # stable id, for the staff guide and for waivers (see checks/waivers.py)
    severity: Severity = Severity.ERROR
    subject: str = field(default="", compare=False)  # the offending text, for waivers that name it

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        what = f"{self.field}: " if self.field else ""
        warning = "（警告）" if self.severity is Severity.WARNING else ""
        return f"{where} {what}{warning}{self.message} [{self.rule}]"


@dataclass
class Problems:
    """Collects problems from every stage so nothing stops at the first one."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, field: str, message: str, rule: str,
            severity: Severity = Severity.ERROR) -> None:
        self.items.append(Problem(path, line, field, message, rule, severity))

    def replace(self, problems: Iterable[Problem]) -> None:
        self.items = list(problems)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted({p for p in self.items if p.severity is Severity.ERROR})

    @property
    def warnings(self) -> list[Problem]:
        return sorted({p for p in self.items if p.severity is Severity.WARNING})

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise BuildFailed(self.errors + self.warnings)


class BuildFailed(Exception):
    """Raised with every problem found; nothing has been published."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(report(self.problems))

    def __reduce__(self) -> tuple:
        return type(self), (self.problems,)  # raised again in the parent when a build worker finds problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def summary(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = len(problems) - len(errors)
    files = len({p.path for p in problems})
    counted = f"{len(errors)} 个错误" + (f"、{warnings} 个警告" if warnings else "")
    return f"共发现 {counted}，涉及 {files} 个文件。请按上面的提示逐条修改后重新运行。"


def report(problems: list[Problem]) -> str:
    """The text staff see: errors, then warnings, one line each, then one summary line."""
    ordered = sorted(problems, key=lambda p: (p.severity is Severity.WARNING, p))
    return "\n".join([*(str(p) for p in ordered), summary(problems)])
