"""Read YAML without letting it guess types, remembering the line of every key.

PyYAML's resolver (YAML 1.1) turns ``010010`` into 4104, ``no`` into False,
``12:30`` into 750 and silently keeps the last of two duplicate keys. For
official records that is data loss, so we only *parse* and build plain values
from the parser's events ourselves: every scalar stays the text that was typed,
and the schema decides what a field means. Duplicate keys are reported.

Records are written by many people and copied from elsewhere, so reading one
must neither hang nor crash: anchors and aliases (``&a`` / ``*a``, the stuff of
"billion laughs") are refused where they are written, nesting is capped, and a
file that is not UTF-8 text is named as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError

from .problems import Problem

try:  # the C parser is several times faster on province-sized data
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


class Unreadable(Exception):
    """A file that cannot be read as text (not UTF-8, or not text at all); ``problem`` says so at its line."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def as_text(data: bytes, path: str) -> str:
    """A file's bytes as text, newlines made "\n"; raises Unreadable, naming ``path`` and the line.

    A byte-order mark (Windows Notepad writes one) is dropped: it is UTF-8 all the same."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        binary = b"\0" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 ("Unicode") is text
        raise Unreadable(Problem(path, line, "", _NOT_TEXT if binary else _NOT_UTF8, "file-encoding")) from None
    if "\0" in text:  # valid UTF-8 need not be text: no text file holds a NUL
        raise Unreadable(Problem(path, data.count(b"\n", 0, data.index(b"\0")) + 1, "", _NOT_TEXT, "file-encoding"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


_NOT_UTF8 = ("文件不是 UTF-8 编码（从这一行起有无法识别的字符，常见原因是用 GBK、GB2312 或 Unicode 等编码保存）。"
             "请在编辑器里用“UTF-8”编码另存一次（记事本：另存为 → 编码选“UTF-8”）。")
_NOT_TEXT = ("这不是文本文件（里面有二进制内容），可能是图片、Word 文档或压缩包改了扩展名，或放错了文件夹。"
             "记录和稿件只能是 UTF-8 编码的纯文本：请删除或移走这个文件。")

# How deep lists and fields may nest. A record needs four levels (a village's figures, one figure, its
# sources, one source); past this the file is a mistake or an attack, and stopping here keeps reading it
# quick (libyaml's parser slows with the square of flow nesting, and its composer recurses in C).
MAX_DEPTH = 20


def load_yaml(text: str, path: str) -> Loaded:
    """Parse one YAML document; problems carry ``path`` and 1-based lines."""
    lines = LineMap()
    problems: list[Problem] = []
    parser = _Loader(text)
    try:
        data = _Builder(path, lines, problems).build(parser.get_event)
    except yaml.MarkedYAMLError as error:
        syntax = _syntax_problem(error, text, path)
        fullwidth = fullwidth_colon_problem(text, path)
        # A key typed with a Chinese colon is text, so the parser stumbles a line or two later over what follows:
        # the colon is the cause, and the parser's complaint about the next line would only mislead.
        if fullwidth is not None and fullwidth.line <= syntax.line:
            return Loaded(None, lines, [fullwidth])
        return Loaded(None, lines, [syntax] + ([fullwidth] if fullwidth else []))
    except yaml.YAMLError as error:  # pragma: no cover - marks are always present in practice
        return Loaded(None, lines, [Problem(path, 1, "", f"YAML 格式错误：{error}", "yaml-syntax")])
    except _Refused as refused:
        return Loaded(None, lines, [refused.problem])
    finally:
        parser.dispose()
    return Loaded(data, lines, problems)


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


_KEY = object()  # a mapping waits for a key
_SKIP = object()  # the value that comes next is dropped (its key was repeated, or was not a word)


class _Open:
    """A list or mapping being built (``value`` None while one is dropped), and what its next node is."""

    __slots__ = ("value", "at", "next")

    def __init__(self, value: dict | list | None, at: Path):
        self.value = value
        self.at = at
        self.next: Any = _KEY  # in a mapping: _KEY, the key whose value comes next, or _SKIP


@dataclass
class _Builder:
    """Plain values built from the parser's events, never from composed nodes.

    The composer shares an aliased node wherever ``*name`` appears, and building values from it expands every
    use: ten lines can ask for a billion items. From events, an anchor or alias is refused where it is written
    and nothing is expanded; nesting is counted on a stack of our own, with no recursion to run out of.
    """

    path: str
    lines: LineMap
    problems: list[Problem]

    def build(self, next_event: Callable[[], yaml.Event]) -> Any:
        stack: list[_Open] = []
        root: Any = {}  # an empty file is an empty record
        first_document = None
        lines = self.lines.lines
        while True:
            event = next_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:  # most events: kept short
                if event.anchor is not None:
                    self._refuse(event, "&")
                if not stack:
                    root = _scalar(event)
                    lines.setdefault((), event.start_mark.line + 1)
                    continue
                top = stack[-1]
                into = top.value
                if type(into) is list:
                    lines[(*top.at, len(into))] = event.start_mark.line + 1
                    into.append(_scalar(event))
                elif into is None:
                    continue
                elif top.next is _KEY:
                    top.next = self._key(top, event)
                else:
                    if top.next is not _SKIP:
                        into[top.next] = _scalar(event)  # its line is its key's
                    top.next = _KEY
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                stack.append(self._open(stack[-1] if stack else None, event, len(stack)))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done = stack.pop()
                if stack:
                    _close(stack[-1], done.value)
                else:
                    root = done.value
            elif kind is yaml.StreamEndEvent:
                return root
            else:
                first_document = self._rare(event, first_document)

    def _rare(self, event: yaml.Event, first_document: Any) -> Any:
        """An alias (refused), or the start of a document: only one is allowed. The first document's start."""
        if type(event) is yaml.AliasEvent:
            self._refuse(event, "*")
        elif type(event) is yaml.DocumentStartEvent:
            if first_document is not None:
                raise ComposerError("expected a single document in the stream", first_document,
                                    "but found another document", event.start_mark)
            return event.start_mark
        return first_document

    def _refuse(self, event: Any, sign: str) -> None:
        raise _Refused(Problem(self.path, event.start_mark.line + 1, "",
                               f"这一行用了 YAML 的{'引用' if sign == '*' else '锚点'}“{sign}{event.anchor}”。记录里不能用"
                               "锚点（&）和引用（*）：请把要重复的内容直接写出来。", "yaml-alias"))

    def _open(self, parent: _Open | None, event: yaml.Event, depth: int) -> _Open:
        """The list or mapping ``event`` starts, ``depth`` deep, at the place its parent gives it (None: dropped)."""
        if event.anchor is not None:
            self._refuse(event, "&")
        if depth >= MAX_DEPTH:
            raise _Refused(Problem(self.path, event.start_mark.line + 1, "", _TOO_DEEP, "yaml-depth"))
        value: dict | list = {} if type(event) is yaml.MappingStartEvent else []
        line = event.start_mark.line + 1
        if parent is None:
            self.lines.lines.setdefault((), line)
            return _Open(value, ())
        if parent.value is None or parent.next is _SKIP:
            return _Open(None, ())
        if type(parent.value) is list:
            at = (*parent.at, len(parent.value))
            self.lines.lines[at] = line
            return _Open(value, at)
        if parent.next is _KEY:
            self.problems.append(Problem(self.path, line, "", "字段名必须是一个词，不能是列表或键值表。", "yaml-key"))
            return _Open(None, ())
        return _Open(value, (*parent.at, parent.next))  # its line is its key's

    def _key(self, parent: _Open, event: yaml.ScalarEvent) -> Any:
        """The key ``event`` writes (the text as typed, even "null"), or _SKIP when it was written before."""
        key, line = event.value, event.start_mark.line + 1
        assert isinstance(parent.value, dict)
        if key in parent.value:
            first = self.lines.lines[(*parent.at, key)]
            self.problems.append(Problem(
                self.path, line, _dotted((*parent.at, key)),
                f"字段重复：第 {first} 行已经写过“{key}”。请删除其中一处，只保留正确的那一个。",
                "yaml-duplicate-key",
            ))
            return _SKIP
        self.lines.lines[(*parent.at, key)] = line
        return key


