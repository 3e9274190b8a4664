"""Real JPEGs as cameras and phones write them, so the photo pipeline does its real work.

Some are stored on their side with an EXIF orientation (the pipeline must turn
them upright), all carry camera EXIF and some XMP (which must not be
published). None carries GPS: the photo check warns about GPS (photo-gps, a
rule that cannot be waived), and the corpus must pass every check cleanly;
dropping GPS costs the pipeline nothing, as it drops every metadata block alike.
Every upright width is at least 800 pixels, so the photo-small check is quiet too.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw

# Upright sizes: mostly camera and phone exports, a few full-size phone photos.
SIZES = ((1600, 1200), (2000, 1500), (1200, 900), (1080, 1440), (4000, 3000))
WEIGHTS = (4, 4, 2, 2, 1)
_ORIENTATION, _MAKE, _MODEL, _DATETIME = 0x0112, 0x010F, 0x0110, 0x0132
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')


def make_photo(path: Path, rng: random.Random) -> None:
    width, height = rng.choices(SIZES, WEIGHTS)[0]
    sideways = rng.random() < 0.3
    stored = (height, width) if sideways else (width, height)
    image = _scene(stored, rng)
    exif = image.getexif()
    exif[_MAKE], exif[_MODEL] = "BenchCam", f"BC-{rng.randint(1, 9)}"
    exif[_DATETIME] = f"{rng.randint(2019, 2025)}:{rng.randint(1, 12):02d}:{rng.randint(1, 28):02d} 10:00:00"
    if sideways:
        exif[_ORIENTATION] = rng.choice((6, 8))
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = {"xmp": XMP} if rng.random() < 0.5 else {}
    image.save(path, "JPEG", quality=88, exif=exif, **extra)


def _scene(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Sky, fields and houses in flat colours with grain: compresses like a photo, not like a test card."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    horizon = rng.randint(height // 3, height // 2)
    draw.rectangle((0, horizon, width, height), fill=(rng.randint(40, 120), rng.randint(110, 180), rng.randint(30, 90)))
    for _ in range(rng.randint(4, 12)):
        x, w, h = rng.randint(0, width), rng.randint(width // 20, width // 6), rng.randint(height // 12, height // 4)
        colour = (rng.randint(150, 240), rng.randint(60, 200), rng.randint(40, 160))
        draw.rectangle((x, horizon - h // 2, x + w, horizon + h // 2), fill=colour)
        draw.polygon([(x, horizon - h // 2), (x + w // 2, horizon - h), (x + w, horizon - h // 2)], fill=(160, 40, 30))
    small = (max(1, width // 4), max(1, height // 4))
    # From our seeded generator, not Image.effect_noise (C rand()), so the same seed gives the same bytes.
    grain = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    grain = grain.resize(size, Image.Resampling.BICUBIC).convert("RGB")
    return Image.blend(image, grain, 0.15)
