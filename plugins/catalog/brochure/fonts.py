"""The faces the brochure is set in, by role, and the files Typst is given for them.

GB/T 9704 sets a title in 小标宋, the text in 仿宋, first-level headings in 黑体 and second-level
ones in 楷体. An office usually holds licensed faces for these (方正小标宋简体, 仿宋_GB2312,
楷体_GB2312, 黑体); when they are in the project's fonts folder (``BROCHURE_FONTS``, default
``fonts/``) or installed, they are used. Otherwise each role falls back to a free face Debian
packages: Noto Serif CJK SC (宋) for the title and the text — no free simplified 仿宋 is packaged,
so the build says so — Noto Sans CJK SC for 黑体, and LXGW WenKai (霞鹜文楷, fonts-lxgw-wenkai) for 楷体.

Typst is given exactly these files (``font_paths``, system fonts ignored), and every role's list of
families ends with a Noto face, so a character the preferred face lacks is taken from a known font,
never from whatever the machine has installed; characters no face can draw are refused before
typesetting (glyphs.py).
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from .errors import BrochureError

PACKAGE = "fonts-noto-cjk"  # Debian/Ubuntu; installed by `make bootstrap` from packages.apt
KAI_PACKAGE = "fonts-lxgw-wenkai"


@dataclass(frozen=True)
class Wanted:
    """A face a role may be set in: Typst's family name and weight (400 regular, 700 bold)."""

    family: str
    weight: int = 400
    licensed: bool = False  # an office's licensed face; when absent the role falls back, and the build says so


@dataclass(frozen=True)
class Role:
    name: str  # the key the Typst templates use
    label: str  # what it sets, for messages (中文)
    wanted: tuple[Wanted, ...]  # in order of preference; the last ones are the free fallbacks
    bold: bool = False  # also needs its bold weight (仿宋 for bold text, 三级标题)
    licensed: str = ""  # the office's face, as staff know it
    stand_in: str = ""  # the free face set instead, as the build says it


NOTO_SERIF = "Noto Serif CJK SC"
NOTO_SANS = "Noto Sans CJK SC"
WENKAI = "LXGW WenKai"

ROLES = (
    Role("title", "封面标题", (Wanted("FZXiaoBiaoSong-B05S", licensed=True), Wanted("FZXiaoBiaoSong-B05", licensed=True),
                           Wanted(NOTO_SERIF, 700)), licensed="方正小标宋简体", stand_in="Noto Serif CJK SC 粗体"),
    Role("body", "正文", (Wanted("FangSong_GB2312", licensed=True), Wanted("FangSong", licensed=True),
                        Wanted(NOTO_SERIF)), bold=True, licensed="仿宋_GB2312",
         stand_in="Noto Serif CJK SC（宋体；没有可自由使用的简体仿宋）"),
    Role("heading1", "一级标题", (Wanted("SimHei", licensed=True), Wanted(NOTO_SANS, 700)), licensed="黑体",
         stand_in="Noto Sans CJK SC 粗体"),
    Role("heading2", "二级标题", (Wanted("KaiTi_GB2312", licensed=True), Wanted("KaiTi", licensed=True),
                              Wanted(WENKAI)), licensed="楷体_GB2312", stand_in="霞鹜文楷（LXGW WenKai）"),
)
# Every role's last resort, in this order: the Noto faces cover every character the brochure may print.
LAST_RESORT = (NOTO_SERIF, NOTO_SANS)


