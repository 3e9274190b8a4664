"""What the photo pipeline's speed-ups cost in quality: version 1 against the current one, on the same photos.

    python -m bench.photo_quality /tmp/province          # photos of a corpus (python -m bench.corpus DIR)
    python -m bench.photo_quality /tmp/province --large  # only the 4000-pixel originals

Both pipelines make every copy of each photo; each copy is decoded and
compared with the truth, a LANCZOS resize of the fully decoded original that
was never compressed, by PSNR on the luma channel (higher is closer; above
about 35 dB a difference of half a decibel is not visible). Also printed: CPU
time per photo (one thread) and bytes per photo (all its copies).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from catalog import photos  # noqa: E402
from catalog.photos import PhotoPlan  # noqa: E402


def encode_v1(photo: PhotoPlan, cache: Path) -> None:
    """The pipeline as it was at PIPELINE_VERSION 1: full decode, every copy from the original, WebP method 4."""
    with Image.open(photo.source) as image:
        upright = ImageOps.exif_transpose(image).convert("RGB")
        for variant in photo.variants:
            copy = upright.resize((variant.size.width, variant.size.height), Image.Resampling.LANCZOS)
            copy.save(cache / variant.webp, "WEBP", quality=80, method=4)
            copy.save(cache / variant.jpeg, "JPEG", quality=82, optimize=True, progressive=True)


@dataclass
class Tally:
    cpu: float = 0.0
    bytes: int = 0
    webp: list[float] = field(default_factory=list)  # PSNR of each copy
    jpeg: list[float] = field(default_factory=list)


def psnr(copy: Path, truth: Image.Image) -> float:
    with Image.open(copy) as image:
        rms = ImageStat.Stat(ImageChops.difference(image.convert("L"), truth)).rms[0]
    return 99.0 if rms == 0 else 20 * math.log10(255 / rms)


def truths(photo: PhotoPlan) -> dict[int, Image.Image]:
    with Image.open(photo.source) as image:
        upright = ImageOps.exif_transpose(image).convert("RGB")
        return {v.size.width: upright.resize((v.size.width, v.size.height), Image.Resampling.LANCZOS).convert("L")
                for v in photo.variants}


def compare(sources: list[Path]) -> dict[str, Tally]:
    pipelines = {"version 1": encode_v1, "current": photos._encode}
    tallies = {name: Tally() for name in pipelines}
    for source in sources:
        photo = photos.plan(source)
        truth = truths(photo)
        for name, encode in pipelines.items():
            with tempfile.TemporaryDirectory() as scratch:
                folder = Path(scratch)
                start = time.process_time()
                encode(photo, folder)
                tally = tallies[name]
                tally.cpu += time.process_time() - start
                for variant in photo.variants:
                    tally.bytes += (folder / variant.webp).stat().st_size + (folder / variant.jpeg).stat().st_size
                    tally.webp.append(psnr(folder / variant.webp, truth[variant.size.width]))
                    tally.jpeg.append(psnr(folder / variant.jpeg, truth[variant.size.width]))
    return tallies


def table(tallies: dict[str, Tally], count: int) -> str:
    lines = ["| pipeline | CPU per photo | WebP PSNR mean / min | JPEG PSNR mean / min | bytes per photo |",
             "| --- | --- | --- | --- | --- |"]
    for name, t in tallies.items():
        lines.append(f"| {name} | {t.cpu / count * 1000:.0f} ms | {sum(t.webp) / len(t.webp):.2f} / {min(t.webp):.2f} dB"
                     f" | {sum(t.jpeg) / len(t.jpeg):.2f} / {min(t.jpeg):.2f} dB | {t.bytes / count / 1024:.0f} KB |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a corpus folder (its data/ holds the photos)")
    parser.add_argument("--large", action="store_true", help="only photos at least 4000 pixels on a side")
    parser.add_argument("--limit", type=int, default=60, help="photos compared (default 60)")
    args = parser.parse_args(argv)
    sources = sorted(args.root.glob("data/**/*.jpg"))
    if args.large:
        sources = [s for s in sources if max(Image.open(s).size) >= 4000]
    sources = sources[:: max(1, len(sources) // args.limit)][: args.limit]
    print(f"{len(sources)} photos from {args.root}\n")
    print(table(compare(sources), len(sources)))


if __name__ == "__main__":
    main()