def _close(parent: _Open, value: Any) -> None:
    """A finished list or mapping put where its parent wants it: an item, a key's value, or dropped."""
    if type(parent.value) is list:
        parent.value.append(value)
    elif parent.value is None:
        return
    elif parent.next is _KEY:  # a list or mapping as a key: reported when it began
        parent.next = _SKIP
    else:
        if parent.next is not _SKIP:
            parent.value[parent.next] = value
        parent.next = _KEY


def _scalar(event: yaml.ScalarEvent) -> str | None:
    # libyaml reports plain style as "", the pure-Python parser as None
    return None if not event.style and event.value in _NULLS else event.value


_TOO_DEEP = (f"列表或字段一层套一层，超过了 {MAX_DEPTH} 层。记录最多只用到四五层（如 figures 下的一项），"
             "这里多半是复制时多出了“- ”、方括号或缩进：请检查这一行。")


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


# A value that opens with a quote ends where the quote closes: `title: "晋北桃源"花塔村` leaves 花塔村 over.
_QUOTED_START = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?):\s+([\"'])([^\"']*)\3([^\s#].*?)\s*$")


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and "end of stream" in (error.problem or ""):
        mark = error.context_mark  # where the unclosed quote or bracket began
    line = mark.line + 1 if mark else 1
    detail = f"{error.context or ''} {error.problem or ''}".strip()
    lines = text.splitlines()
    typed = lines[line - 1] if line <= len(lines) else ""
    if "\t" in typed:
        return Problem(path, line, "", f"YAML 格式错误：{_TAB_HINT}", "yaml-syntax")
    quoted = _QUOTED_START.match(typed)
    if quoted:
        return _quote_problem(path, line, quoted)
    hint = next((h for key, h in _HINTS if key in detail), "请检查这一行的缩进、冒号和引号。")
    return Problem(path, line, "", f"YAML 格式错误：{hint}（解析器：{detail}）", "yaml-syntax")


def _quote_problem(path: str, line: int, quoted: re.Match[str]) -> Problem:
    """A value that begins with an English quote and goes on after it: say so, and show the line as it should be."""
    indent, key, quote, inside, rest = quoted.groups()
    # An English colon and space left in the rest would stop the line again: Chinese text writes "：" there.
    rest_mended = re.sub(r":\s+", "：", rest)
    fixed = f"{indent.strip()} {key}: “{inside}”{rest_mended}".strip()
    return Problem(path, line, key, f"值以英文引号 {quote} 开头，YAML 只把这对引号里的“{inside}”当作值，后面的“{rest}”就多出来了。"
                   f"文字里的引号请用中文引号“”，写成：{fixed}", "yaml-quote")


def fullwidth_colon_problem(text: str, path: str) -> Problem | None:
    """A key typed with a Chinese colon parses as text; name the line it is on, and show it mended."""
    for number, line in enumerate(text.splitlines(), start=1):
        if _FULLWIDTH_KEY.match(line):
            fixed = re.sub(r"\s*：\s*", ": ", line, count=1).strip()
            return Problem(path, number, "", f"这一行用了中文冒号“：”。字段名后面要用英文冒号“:”加一个空格，写成：{fixed}",
                           "yaml-fullwidth-colon")
    return None
