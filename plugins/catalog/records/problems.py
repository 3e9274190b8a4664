"""Problems found in the site's sources, collected and reported all at once.

Staff fix their files from this report, so every problem names the file and
line, the field as written in the file, and says in Chinese what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One defect in one file; ordered so a report reads file by file, top to bottom."""

    path: str  # relative to the site root, with forward slashes
    line: int  # 1-based; 0 when the problem is about no particular line
    field: str  # as written in the file: ``figures[0].value``; "" for the file itself
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


@dataclass
class Problems:
    """Collects problems from every stage so nothing stops at the first one."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, field: str, message: str) -> None:
        self.items.append(Problem(path, line, field, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(set(self.items)))

    def __len__(self) -> int:
        return len(set(self.items))

    def raise_if_any(self) -> None:
        if self:
            raise BuildFailed(list(self))


class BuildFailed(Exception):
    """Raised with every problem found; nothing has been published."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(report(self.problems))


def summary(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    return f"共发现 {len(problems)} 个问题，涉及 {files} 个文件。请按上面的提示逐条修改后重新运行。"


def report(problems: list[Problem]) -> str:
    """The text staff see: one line per problem, then one summary line."""
    return "\n".join([*(str(p) for p in problems), summary(problems)])
