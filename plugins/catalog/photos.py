"""Photos staff drop next to a record or story, published as web-ready copies only.

Planning (during the check) reads the header: size, orientation, GPS; files
over MAX_BYTES or MAX_PIXELS, or in another format than JPEG, PNG and WebP, are
refused before any pixel is decoded. The check then decodes every photo whose
copies are not made yet (``undecodable``), so a photo that passes it is one the
encoder can read: a truncated or forged file is a problem with a line, not a
failed build. Writing makes, for each width in
images.py, a WebP and a JPEG fallback with the EXIF orientation applied, the
colours converted to sRGB, and no metadata at all (EXIF, GPS, XMP, IPTC, ICC,
comments, PNG text): only the pixels travel; the original is never copied.
Copies are cached by the photo's content hash, so a photo is re-encoded only
when its bytes change.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import warnings
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from .images import LARGEST_COPY_SIDE, PIPELINE_VERSION, Size, upright, variant_sizes
from .srgb import in_srgb, on_white, workable

FOLDER = "photos"  # in the output
SMALLEST_WIDTH = 800  # narrower photos look soft on a large screen
LARGEST_BYTES = 20 * 1024 * 1024  # beyond this, a warning: probably not the photo meant for the web
LARGEST_SIDE = 12000
# Hard limits, refused with a message: a phone's largest photos (108 MP is 12032×9024) stay below them;
# a forged header claiming 30000×30000 would ask for 2.7 GB to decode.
MAX_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 100_000_000
# Pillow guards every image it opens in this process (the brochure's too) with the same limit: it warns above
# it and refuses twice it; reading a photo turns the warning into the same refusal (``_opened``).
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Formats a camera or phone writes (JPEG's reader also opens MPO, a JPEG with a second picture inside). Nothing
# else is even parsed: Pillow would otherwise also try EPS (run through Ghostscript), PSD, TIFF and a dozen more.
FORMATS = ("JPEG", "PNG", "WEBP")
_GPS_TAG = 0x8825
_ORIENTATION_TAG = 0x0112
# WebP's method trades encoding time for size: 1 encodes in a quarter of the time of 4 (the default),
# at 0.3–0.5 dB less PSNR and no larger files (docs/performance.md, "Search, brochures and photos at scale").
WEBP_QUALITY, WEBP_METHOD = 80, 1
JPEG_QUALITY = 82


class Elsewhere(Enum):
    """Why a photo reference names no file of the site, told by its text alone."""

    WEB = "web"  # https://…, http://…, //host/…: a picture on another site
    ADDRESS = "address"  # file:, data: or any other scheme (a Windows drive, C:, too)
    ABSOLUTE = "absolute"  # /usr/share/…: anywhere on the computer that builds the site


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_WEB_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})


def elsewhere(written: str) -> Elsewhere | None:
    text = written.strip()
    if text.startswith(("//", "\\\\")):
        return Elsewhere.WEB
    scheme = _SCHEME.match(text)
    if scheme:
        return Elsewhere.WEB if scheme.group(1).lower() in _WEB_SCHEMES else Elsewhere.ADDRESS
    return Elsewhere.ABSOLUTE if text.startswith(("/", "\\")) else None


def named_file(folder: Path, written: str) -> Path | None:
    """The file a record or story in ``folder`` names as a photo; None when the text names no file of the site.

    Where the file turns out to be (``..``, a link) is the check's to judge (checks/photos.py)."""
    return None if elsewhere(written) else folder / written


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

    @property
    def files(self) -> tuple[str, ...]:
        """Every published copy's file name (in the photo cache and under output/photos/)."""
        return tuple(name for v in self.variants for name in (v.webp, v.jpeg))

    def srcset(self, base: str, kind: str) -> str:
        return ", ".join(f"{base}/{FOLDER}/{getattr(v, kind)} {v.size.width}w" for v in self.variants)


class PhotoError(Exception):
    """The file is missing, too large, or not a picture we can read: what follows “照片“name”” in the message."""

    def __init__(self, message: str, rule: str):
        super().__init__(message, rule)  # both in args: the memo (incremental/) pickles it

    @property
    def message(self) -> str:
        return self.args[0]

    @property
    def rule(self) -> str:
        return self.args[1]

    def __str__(self) -> str:
        return self.message


def plan(source: Path) -> PhotoPlan:
    try:
        file_bytes = source.stat().st_size
        if file_bytes > MAX_BYTES:  # refused unread
            raise PhotoError(f"的文件有 {file_bytes / 1024 / 1024:.0f} MB，超过了上限 {MAX_BYTES // 1024 // 1024} MB。"
                             "请先把照片缩小或另存为 JPEG（网站用的照片几 MB 就足够），再放进来。", "photo-too-big")
        data = source.read_bytes()
    except OSError as error:
        raise PhotoError("：找不到照片文件。请检查文件名（包括扩展名）和照片是否放在这个文件的旁边。", "photo-missing") from error
    key = hashlib.sha256(data + PIPELINE_VERSION.encode()).hexdigest()[:20]
    with _opened(data) as image:
        try:
            exif = image.getexif()
            size = upright(Size(*image.size), exif.get(_ORIENTATION_TAG))
            has_gps = bool(exif.get_ifd(_GPS_TAG)) or _GPS_TAG in exif
        except Exception:  # noqa: BLE001 — forged EXIF can fail its parser in any way
            raise _broken_header() from None
    variants = tuple(Variant(s, f"{key}-{s.width}.webp", f"{key}-{s.width}.jpg") for s in variant_sizes(size))
    if max(v.size.height for v in variants) > LARGEST_COPY_SIDE:
        raise PhotoError(f"是 {size.width}×{size.height} 像素的细长图片，缩到网页宽度后仍高于 {LARGEST_COPY_SIDE} 像素，"
                         "无法生成网页用的图片。请把它裁成几张再放进来。", "photo-too-big")
    return PhotoPlan(source, key, size, variants, has_gps, len(data))


