"""Photos staff drop next to a record or story, published as web-ready copies only.

Reading (during the check) opens just the header: size, orientation, GPS.
Writing makes, for each width in images.py, a WebP and a JPEG fallback with
the EXIF orientation applied and every metadata block (EXIF, GPS, XMP, ICC,
comments) left out; the original is never copied. Copies are cached by the
photo's content hash, so a photo is re-encoded only when its bytes change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .images import PIPELINE_VERSION, Size, upright, variant_sizes

FOLDER = "photos"  # in the output
SMALLEST_WIDTH = 800  # narrower photos look soft on a large screen
LARGEST_BYTES = 20 * 1024 * 1024
LARGEST_SIDE = 12000
_GPS_TAG = 0x8825
_ORIENTATION_TAG = 0x0112
# WebP's method trades encoding time for size: 1 encodes in a quarter of the time of 4 (the default),
# at 0.3–0.5 dB less PSNR and no larger files (docs/performance.md, "Search, brochures and photos at scale").
WEBP_QUALITY, WEBP_METHOD = 80, 1
JPEG_QUALITY = 82


@dataclass(frozen=True)
class Variant:
    size: Size
    webp: str  # file name under output/photos/
    jpeg: str


@dataclass(frozen=True)
class PhotoPlan:
    """What will be published for one source photo, known before anything is encoded."""

    source: Path
    key: str  # content hash: the same bytes always give the same names
    size: Size  # upright
    variants: tuple[Variant, ...]
    has_gps: bool
    file_bytes: int

    @property
    def largest(self) -> Variant:
        return self.variants[-1]

    def srcset(self, base: str, kind: str) -> str:
        return ", ".join(f"{base}/{FOLDER}/{getattr(v, kind)} {v.size.width}w" for v in self.variants)


class PhotoError(Exception):
    """The file is missing or is not an image we can read."""


def plan(source: Path) -> PhotoPlan:
    try:
        data = source.read_bytes()
    except OSError as error:
        raise PhotoError("找不到照片文件") from error
    key = hashlib.sha256(data + PIPELINE_VERSION.encode()).hexdigest()[:20]
    try:
        with Image.open(source) as image:
            exif = image.getexif()
            size = upright(Size(*image.size), exif.get(_ORIENTATION_TAG))
            has_gps = bool(exif.get_ifd(_GPS_TAG)) or _GPS_TAG in exif
    except (UnidentifiedImageError, OSError) as error:
        raise PhotoError("无法识别的图片格式，请用手机或相机拍摄的 JPEG/PNG/WebP 照片") from error
    variants = tuple(Variant(s, f"{key}-{s.width}.webp", f"{key}-{s.width}.jpg") for s in variant_sizes(size))
    return PhotoPlan(source, key, size, variants, has_gps, len(data))


def _encode(photo: PhotoPlan, cache: Path) -> None:
    with Image.open(photo.source) as image:
        # A JPEG decodes straight at 1/2, 1/4 or 1/8 of its size (DCT scaling), never below the largest
        # copy: a 4000-px original costs a quarter of the pixels to decode and to resample.
        largest = photo.largest.size
        sideways = Size(*image.size) != photo.size
        image.draft(image.mode, (largest.height, largest.width) if sideways else (largest.width, largest.height))
        upright_image = ImageOps.exif_transpose(image)
        if upright_image.mode not in ("RGB", "L"):
            flat = Image.new("RGB", upright_image.size, "white")
            flat.paste(upright_image.convert("RGBA"), mask=upright_image.convert("RGBA").split()[-1])
            upright_image = flat
        source = upright_image
        for variant in reversed(photo.variants):  # each copy from the next larger one: fewer pixels to resample
            copy = source.resize((variant.size.width, variant.size.height), Image.Resampling.LANCZOS)
            # No exif=, icc_profile= or comment=: Pillow writes no metadata unless given some.
            copy.save(cache / variant.webp, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
            copy.save(cache / variant.jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            source = copy


def _cached(photo: PhotoPlan, cache: Path) -> bool:
    return all((cache / v.webp).exists() and (cache / v.jpeg).exists() for v in photo.variants)


def encode(photos: Iterable[PhotoPlan], cache: Path) -> int:
    """Encode what the cache lacks, on every core; returns how many were encoded.

    The site copies the results into its output; the brochure prints the largest copy from the cache.
    """
    cache.mkdir(parents=True, exist_ok=True)
    todo = [p for p in {p.key: p for p in photos}.values() if not _cached(p, cache)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # Pillow encodes without the GIL
        list(pool.map(lambda p: _encode(p, cache), todo))
    return len(todo)


def publish(photos: Iterable[PhotoPlan], cache: Path, output: Path) -> int:
    """Encode what the cache lacks, then copy into the output; returns how many were encoded."""
    unique = {p.key: p for p in photos}
    encoded = encode(unique.values(), cache)
    target = output / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for photo in unique.values():
        for variant in photo.variants:
            for name in (variant.webp, variant.jpeg):
                shutil.copyfile(cache / name, target / name)
    return encoded
