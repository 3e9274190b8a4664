"""The fonts the brochure is set in: found through fontconfig, and what they can draw.

print.css names these faces and nothing else. WeasyPrint (through Pango)
silently takes a glyph from any other installed font, or draws an empty box,
when a named face lacks a character, so the brochure checks before printing:
the faces must be installed (fontconfig must resolve each name to itself, not
to a fallback) and every character of the brochure must be in all of them.
"""

from __future__ import annotations

import hashlib
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from .errors import BrochureError

PACKAGE = "fonts-noto-cjk"  # Debian/Ubuntu; installed by `make bootstrap` from packages.apt


@dataclass(frozen=True)
class Face:
    family: str
    style: str
    role: str  # what it sets, for messages


# Serif (宋/明) for the text and a heavier sans (黑体) for titles, as official documents are set.
FACES = (
    Face("Noto Serif CJK SC", "Regular", "正文"),
    Face("Noto Serif CJK SC", "Bold", "正文加粗和小标题"),
    Face("Noto Sans CJK SC", "Bold", "标题"),
)


@dataclass(frozen=True)
class FontFile:
    face: Face
    path: Path
    index: int  # the face's place in a font collection (.ttc)

    @property
    def digest(self) -> str:
        return _digest(self.path, self.path.stat().st_size, self.path.stat().st_mtime_ns)


class FontMissing(BrochureError):
    pass


def find_fonts() -> tuple[FontFile, ...]:
    """The installed file of every face; raises FontMissing naming the package to install."""
    found, missing = [], []
    for face in FACES:
        located = _match(face)
        if located is None:
            missing.append(face)
        else:
            found.append(located)
    if missing:
        names = "、".join(f"{f.family} {f.style}（{f.role}）" for f in missing)
        raise FontMissing(f"没有找到排版成果汇编需要的中文字体：{names}。没有这些字体，PDF 里的汉字会变成空白方框，"
                          f"所以没有生成成果汇编。请安装字体软件包 {PACKAGE}：sudo apt-get install {PACKAGE}"
                          "（或运行 make bootstrap），然后重试。")
    return tuple(found)


def _match(face: Face) -> FontFile | None:
    """fontconfig's file for the face, or None when it would substitute another font for it."""
    try:
        result = subprocess.run(["fc-match", "--format", "%{file}\n%{index}\n%{family}\n%{style}",
                                 f"{face.family}:style={face.style}"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise FontMissing("没有找到 fc-match（fontconfig），无法确认中文字体是否安装。请安装软件包 fontconfig 和 "
                          f"{PACKAGE}：sudo apt-get install fontconfig {PACKAGE}") from None
    lines = result.stdout.split("\n")
    if result.returncode != 0 or len(lines) < 4 or not lines[0]:
        return None
    file, index, families, styles = lines[:4]
    if face.family not in families.split(",") or face.style not in styles.split(","):
        return None
    return FontFile(face, Path(file), int(index or 0))


def coverage(fonts: tuple[FontFile, ...]) -> frozenset[int]:
    """The characters every face can draw: a character may be set in any of them (a name in a title)."""
    sets = [_cmap(f.path, f.index, f.path.stat().st_mtime_ns) for f in fonts]
    return frozenset.intersection(*sets) if sets else frozenset()


@lru_cache(maxsize=16)
def _cmap(path: Path, index: int, _mtime: int) -> frozenset[int]:
    with TTFont(str(path), fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=16)
def _digest(path: Path, _size: int, _mtime: int) -> str:
    """The file's content hash, once per process and file version (font files are tens of MB)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _drawn(char: str) -> bool:
    """Whether a character needs a glyph: controls, format marks and variation selectors do not."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp") and not (
        "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef")


def undrawable(text: str, drawable: frozenset[int]) -> list[str]:
    """The characters of ``text`` the fonts cannot draw, each once, in order of first appearance."""
    return list(dict.fromkeys(c for c in text if ord(c) not in drawable and _drawn(c)))
