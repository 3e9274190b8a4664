"""Original photos without the place they were taken, before they enter the repository.

Published copies never carry metadata (photos.py), but the originals staff drop beside a record are committed
to git, where anyone who can read the repository can read a phone's GPS position (often a home). So the place
is taken out of the original itself, in place: `make new` copies a photo without it, `make check` takes it out
of every photo under content/ and data/, and the pre-commit hook (`make hooks`) out of every photo being
committed, so GPS never reaches a commit.

A JPEG (what phones write) is rewritten segment by segment: the EXIF block loses its GPS directory, an XMP
block that records a position is dropped, and the compressed picture is copied byte for byte — nothing is
decoded or encoded again. PNG and WebP are saved again without the position, losslessly (the same pixels).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
_GPS_TAG = 0x8825
_SUB_IFDS = (0x8769, 0xA005)  # Exif and Interoperability: loaded so they are written back
_EXIF_HEADER = b"Exif\x00\x00"
_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
# XMP positions: exif:GPSLatitude, exif:GPSLongitude… (Lightroom, phones' editors, Photoshop write them there).
_XMP_PLACE = re.compile(rb"GPS(?:Latitude|Longitude|Altitude|Coordinates)")


class CannotStrip(Exception):
    """The place could not be taken out of this file; the message says why, in Chinese."""


@dataclass(frozen=True)
class Stripped:
    path: Path


def is_photo(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def has_location(photo: bytes | Path) -> bool:
    """Whether the photo records where it was taken (EXIF GPS, or a position in its XMP). A file is read only as
    far as its header, so asking of every photo on every check costs little."""
    try:
        with Image.open(io.BytesIO(photo) if isinstance(photo, bytes) else photo) as image:
            exif = image.getexif()
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
            return bool(exif.get_ifd(_GPS_TAG)) or _GPS_TAG in exif or bool(_XMP_PLACE.search(_bytes(xmp)))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False  # not a photo the site can read: the photo checks say so where it is used
    except Exception:  # noqa: BLE001 — forged EXIF can fail its parser in any way; the photo checks report it
        return False


def without_location(data: bytes) -> bytes | None:
    """The photo's bytes with the place taken out; None when it records none. Raises CannotStrip."""
    if not has_location(data):
        return None
    if data[:2] == b"\xff\xd8":
        return _jpeg_without_location(data)
    return _saved_again_without_location(data)


def strip_file(path: Path) -> bool:
    """Take the place out of ``path`` in place (the file replaced whole, never half-written); whether it had one."""
    if not has_location(path):
        return False
    cleaned = without_location(path.read_bytes())
    if cleaned is None:
        return False
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".strip-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(cleaned)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def strip_folders(*folders: Path) -> tuple[list[Stripped], list[tuple[Path, str]]]:
    """Every photo under ``folders`` without its place: those changed, and those that could not be (with why)."""
    stripped, failed = [], []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not is_photo(path) or path.is_symlink() or not path.is_file():
                continue  # a link leads elsewhere: not ours to rewrite (the photo checks refuse it)
            try:
                if strip_file(path):
                    stripped.append(Stripped(path))
            except CannotStrip as cannot:
                failed.append((path, str(cannot)))
            except OSError as error:
                failed.append((path, f"无法改写这个文件（{error.strerror or error}）"))
    return stripped, failed


def _bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8", "replace") if isinstance(value, str) else value


def _jpeg_without_location(data: bytes) -> bytes:
    """The JPEG's segments copied over, the EXIF one without its GPS directory and a positioned XMP one dropped."""
    out, at = bytearray(data[:2]), 2
    while at < len(data):
        if data[at] != 0xFF:
            raise CannotStrip("不是完整的 JPEG 文件（可能没有复制完）")
        while at + 1 < len(data) and data[at + 1] == 0xFF:  # fill bytes before a marker
            at += 1
        marker = data[at + 1] if at + 1 < len(data) else 0xD9
        if marker in (0xDA, 0xD9):  # the compressed picture and everything after it: copied as it is
            out += data[at:]
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[at:at + 2]
            at += 2
            continue
        end = at + 2 + int.from_bytes(data[at + 2:at + 4], "big")
        segment = data[at:end]
        payload = segment[4:]
        if marker == 0xE1 and payload.startswith(_EXIF_HEADER):
            out += _segment(0xE1, _exif_without_location(payload))
        elif not (marker == 0xE1 and payload.startswith(_XMP_HEADER) and _XMP_PLACE.search(payload)):
            out += segment
        at = end
    return bytes(out)


def _segment(marker: int, payload: bytes) -> bytes:
    if len(payload) + 2 > 0xFFFF:
        raise CannotStrip("EXIF 信息太大，无法改写")
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def _exif_without_location(payload: bytes) -> bytes:
    exif = Image.Exif()
    try:
        exif.load(payload)
        for tag in _SUB_IFDS:
            if tag in exif:
                exif.get_ifd(tag)  # loaded, so tobytes writes it back
        exif.pop(_GPS_TAG, None)
        return exif.tobytes()
    except CannotStrip:
        raise
    except Exception as error:  # noqa: BLE001 — forged EXIF can fail its parser in any way
        raise CannotStrip("照片的 EXIF 信息已损坏，无法只去掉拍摄地点") from error


def _saved_again_without_location(data: bytes) -> bytes:
    """A PNG or WebP saved again with the same pixels, its EXIF without GPS, and no XMP."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            for tag in _SUB_IFDS:
                if tag in exif:
                    exif.get_ifd(tag)
            exif.pop(_GPS_TAG, None)
            options = {"exif": exif.tobytes() if len(exif) else b"", "icc_profile": image.info.get("icc_profile")}
            out = io.BytesIO()
            if image.format == "PNG":
                image.save(out, "PNG", **options)
            elif image.format == "WEBP":
                image.save(out, "WEBP", lossless=True, exact=True, **options)
            else:
                raise CannotStrip(f"不是网站能用的照片格式（{image.format}）")
            return out.getvalue()
    except CannotStrip:
        raise
    except Exception as error:  # noqa: BLE001
        raise CannotStrip("照片打不开或已损坏") from error
