"""Read YAML without letting it guess types, remembering the line of every key.

PyYAML's resolver (YAML 1.1) turns ``010010`` into 4104, ``no`` into False,
``12:30`` into 750 and silently keeps the last of two duplicate keys. For
official records that is data loss, so we only *compose* the node tree and
build plain values ourselves: every scalar stays the text that was typed, and
the schema decides what a field means. Duplicate keys are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

try:  # the C composer is several times faster on province-sized data
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]

# Plain (unquoted) scalars that mean "nothing here"; everything else is text.
_NULLS = {"", "~", "null", "Null", "NULL"}
_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*：")


@dataclass
class LineMap:
    """Line (1-based) of every key and list item, addressed by its path."""

    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that was written."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return 1

    def shifted(self, offset: int) -> LineMap:
        return LineMap({k: v + offset for k, v in self.lines.items()})


@dataclass
class Loaded:
    data: Any
    lines: LineMap
    problems: list[Problem]


def as_text(data: bytes) -> str:
    """A file's bytes as ``Path.read_text(encoding="utf-8")`` reads them (newlines made "\n")."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(text: str, path: str) -> Loaded:
    """Parse one YAML document; problems carry ``path`` and 1-based lines."""
    lines = LineMap()
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        problems = [_syntax_problem(error, text, path)]
        fullwidth = fullwidth_colon_problem(text, path)
        return Loaded(None, lines, problems + ([fullwidth] if fullwidth else []))
    except yaml.YAMLError as error:  # pragma: no cover - marks are always present in practice
        return Loaded(None, lines, [Problem(path, 1, "", f"YAML 格式错误：{error}", "yaml-syntax")])
    if node is None:
        return Loaded({}, lines, [])
    builder = _Builder(path, lines, problems)
    return Loaded(builder.build(node, ()), lines, problems)


@dataclass
class _Builder:
    path: str
    lines: LineMap
    problems: list[Problem]

    def build(self, node: yaml.Node, at: Path) -> Any:
        self.lines.lines.setdefault(at, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*at, i)) for i, item in enumerate(node.value)]
        # libyaml reports plain style as "", the pure-Python composer as None
        if not node.style and node.value in _NULLS:
            return None
        return node.value

    def _mapping(self, node: yaml.MappingNode, at: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.path, line, "", "字段名必须是一个词，不能是列表或键值表。", "yaml-key"))
                continue
            key = key_node.value
            if key in result:
                first = self.lines.lines[(*at, key)]
                self.problems.append(Problem(
                    self.path, line, _dotted((*at, key)),
                    f"字段重复：第 {first} 行已经写过“{key}”。请删除其中一处，只保留正确的那一个。",
                    "yaml-duplicate-key",
                ))
                continue
            self.lines.lines[(*at, key)] = line
            result[key] = self.build(value_node, (*at, key))
        return result


def _dotted(path: Path) -> str:
    """``('figures', 0, 'value')`` -> ``figures[0].value``, as staff read it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


field_label = _dotted


_TAB_HINT = "这一行用了 Tab 缩进。YAML 只能用空格缩进，请把 Tab 换成空格。"
_HINTS = (
    ("mapping values are not allowed", "这一行多了一个冒号。如果值里本身有英文冒号“:”，请把整个值用引号括起来。"),
    ("could not find expected ':'", "这一行缺少“字段: 值”中的英文冒号，或上一行的引号没有闭合。"),
    ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了，请检查引号是否成对。"),
    ("did not find expected key", "缩进不一致：同一层的字段要对齐，列表项以“- ”开头。"),
    ("expected <block end>", "缩进不一致：同一层的字段要对齐，列表项以“- ”开头。"),
    ("did not find expected '-' indicator", "缩进不一致：列表里的每一项都要以“- ”开头并对齐。"),
    ("expected a single document", "一个文件只能写一条记录，请删除多余的“---”分隔线。"),
)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and "end of stream" in (error.problem or ""):
        mark = error.context_mark  # where the unclosed quote or bracket began
    line = mark.line + 1 if mark else 1
    detail = f"{error.context or ''} {error.problem or ''}".strip()
    hint = next((h for key, h in _HINTS if key in detail), "请检查这一行的缩进、冒号和引号。")
    lines = text.splitlines()
    if line <= len(lines) and "\t" in lines[line - 1]:
        hint = _TAB_HINT
    return Problem(path, line, "", f"YAML 格式错误：{hint}（解析器：{detail}）", "yaml-syntax")


def fullwidth_colon_problem(text: str, path: str) -> Problem | None:
    """A key typed with a Chinese colon parses as text; name the line it is on."""
    for number, line in enumerate(text.splitlines(), start=1):
        if _FULLWIDTH_KEY.match(line):
            return Problem(path, number, "", "这一行用了中文冒号“：”。字段名后面要用英文冒号“:”加一个空格。",
                           "yaml-fullwidth-colon")
    return None