@dataclass(frozen=True)
class FontFile:
    family: str
    weight: int
    path: Path
    index: int  # the face's place in a font collection (.ttc)

    @property
    def digest(self) -> str:
        stat = self.path.stat()
        return _digest(self.path, stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class Chosen:
    """The faces of one brochure: each role's families (Typst's font list) and the files behind them."""

    families: dict[str, tuple[str, ...]]  # role -> families, preferred first, ending with the last resorts
    weights: dict[str, int]  # role -> the weight its first face is set in (小标宋's stand-in is a bold 宋)
    files: tuple[FontFile, ...]
    fallbacks: tuple[Role, ...]  # the roles set in a free face for want of the office's licensed one

    @property
    def notice(self) -> str:
        """One line for the build's output; "" when every role has its licensed face."""
        if not self.fallbacks:
            return ""
        return ("字体：没有找到" + "、".join(r.licensed for r in self.fallbacks) + "，"
                + "、".join(f"{r.label}用{r.stand_in}" for r in self.fallbacks)
                + "代替。把单位的正版字体文件放进 fonts/ 文件夹即可改用（见 docs/brochure.md）。")

    def drawable(self) -> frozenset[int]:
        """The characters every role can draw with one of its faces."""
        per_family: dict[str, frozenset[int]] = {}
        for f in self.files:
            per_family[f.family] = per_family.get(f.family, frozenset()) | _cmap(f.path, f.index, f.path.stat().st_mtime_ns)
        sets = [frozenset().union(*(per_family.get(name, frozenset()) for name in names))
                for names in self.families.values()]
        return frozenset.intersection(*sets) if sets else frozenset()

    @property
    def shown(self) -> str:
        """The faces actually used, for messages: 仿宋_GB2312、Noto Serif CJK SC、…"""
        return "、".join(dict.fromkeys(names[0] for names in self.families.values()))


class FontMissing(BrochureError):
    pass


@dataclass(frozen=True)
class Found:
    family: str
    weight: int
    path: Path
    index: int


def choose_fonts(folder: Path | None = None) -> Chosen:
    """Each role's face: a licensed one from ``folder`` or installed, else the free fallback. Raises
    FontMissing, naming the package, when even the fallbacks are not installed."""
    available = _available(str(folder) if folder and folder.is_dir() else "", _folder_stamp(folder))
    families: dict[str, tuple[str, ...]] = {}
    weights: dict[str, int] = {}
    files: dict[tuple[Path, int], FontFile] = {}
    fallbacks, missing = [], []
    for role in ROLES:
        chain, first = _faces(role, available, files)
        if first is None or not any(_pick(available, last, 400) for last in LAST_RESORT):
            missing.append(role)
            continue
        families[role.name] = chain
        weights[role.name] = first.weight
        if role.licensed and not first.licensed:
            fallbacks.append(role)
    if missing:
        names = "、".join(f"{r.label}（{r.licensed}或{r.stand_in.split('（')[0]}）" for r in missing)
        raise FontMissing(f"没有找到排版成果汇编需要的中文字体：{names}。没有这些字体，PDF 里的汉字会变成空白方框，"
                          f"所以没有生成成果汇编。请安装字体软件包 {PACKAGE} 和 {KAI_PACKAGE}：sudo apt-get install {PACKAGE} "
                          f"{KAI_PACKAGE}（或运行 make bootstrap），然后重试。")
    return Chosen(families, weights, tuple(sorted(files.values(), key=lambda f: (f.family, f.weight, str(f.path)))), tuple(fallbacks))


def _faces(role: Role, available: tuple[Found, ...], files: dict[tuple[Path, int], FontFile]
           ) -> tuple[tuple[str, ...], Wanted | None]:
    """The families ``role`` draws with, in order (its wanted faces that are there, then the last resorts),
    and the first of its wanted faces found (None: none is); every face used is added to ``files``."""
    chain, first = [], None
    for wanted in role.wanted:
        found = _pick(available, wanted.family, wanted.weight)
        if found is None:
            continue
        first = first or wanted
        chain.append(wanted.family)
        _keep(files, found)
        if role.bold:
            _keep(files, _pick(available, wanted.family, 700) or found)
    for last in LAST_RESORT:
        for weight in (400, 700):
            found = _pick(available, last, weight)
            if found is not None:
                _keep(files, found)
        if last not in chain and _pick(available, last, 400) is not None:
            chain.append(last)
    return tuple(chain), first


def _keep(files: dict[tuple[Path, int], FontFile], found: Found) -> None:
    files[(found.path, found.index)] = FontFile(found.family, found.weight, found.path, found.index)


def _pick(available: tuple[Found, ...], family: str, weight: int) -> Found | None:
    """The face of ``family`` closest to ``weight``, preferring the fonts folder (listed first)."""
    same = [f for f in available if f.family.casefold() == family.casefold()]
    exact = [f for f in same if f.weight == weight]
    if exact:
        return exact[0]
    return min(same, key=lambda f: abs(f.weight - weight)) if same and weight == 400 else None


def _folder_stamp(folder: Path | None) -> tuple:
    """What the fonts folder holds, so a font dropped in is seen by a running preview."""
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()))


@lru_cache(maxsize=8)
def _available(folder: str, _stamp: tuple) -> tuple[Found, ...]:
    """Every upright face Typst finds: the fonts folder's first, then the installed ones (Typst's own
    search of the system's font folders, not fontconfig's substitutions)."""
    import typst  # the Rust extension; loaded only when fonts are looked up

    found: list[Found] = []
    for fonts in ([typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[folder])]
                  if folder else []) + [typst.Fonts(include_system_fonts=True, include_embedded_fonts=False)]:
        for info in fonts.fonts():
            if info.path is None or info.style != "normal" or abs(info.stretch - 1) > 0.01:
                continue
            found.append(Found(info.family, info.weight, Path(info.path), info.index))
    return tuple(found)


def font_folder(files: Iterable[Path], into: Path) -> Path:
    """A folder holding exactly ``files`` (symbolic links), the only fonts Typst is given."""
    into.mkdir(parents=True, exist_ok=True)
    for n, font in enumerate(dict.fromkeys(files)):
        os.symlink(font, into / f"{n}{font.suffix.lower()}")
    return into


@lru_cache(maxsize=32)
def _cmap(path: Path, index: int, _mtime: int) -> frozenset[int]:
    with TTFont(str(path), fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=32)
def _digest(path: Path, _size: int, _mtime: int) -> str:
    """The file's content hash, once per process and file version (font files are tens of MB)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _drawn(char: str) -> bool:
    """Whether a character needs a glyph: controls, format marks and variation selectors do not."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp", "Zs") and not (
        "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef")


def undrawable(text: str, drawable: frozenset[int]) -> list[str]:
    """The characters of ``text`` the fonts cannot draw, each once, in order of first appearance."""
    return list(dict.fromkeys(c for c in text if ord(c) not in drawable and _drawn(c)))
