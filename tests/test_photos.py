"""Photos dropped next to records and stories: checked, published as web copies, never with metadata."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image

from catalog.build import build, check
from catalog.records.problems import BuildFailed
from conftest import SETTINGS, page, site_settings

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def phone_photo(path: Path, size=(2000, 1500), orientation: int = 6, gps: bool = True) -> Path:
    """A JPEG as a phone writes it: on its side with an orientation tag, GPS and XMP."""
    image = Image.new("RGB", size, (180, 30, 30))
    image.paste((250, 240, 200), (0, 0, size[0] // 2, size[1] // 3))  # asymmetric, so rotation shows
    exif = image.getexif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (36.0, 47.0, 0.0), 3: "E", 4: (120.0, 30.0, 0.0)})
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif, xmp=XMP, quality=90)
    return path


def add_village_with_photos(root: Path) -> None:
    phone_photo(root / "data/villages/xinzhuang-1.jpg")
    Image.new("RGB", (300, 200), "green").save(root / "data/villages/xinzhuang-small.png")
    (root / "data/villages/xinzhuang.yml").write_text("""name: 新庄村
county: lx
photos:
  - file: xinzhuang-1.jpg
    alt: 村党群服务中心外景
    caption: 村党群服务中心
    credit: 新庄村委会供图
  - file: xinzhuang-small.png
    alt: 村口
sources: [doc-a]
""", encoding="utf-8")


def test_photo_problems_are_reported_with_their_lines(minimal: Path):
    add_village_with_photos(minimal)
    (minimal / "content/cases/photos.md").write_text(
        "---\ntitle: 有图的案例\ndate: 2024-06-01\ncounty: lx\nsources: [doc-a]\n---\n\n"
        "![](xinzhuang.jpg)\n\n![村口老槐树](missing.jpg)\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        check(SETTINGS, site_settings(minimal))
    assert str(failed.value).splitlines() == [
        "content/cases/photos.md:8: 图片“xinzhuang.jpg”缺少文字说明。请在 ![ ] 的方括号里写一句话说明图片内容，"
        "如 ![村党支部书记在田间讲解](photo.jpg)，方便视力不好的读者。 [photo-alt]",
        "content/cases/photos.md:8: 照片“xinzhuang.jpg”：找不到照片文件。请检查文件名（包括扩展名）和照片是否放在这个文件的旁边。"
        " [photo-missing]",
        "content/cases/photos.md:10: 照片“missing.jpg”：找不到照片文件。请检查文件名（包括扩展名）和照片是否放在这个文件的旁边。"
        " [photo-missing]",
        "data/villages/xinzhuang.yml:4: photos[0].file: （警告）照片“xinzhuang-1.jpg”带有拍摄地点（GPS）信息。"
        "发布时会自动去除，原图不会发布；如有顾虑，请换用不带位置的照片。 [photo-gps]",
        "data/villages/xinzhuang.yml:8: photos[1].file: （警告）照片“xinzhuang-small.png”只有 300×200 像素，"
        "在大屏幕上会模糊。请尽量换用宽度不少于 800 像素的原图。 [photo-small]",
        "共发现 3 个错误、2 个警告，涉及 2 个文件。请按上面的提示逐条修改后重新运行。",
    ]


def metadata_blocks(file: Path) -> list[str]:
    """Every metadata block a published photo carries; must be none."""
    data = file.read_bytes()
    found = [name for name, marker in (("EXIF", b"Exif\x00\x00"), ("XMP", b"ns.adobe.com/xap"), ("XMP", b"x:xmpmeta"),
                                       ("ICC", b"ICC_PROFILE"), ("EXIF", b"EXIF"), ("XMP", b"XMP "))
             if marker in data]
    with Image.open(file) as image:
        found += [k for k in ("exif", "xmp", "icc_profile", "comment") if image.info.get(k)]
        if image.getexif():
            found.append("exif-tags")
    return found


def test_published_photos_are_upright_sized_copies_without_any_metadata(minimal: Path):
    add_village_with_photos(minimal)
    (minimal / "content/cases/photos.md").write_text(
        "---\ntitle: 有图的案例\ndate: 2024-06-01\ncounty: lx\nsources: [doc-a]\n---\n\n"
        "![村党群服务中心外景](../../data/villages/xinzhuang-1.jpg)\n", encoding="utf-8")
    built = build(SETTINGS, site_settings(minimal))
    assert {w.rule for w in built.checked.warnings} == {"photo-gps", "photo-small"}
    output = minimal / "output"
    published = sorted((output / "photos").iterdir())
    originals = {hashlib.sha256(p.read_bytes()).digest() for p in (minimal / "data/villages").glob("xinzhuang-*")}
    every_file = [p for p in output.rglob("*") if p.is_file()]
    assert not originals & {hashlib.sha256(p.read_bytes()).digest() for p in every_file}  # never the original
    assert not [p for p in every_file if p.name.startswith("xinzhuang")]
    assert {p.suffix for p in published} == {".webp", ".jpg"}
    for file in published:
        assert metadata_blocks(file) == [], file
    with Image.open(max(published, key=lambda p: p.stat().st_size)) as image:
        assert image.size[1] > image.size[0]  # the orientation tag was applied: the photo stands upright
    widths = sorted({Image.open(p).size[0] for p in published if "-" in p.stem})
    assert widths == [300, 480, 960, 1500]  # 1500 wide upright; never upscaled; 300 for the small one

    village = page(output, "villages/xinzhuang/")
    img = village.select_one(".gallery picture img")
    assert (img["width"], img["height"], img["alt"]) == ("1500", "2000", "村党群服务中心外景")
    assert village.select_one(".gallery picture source")["type"] == "image/webp"
    assert len(img["srcset"].split(",")) == 3
    story = page(output, "cases/photos/")
    assert story.select_one(".story picture img")["alt"] == "村党群服务中心外景"


def test_only_changed_photos_are_encoded_again(minimal: Path):
    add_village_with_photos(minimal)
    build(SETTINGS, site_settings(minimal))
    cache = minimal / ".cache/photos"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    build(SETTINGS, site_settings(minimal))
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before  # nothing re-encoded
    phone_photo(minimal / "data/villages/xinzhuang-1.jpg", size=(1800, 1200))
    build(SETTINGS, site_settings(minimal))
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert {n: t for n, t in after.items() if n in before} == before  # the unchanged photo's copies untouched
    assert len(after) > len(before)  # the changed photo has new copies
