"""Reading Markdown stories: front matter in our strict YAML, body rendered and made safe.

Registered with Pelican as the reader for ``.md`` so that Pelican's own
machinery ({filename} links, content objects, caching) works on our stories.
The reader only parses; the front matter is validated against the Catalog by
the generator, where the records it names are known.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from markupsafe import escape
from pelican.readers import BaseReader

from .records.inputs import leaves, link_out
from .nesting import MAX_DEPTH, measure
from .records.load import Unreadable, as_text
from .records.problems import BuildFailed, Problem
from .records.validate import RawRecord, read_record
from .sanitize import clean, find_unsafe
from .settings import SiteSettings

_FENCE = "---"
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# A line break between two Chinese characters is not a space in Chinese, but
# browsers render it as one; authors wrap lines freely in Markdown.
_CJK_BREAK = re.compile(rf"([{_CJK}])\n([{_CJK}])")
_PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.S)
_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r"""(\w+)=(?:"([^"]*)"|'([^']*)')""")
_INTERNAL_LINK = re.compile(r"""(?:href|src)=["']\{(filename|static|attach)\}([^"'#?]+)""")


@dataclass(frozen=True)
class LocalImage:
    """A photo a story shows from its own folder: ``![说明](photo.jpg)``."""

    src: str
    alt: str


@dataclass(frozen=True)
class ParsedStory:
    front: RawRecord  # front matter as typed, lines numbered as in the file
    html: str
    problems: tuple[Problem, ...]  # in the body; reported with the front matter's
    body: str
    body_line: int  # the file's line number of the body's first line
    images: tuple[LocalImage, ...] = ()
    digest: str = ""  # of the file's bytes, when read through a content-keyed cache (incremental/)

    def line_of(self, needle: str) -> int:
        return line_in(self.body, self.body_line, needle)

    def internal_links(self) -> list[tuple[str, str]]:
        """Pelican's ``{filename}`` / ``{static}`` links: (kind, target as written)."""
        return [(m.group(1), m.group(2)) for m in _INTERNAL_LINK.finditer(self.html)]


