"""Photo size arithmetic, kept apart from any image I/O (as Lektor's imagetools does).

A phone photo becomes a few web copies for ``srcset``; none is wider than the
original, and a small photo gets just its own size.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTHS = (480, 960, 1600)  # phone, tablet/laptop, large screens and print
LARGEST_COPY_SIDE = 16383  # WebP cannot be taller (JPEG's limit is 65,535): a long picture's copies are narrower
# EXIF orientations that turn the picture on its side, so width and height swap.
_SIDEWAYS = {5, 6, 7, 8}
# Bump when the encoding changes, so cached copies are remade. 2: draft decoding, copies from the next larger
# one, WebP method 1. 3: no JPEG comment (version 2's copies kept the original's), colours converted to sRGB.
PIPELINE_VERSION = "3"


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
    widest = max(1, min(size.width, WIDTHS[-1], size.width * LARGEST_COPY_SIDE // size.height))
    widths = [w for w in WIDTHS if w < widest] + [widest]
    return tuple(size.scaled_to(w) for w in sorted(set(widths)))
