"""Colour profiles for test photos, written byte by byte, and the sRGB a colour in them should become.

An ICC v2 display profile of the matrix/TRC kind (as Adobe RGB (1998) and
Display P3 are) is a header and nine small tags, a few hundred bytes: no
profile file needs to be committed or installed. The expected conversion is
worked out here from the colour spaces' published linear matrices, not by
LittleCMS, which does the conversion under test.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

D50 = (0.9642, 1.0, 0.8249)  # the ICC profile connection space's white
Matrix = tuple[tuple[float, float, float], ...]


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


def matrix_profile(description: str, red: tuple, green: tuple, blue: tuple, curve: bytes) -> bytes:
    """A monitor profile from its primaries (XYZ, adapted to D50) and one tone curve for all three channels."""
    text = description.encode("ascii") + b"\0"
    tags = [(b"desc", b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 78),
            (b"cprt", b"text\0\0\0\0" + b"test profile\0"), (b"wtpt", _xyz(*D50)),
            (b"rXYZ", _xyz(*red)), (b"gXYZ", _xyz(*green)), (b"bXYZ", _xyz(*blue)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    start, table, data = 128 + 4 + 12 * len(tags), b"", b""
    for signature, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", start + len(data), len(body))
        data += body
    header = (struct.pack(">I", start + len(data)) + b"\0" * 4 + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 28 + b"".join(_s15(v) for v in D50) + b"\0" * 48)
    return header + struct.pack(">I", len(tags)) + table + data


def _gamma(value: float) -> bytes:
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(value * 256)) + b"\0\0"


_SRGB_CURVE = b"para\0\0\0\0" + struct.pack(">HH", 3, 0) + b"".join(
    _s15(v) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))
ADOBE_GAMMA = 563 / 256
ADOBE_RGB = matrix_profile("Adobe RGB (1998)", (0.60974, 0.31111, 0.01947), (0.20528, 0.62567, 0.06087),
                           (0.14919, 0.06322, 0.74457), _gamma(ADOBE_GAMMA))
DISPLAY_P3 = matrix_profile("Display P3", (0.51512, 0.24120, -0.00105), (0.29198, 0.69225, 0.04189),
                            (0.15710, 0.06657, 0.78407), _SRGB_CURVE)
# Linear RGB of each space to linear sRGB (all D65).
ADOBE_TO_SRGB: Matrix = ((1.39836, -0.39836, 0.0), (0.0, 1.0, 0.0), (0.0, -0.04293, 1.04293))
P3_TO_SRGB: Matrix = ((1.22494, -0.22494, 0.0), (-0.04206, 1.04206, 0.0), (-0.01964, -0.07864, 1.09828))


def srgb_linear(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def adobe_linear(value: int) -> float:
    return (value / 255) ** ADOBE_GAMMA


def _srgb_encoded(linear: float) -> int:
    v = min(max(linear, 0.0), 1.0)
    return round(255 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055))


def in_srgb(colour: tuple[int, int, int], linear: Callable[[int], float], matrix: Matrix) -> tuple[int, ...]:
    """The sRGB pixel that shows ``colour`` (of a space with tone curve ``linear`` and ``matrix``) the same."""
    values = [linear(c) for c in colour]
    return tuple(_srgb_encoded(sum(m * v for m, v in zip(row, values, strict=True))) for row in matrix)
