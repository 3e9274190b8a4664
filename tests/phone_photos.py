"""Test photos as a phone or a screenshot tool writes them, every metadata block carrying a SECRET- text."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from icc import ADOBE_RGB
from PIL import Image, PngImagePlugin

# Every metadata block a test photo carries holds a SECRET- text: none may reach a published copy.
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>SECRET-XMP</rdf:Description></rdf:RDF>'
       b'</x:xmpmeta>')
COMMENT = b"SECRET-COM-M6"
# An IPTC record (2:120, caption) in Photoshop's APP13 segment, as news desks' software writes it.
_IPTC = b"\x1c\x02\x78" + struct.pack(">H", 11) + b"SECRET-IPTC"
APP13 = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + struct.pack(">I", len(_IPTC)) + _IPTC


def phone_photo(path: Path, size=(2000, 1500), orientation: int = 6, gps: bool = True) -> Path:
    """A JPEG as a phone writes it: on its side with an orientation tag, GPS, XMP, a comment, IPTC and an
    Adobe RGB profile."""
    image = Image.new("RGB", size, (180, 30, 30))
    image.paste((250, 240, 200), (0, 0, size[0] // 2, size[1] // 3))  # asymmetric, so rotation shows
    exif = image.getexif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x010E] = "SECRET-EXIF"
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (36.0, 47.0, 0.0), 3: "E", 4: (120.0, 30.0, 0.0)})
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=XMP, comment=COMMENT, icc_profile=ADOBE_RGB, quality=90)
    data = out.getvalue()
    path.write_bytes(data[:2] + b"\xff\xed" + struct.pack(">H", len(APP13) + 2) + APP13 + data[2:])  # after SOI
    return path


def screenshot_png(path: Path, size=(300, 200)) -> Path:
    """A PNG with every kind of text chunk, EXIF and a colour profile."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "SECRET-PNG-TEXT")
    info.add_text("Author", "SECRET-PNG-ZTXT", zip=True)
    info.add_itxt("Description", "SECRET-PNG-ITXT", lang="zh", tkey="说明")
    exif = Image.Exif()
    exif[0x010E] = "SECRET-PNG-EXIF"
    Image.new("RGB", size, "green").save(path, "PNG", pnginfo=info, exif=exif, icc_profile=ADOBE_RGB)
    return path
