"""Photo size arithmetic, kept apart from any image I/O (as Lektor's imagetools does).

A phone photo becomes a few web copies for ``srcset``; none is wider than the
original, and a small photo gets just its own size.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTHS = (480, 960, 1600)  # phone, tablet/laptop, large screens and print
# EXIF orientations that turn the picture on its side, so width and height swap.
_SIDEWAYS = {5, 6, 7, 8}
PIPELINE_VERSION = "2"  # 2: draft decoding, copies from the next larger one, WebP method 1  # bump when the encoding changes, so cached copies are remade


@dataclass(frozen=True, order=True)
class Size:
    width: int
    height: int

    def scaled_to(self, width: int) -> Size:
        return Size(width, max(1, round(self.height * width / self.width)))


def upright(size: Size, orientation: int | None) -> Size:
    """The size as displayed, once the EXIF orientation has been applied."""
    return Size(size.height, size.width) if orientation in _SIDEWAYS else size


def variant_sizes(size: Size) -> tuple[Size, ...]:
    widths = [w for w in WIDTHS if w < size.width] + [min(size.width, WIDTHS[-1])]
    return tuple(size.scaled_to(w) for w in sorted(set(widths)))