def line_in(body: str, first_line: int, needle: str) -> int:
    """The file's line where ``needle`` first appears in the body (for messages)."""
    for offset, text in enumerate(body.splitlines()):
        if needle.lower() in text.lower():
            return first_line + offset
    return first_line


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """``(front, body, first body line)``; raises when the fences are missing."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _FENCE:
        raise BuildFailed([Problem(path, 1, "", "文件第一行应为“---”，下面写标题、日期等基本信息，再用一行“---”结束。"
                                               "请参照 content/cases 里已有的案例补上。", "story-front-matter")])
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == _FENCE:
            return "".join(lines[1:number - 1]), "".join(lines[number:]), number + 1
    raise BuildFailed([Problem(path, 1, "", "基本信息没有结束：开头的“---”之后，还需要一行“---”把基本信息和正文分开。",
                               "story-front-matter")])


_MARKDOWN = threading.local()  # one converter per thread, reset between bodies: making one costs a fifth of a render


def render(body: str) -> str:
    converter = getattr(_MARKDOWN, "converter", None)
    if converter is None:
        converter = _MARKDOWN.converter = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    html = converter.reset().convert(body)
    parts = _PRE.split(html)
    return "".join(p if p.startswith("<pre") else _CJK_BREAK.sub(r"\1\2", p) for p in parts)


def parse_story(file: Path, root: Path, data: bytes | None = None) -> ParsedStory:
    """The story in ``file`` (or in ``data``, its bytes as already read); raises BuildFailed."""
    if data is None and leaves(file, root):
        raise BuildFailed([link_out(file, root)])
    path = file.resolve().relative_to(root.resolve()).as_posix()
    try:
        text = as_text(file.read_bytes() if data is None else data, path)
    except Unreadable as unreadable:
        raise BuildFailed([unreadable.problem]) from None
    front_text, body, body_line = split_front_matter(text, path)
    # Pad with a blank line so YAML's line numbers are the file's line numbers.
    front, problems = read_record(file, root, text="\n" + front_text)
    too_much = measure(body)
    if too_much is not None:  # not rendered: it would take minutes, or end in a RecursionError
        line = body_line + body.count("\n", 0, too_much.offset)
        problems.append(Problem(path, line, "", _TOO_DEEP, "story-depth") if too_much.what == "depth" else
                        Problem(path, line, "", _TOO_MANY_BRACKETS, "story-brackets"))
        body = ""
    html = render(body)
    problems += [Problem(path, line_in(body, body_line, u.needle), "", f"正文里有不允许的 HTML：{u.what}。为了网站安全，正文不能"
                         "包含脚本、内嵌网页、表单、事件属性（如 onclick）或 javascript: 链接，请删除这部分。", "html-unsafe")
                 for u in find_unsafe(html)]
    images = local_images(html)
    problems += [Problem(path, line_in(body, body_line, i.src), "", f"图片“{i.src}”缺少文字说明。请在 ![ ] 的方括号里"
                         "写一句话说明图片内容，如 ![村党支部书记在田间讲解](photo.jpg)，方便视力不好的读者。", "photo-alt")
                 for i in images if not i.alt.strip()]
    if front is None:
        raise BuildFailed(problems)
    return ParsedStory(front, clean(html), tuple(problems), body, body_line, images)


_TOO_DEEP = (f"正文从这一行起嵌套太深：引用“>”、列表和缩进一层套一层，超过了 {MAX_DEPTH} 层，无法处理。"
             "稿件一般只需要两三层：请检查是否多复制了“>”、“- ”或缩进。")
_TOO_MANY_BRACKETS = ("正文从这一行起方括号“[”太多、不成对或一层套一层，处理起来要好几分钟。请删去多余的“[”；"
                      "正文里要显示方括号，请用全角的“【】”。")


def local_images(html: str) -> tuple[LocalImage, ...]:
    """Images whose src is a file beside the story (not a web address or a Pelican link)."""
    found = []
    for tag in _IMG.findall(html):
        attrs = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)}
        src = attrs.get("src", "")
        if src and not re.match(r"^([a-zA-Z][\w+.-]*:|/|\{|#)", src):
            found.append(LocalImage(src, attrs.get("alt", "")))
    return tuple(found)


def link_target(story_file: Path, target: str, content: Path) -> Path:
    """Where a ``{filename}`` link points, as Pelican resolves it."""
    base = content if target.startswith("/") else story_file.parent
    return (base / target.lstrip("/")).resolve()


def broken_link_problems(story: ParsedStory, story_file: Path, content: Path, known: set[Path]) -> list[Problem]:
    """Links Pelican could not follow, said before it tries: it would fail in English while writing."""
    problems = []
    for kind, target in story.internal_links():
        resolved = link_target(story_file, target, content)
        line = story.line_of(target)
        if not resolved.is_relative_to(content.resolve()):
            problems.append(Problem(story.front.path, line, "", f"链接“{{{kind}}}{target}”指向 content/ 以外的文件。"
                                    "稿件只能链接 content/ 里的其他稿件：请改正路径，或删除这个链接。", "link-outside"))
        elif kind != "filename":  # the site publishes no files of its own beside stories, records and their photos
            problems.append(Problem(story.front.path, line, "", f"链接“{{{kind}}}{target}”用不了：网站不单独发布文件。"
                                    "要链接另一篇稿件请写 {filename}，照片请写成 ![说明](照片.jpg)。", "link-broken"))
        elif resolved not in known:
            problems.append(Problem(story.front.path, line, "",
                                    f"链接的文件“{target}”不存在。请检查文件名和路径："
                                    "以“/”开头的路径从 content/ 算起，否则从本文件所在的文件夹算起。", "link-broken"))
    return problems


class StoryReader(BaseReader):
    """Pelican reader for case stories and pages (see generators.py for validation)."""

    enabled = True
    file_extensions = ["md", "markdown"]
    # The generator may put a content-keyed cache in front of parsing (incremental/reading.py).
    parse: Callable[[Path, Path], ParsedStory] = staticmethod(parse_story)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        site = SiteSettings.from_pelican(self.settings)
        story = self.parse(Path(source_path), site.root)
        metadata: dict[str, Any] = {"story": story}
        # Pelican uses them for the feed, where it takes both as HTML (the summary goes out as type="html"):
        # escaped, they are the text that was typed. The pages print our validated records, not these.
        for key in ("title", "summary"):
            if isinstance(story.front.data.get(key), str):
                metadata[key] = str(escape(story.front.data[key]))
        return story.html, metadata