def _too_many_pixels() -> PhotoError:
    return PhotoError(f"的像素太多：超过了上限 {MAX_PIXELS / 100_000_000:g} 亿像素（约 12000×8000），可能是损坏或伪造的文件，"
                      "处理它会耗尽电脑的内存。请换用相机或手机拍摄的原图，或先把照片缩小。", "photo-too-big")


def _broken_header() -> PhotoError:
    return PhotoError("已损坏，读不出照片的基本信息。请从原始照片重新复制一份。", "photo-broken")


def _opened(data: bytes) -> Image.Image:
    """The picture's header read from ``data`` (the very bytes the key was taken from); no pixel decoded yet."""
    try:
        with warnings.catch_warnings():  # the check reads photos on one thread: no other warning is caught
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise PhotoError("不是能识别的照片：文件内容不是 JPEG、PNG 或 WebP 图片（只是名字像照片）。"
                         "请换用手机或相机拍摄的 JPEG/PNG/WebP 照片。", "photo-unreadable") from None
    except Exception:  # noqa: BLE001 — a forged header can make a format's parser fail in any way
        raise _broken_header() from None
    if image.width * image.height > MAX_PIXELS:  # whatever Pillow's limit has been set to since
        image.close()
        raise _too_many_pixels()
    return image


def strict_decoding() -> None:
    """A truncated file fails to decode. Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES,
    after which a cut JPEG decodes padded with grey: once a brochure was typeset in this process (invoke serve,
    a test run), the check would pass it and the site publish it."""
    ImageFile.LOAD_TRUNCATED_IMAGES = False


def undecodable(photos: Iterable[PhotoPlan]) -> dict[str, PhotoError]:
    """Each photo's every pixel read once, on every core; the photos that could not be, by key.

    A JPEG is read at 1/8 of its size: all of its data, a fraction of the work. Only photos whose copies are not
    made yet need this (``unencoded``): copies named by a photo's content hash prove those very bytes decoded."""
    def decoded(photo: PhotoPlan) -> PhotoError | None:
        try:
            with Image.open(photo.source, formats=FORMATS) as image:
                image.draft(image.mode, (1, 1))
                image.load()
        except Exception:  # noqa: BLE001 — a decoder fails on damaged data in many ways; each is the same problem
            return PhotoError("已损坏或不完整，读不出全部画面（可能是没有复制或下载完）。请从原始照片重新复制一份。",
                              "photo-broken")
        return None

    todo = list(photos)
    strict_decoding()
    with ThreadPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1) or 1) as pool:  # decoding frees the GIL
        found = dict(zip((p.key for p in todo), pool.map(decoded, todo), strict=True))
    return {key: error for key, error in found.items() if error is not None}


def _encode(photo: PhotoPlan, cache: Path) -> None:
    with Image.open(photo.source, formats=FORMATS) as image:
        icc = image.info.get("icc_profile")
        # A JPEG decodes straight at 1/2, 1/4 or 1/8 of its size (DCT scaling), never below the largest
        # copy: a 4000-px original costs a quarter of the pixels to decode and to resample.
        largest = photo.largest.size
        sideways = Size(*image.size) != photo.size
        image.draft(image.mode, (largest.height, largest.width) if sideways else (largest.width, largest.height))
        upright_image = workable(ImageOps.exif_transpose(image))
        # Colours converted on the largest copy, the fewest pixels every copy is made from.
        source = on_white(in_srgb(upright_image.resize((largest.width, largest.height), Image.Resampling.LANCZOS), icc))
        # Only the pixels travel: Pillow copies info (a JPEG's comment among it) into every resized copy and
        # writes the comment back when saving a JPEG.
        source.info = {}
        for variant in reversed(photo.variants):  # each copy from the next larger one: fewer pixels to resample
            copy = source if variant is photo.largest else source.resize((variant.size.width, variant.size.height),
                                                                          Image.Resampling.LANCZOS)
            copy.save(cache / variant.webp, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
            copy.save(cache / variant.jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            source = copy


def unencoded(photos: Iterable[PhotoPlan], cache: Path) -> list[PhotoPlan]:
    """The photos (each once) whose copies the cache lacks, from one listing of it."""
    try:
        made = set(os.listdir(cache))
    except OSError:
        made = set()
    return [p for p in {p.key: p for p in photos}.values() if not made.issuperset(p.files)]


def encode(photos: Iterable[PhotoPlan], cache: Path) -> int:
    """Encode what the cache lacks, on every core; returns how many were encoded.

    The site copies the results into its output; the brochure prints the largest copy from the cache.
    """
    cache.mkdir(parents=True, exist_ok=True)
    todo = unencoded(photos, cache)
    strict_decoding()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # Pillow encodes without the GIL
        list(pool.map(lambda p: _encode(p, cache), todo))
    return len(todo)


def copies(photos: Iterable[PhotoPlan], cache: Path) -> frozenset[Path]:
    """The only photo files a view of the site may read: the published copies in the cache (never an original)."""
    return frozenset(cache / name for photo in photos for name in photo.files)


def publish(photos: Iterable[PhotoPlan], cache: Path, output: Path) -> int:
    """Encode what the cache lacks, then copy into the output; returns how many were encoded."""
    unique = {p.key: p for p in photos}
    encoded = encode(unique.values(), cache)
    target = output / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for photo in unique.values():
        for name in photo.files:
            shutil.copyfile(cache / name, target / name)
    return encoded
