"""Photos dropped next to records and stories: checked, published as web copies, never with metadata."""

from __future__ import annotations

import hashlib
import io
import socket
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from catalog import photos
from catalog.build import build, check
from catalog.images import Size
from catalog.records.problems import BuildFailed
from conftest import SETTINGS, SITES, build_site, copy_site, failure, page, site_settings
from icc import ADOBE_RGB, ADOBE_TO_SRGB, DISPLAY_P3, P3_TO_SRGB, adobe_linear, in_srgb, srgb_linear
from phone_photos import phone_photo, screenshot_png


def add_village_with_photos(root: Path) -> None:
    phone_photo(root / "data/villages/xinzhuang-1.jpg")
    screenshot_png(root / "data/villages/xinzhuang-small.png")
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
        "data/villages/xinzhuang.yml:4: photos[0].file: （警告）照片“xinzhuang-1.jpg”的原图带有拍摄地点（GPS）信息。"
        "发布的照片不带它，但原图提交以后，能看到仓库的人都能读出拍摄地点：运行 make check 会从原图里去掉它"
        "（make hooks 安装的提交前检查也会自动去掉）。 [photo-gps]",
        "data/villages/xinzhuang.yml:8: photos[1].file: （警告）照片“xinzhuang-small.png”只有 300×200 像素，"
        "在大屏幕上会模糊。请尽量换用宽度不少于 800 像素的原图。 [photo-small]",
        "共发现 3 个错误、2 个警告，涉及 2 个文件。请按上面的提示逐条修改后重新运行。",
    ]


def metadata_blocks(file: Path) -> list[str]:
    """Every metadata block a published photo carries; must be none.

    Three ways: the marker text and block signatures in the bytes; the file's structure (a JPEG's segments, a
    WebP's chunks) against what pixels alone need; what Pillow reads back."""
    data = file.read_bytes()
    found = [name for name, marker in (("EXIF", b"Exif\x00\x00"), ("XMP", b"ns.adobe.com/xap"), ("XMP", b"x:xmpmeta"),
                                       ("ICC", b"ICC_PROFILE"), ("EXIF", b"EXIF"), ("XMP", b"XMP "), ("IPTC", b"8BIM"),
                                       ("IPTC", b"Photoshop"), ("marker", b"SECRET"))
             if marker in data]
    with Image.open(file) as image:
        found += [k for k in ("exif", "xmp", "icc_profile", "comment", "photoshop", "dpi") if image.info.get(k)]
        if image.getexif():
            found.append("exif-tags")
        if image.format == "JPEG":
            found += [marker for marker, _ in image.applist if marker != "APP0"]  # APPn segments and COM
    if data[:4] == b"RIFF":
        found += [c for c in webp_chunks(data) if c not in (b"VP8 ", b"VP8L", b"VP8X", b"ALPH")]
    return found


def webp_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 12
    while at + 8 <= len(data):
        name, size = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        chunks.append(name)
        at += 8 + size + size % 2
    return chunks


@pytest.mark.slow
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
    assert len(published) == 8  # each photo in every size, WebP and JPEG
    for file in published:
        assert metadata_blocks(file) == [], file
    for file in (minimal / ".cache/photos").iterdir():  # the copies the brochure prints
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


@pytest.mark.slow
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


@pytest.mark.parametrize(("profile", "colour", "linear", "matrix", "kind"), [
    (ADOBE_RGB, (170, 120, 90), adobe_linear, ADOBE_TO_SRGB, "JPEG"),
    (DISPLAY_P3, (200, 80, 60), srgb_linear, P3_TO_SRGB, "PNG"),
], ids=["adobe-rgb-jpeg", "display-p3-png"])
def test_colours_are_converted_to_srgb_before_the_profile_is_left_out(tmp_path: Path, profile, colour, linear,
                                                                      matrix, kind):
    source = tmp_path / f"photo.{kind.lower()}"
    Image.new("RGB", (1200, 800), colour).save(source, kind, icc_profile=profile)
    plan = photos.plan(source)
    photos.encode([plan], tmp_path / "cache")
    wanted = in_srgb(colour, linear, matrix)
    assert max(abs(w - c) for w, c in zip(wanted, colour, strict=True)) > 10  # the conversion is visible
    for name in (name for v in plan.variants for name in (v.webp, v.jpeg)):  # every size, WebP and JPEG
        with Image.open(tmp_path / "cache" / name) as copy:
            assert "icc_profile" not in copy.info
            found = copy.convert("RGB").getpixel((copy.width // 2, copy.height // 2))
        assert max(abs(w - f) for w, f in zip(wanted, found, strict=True)) <= 3, (name, found, wanted)


def outside_photo(root: Path) -> Path:
    """A real photo beside the site (in the same temporary folder), where only the build machine has it."""
    photo = root.parent / "private" / "id-card.jpg"
    photo.parent.mkdir()
    Image.new("RGB", (1200, 900), "blue").save(photo)
    return photo


def test_photos_from_outside_the_site_are_refused_even_when_they_exist(minimal: Path, monkeypatch):
    outside = outside_photo(minimal)
    cases = minimal / "content/cases"
    (cases / "linked.jpg").symlink_to(outside)
    (cases / "linked-folder").symlink_to(outside.parent, target_is_directory=True)
    (cases / "inside-link.jpg").symlink_to(phone_photo(minimal / "data/villages/fine.jpg", gps=False))
    (cases / "photos.md").write_text(
        "---\ntitle: 有图的案例\ndate: 2024-06-01\ncounty: lx\nsources: [doc-a]\n---\n\n"
        f"![链接](linked.jpg)\n\n![文件夹链接](linked-folder/id-card.jpg)\n\n![上级](../../../private/id-card.jpg)\n\n"
        f"![完整路径]({outside})\n\n![站内的链接](inside-link.jpg)\n\n![网上](https://example.com/x.png)\n",
        encoding="utf-8")
    monkeypatch.setattr(socket.socket, "connect", lambda *args: pytest.fail("the build went to the network"))
    with pytest.raises(BuildFailed) as failed:
        build(SETTINGS, site_settings(minimal))
    # The folder link is reported as a link out of content/ (records/inputs.py), and each photo through it as well.
    assert [(p.path, p.line, p.rule) for p in failed.value.problems] == [
        ("content/cases/linked-folder", 0, "file-link"), *[("content/cases/photos.md", line, rule) for line, rule in (
            (8, "photo-outside"), (10, "photo-outside"), (12, "photo-outside"), (14, "photo-outside"),
            (18, "photo-remote"))]]
    assert "链接（快捷方式）" in failed.value.problems[2].message  # the photo through the folder link, told as a link
    assert not (minimal / "output").exists() and not (minimal / ".cache/photos").exists()


def tiny_png(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height``: a few hundred bytes, whatever it claims."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 4096, 9))
            + chunk(b"IEND", b""))


def cut_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((640, 480), 60).convert("RGB").save(out, "JPEG")
    return out.getvalue()[:len(out.getvalue()) // 2]


def cut_png() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((640, 480), 60).save(out, "PNG")
    return out.getvalue()[:len(out.getvalue()) * 2 // 3]


@pytest.mark.parametrize(("data", "rule"), [
    (tiny_png(30000, 30000), "photo-too-big"),  # above twice Pillow's limit: its error
    (tiny_png(10001, 10000), "photo-too-big"),  # just above the limit: Pillow only warns
    (cut_jpeg(), "photo-broken"),
    (cut_png(), "photo-broken"),
    ("会议记录".encode(), "photo-unreadable"),
    (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "photo-unreadable"),  # never handed to Ghostscript
    (b"GIF89a" + b"\0" * 20, "photo-unreadable"),
    (tiny_png(1, 20000), "photo-too-big"),  # its web copies would be taller than WebP allows
], ids=["bomb", "just-over", "cut-jpeg", "cut-png", "text", "eps", "gif", "needle"])
def test_hostile_files_are_refused_with_a_rule(tmp_path: Path, data: bytes, rule: str, recwarn):
    """Refused by planning (the header) or, for damage further in, by the check's decoding."""
    source = tmp_path / "photo.jpg"
    source.write_bytes(data)
    try:
        plan = photos.plan(source)
    except photos.PhotoError as refused:
        assert refused.rule == rule
    else:
        assert photos.unencoded([plan], tmp_path / "cache") == [plan]
        assert photos.undecodable([plan])[plan.key].rule == rule
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


def test_only_photos_without_copies_are_decoded_by_the_check(tmp_path: Path):
    """Copies named by the content hash prove those very bytes decoded: the check need not read them again."""
    good, bad = tmp_path / "good.jpg", tmp_path / "bad.jpg"
    Image.new("RGB", (900, 600), "red").save(good)
    bad.write_bytes(cut_jpeg())
    plans = [photos.plan(good), photos.plan(bad)]
    assert photos.unencoded(plans, tmp_path / "cache") == plans
    assert list(photos.undecodable(plans)) == [plans[1].key]
    photos.encode(plans[:1], tmp_path / "cache")
    assert photos.unencoded(plans, tmp_path / "cache") == plans[1:]
    assert photos.copies(plans[:1], tmp_path / "cache") == set((tmp_path / "cache").iterdir())  # what views may read


def test_limits_are_named_in_the_message(minimal: Path):
    cases = minimal / "content/cases"
    with open(cases / "huge.jpg", "wb") as huge:  # sparse: no disk used, refused before it is decoded
        huge.truncate(51 * 1024 * 1024)
    (cases / "bomb.png").write_bytes(tiny_png(30000, 30000))
    (cases / "photos.md").write_text("---\ntitle: 有图的案例\ndate: 2024-06-01\ncounty: lx\nsources: [doc-a]\n---\n\n"
                                     "![大文件](huge.jpg)\n\n![炸弹](bomb.png)\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        check(SETTINGS, site_settings(minimal))
    assert str(failed.value).splitlines()[:2] == [
        "content/cases/photos.md:8: 照片“huge.jpg”的文件有 51 MB，超过了上限 50 MB。请先把照片缩小或另存为 JPEG"
        "（网站用的照片几 MB 就足够），再放进来。 [photo-too-big]",
        "content/cases/photos.md:10: 照片“bomb.png”的像素太多：超过了上限 1 亿像素（约 12000×8000），可能是损坏或伪造的"
        "文件，处理它会耗尽电脑的内存。请换用相机或手机拍摄的原图，或先把照片缩小。 [photo-too-big]",
    ]


def test_a_long_picture_gets_narrower_copies_no_taller_than_webp_allows(tmp_path: Path):
    source = tmp_path / "long.png"
    Image.new("RGB", (500, 20000), "white").save(source)  # a 长图, as publicity accounts post them
    plan = photos.plan(source)
    assert plan.largest.size == Size(409, 16360)
    photos.encode([plan], tmp_path / "cache")
    with Image.open(tmp_path / "cache" / plan.largest.webp) as copy:
        assert copy.size == (409, 16360)


def test_a_web_address_names_no_published_photo(minimal: Path):
    add_village_with_photos(minimal)
    site = check(SETTINGS, site_settings(minimal)).site
    village = site.catalog.villages["xinzhuang"]
    assert site.photo_for(village, "xinzhuang-1.jpg") is not None
    for written in ("https://example.com/xinzhuang-1.jpg", "//example.com/xinzhuang-1.jpg",
                    str(minimal / "data/villages/xinzhuang-1.jpg"), "file:xinzhuang-1.jpg"):
        assert site.photo_for(village, written) is None, written


BAD_PHOTOS = sorted((SITES / "broken").glob("photo-*"))


@pytest.mark.parametrize("defect", BAD_PHOTOS, ids=lambda p: p.name)
def test_a_build_with_a_bad_photo_fails_as_the_check_does_and_publishes_nothing(defect: Path, tmp_path: Path,
                                                                                 monkeypatch):
    root = copy_site("minimal", tmp_path, defect)
    monkeypatch.setattr(socket.socket, "connect", lambda *args: pytest.fail("the build went to the network"))
    assert failure(build_site, root) == (defect / "expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert not (root / "output").exists()
    assert not (root / ".cache/photos").exists() or not any((root / ".cache/photos").iterdir())


@pytest.mark.parametrize(("mode", "kind", "profile"), [
    ("P", "PNG", None), ("LA", "PNG", None), ("RGBA", "PNG", DISPLAY_P3), ("I;16", "PNG", None), ("1", "PNG", None),
    ("CMYK", "JPEG", None), ("L", "JPEG", ADOBE_RGB), ("RGB", "WEBP", DISPLAY_P3),
], ids=lambda v: v if isinstance(v, str) else ("profile" if v else "no-profile"))
def test_every_mode_a_camera_or_editor_writes_is_published_opaque(tmp_path: Path, mode, kind, profile):
    source = tmp_path / f"photo.{kind.lower()}"
    image = Image.new(mode, (900, 600))
    if mode == "P":
        image.putpalette([0, 0, 0, 200, 30, 30])
        image.info["transparency"] = 0
    extra = {"icc_profile": profile} if profile else {}
    image.save(source, kind, **extra)
    plan = photos.plan(source)
    photos.encode([plan], tmp_path / "cache")
    for name in plan.files:
        with Image.open(tmp_path / "cache" / name) as copy:
            assert copy.mode in ("RGB", "L") and metadata_blocks(tmp_path / "cache" / name) == [], name
    with Image.open(tmp_path / "cache" / plan.largest.jpeg) as copy:
        if mode in ("P", "LA"):  # transparent all over: white, like the page
            assert copy.convert("RGB").getpixel((450, 300)) == (255, 255, 255)


def test_a_cut_photo_is_refused_even_after_a_brochure_was_typeset_in_the_same_process(tmp_path: Path):
    """WeasyPrint's import makes Pillow pad truncated images for the whole process (invoke serve typesets
    brochures and goes on checking): the check must still find the cut."""
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # what importing WeasyPrint (the brochure's typesetter until Typst) did
    source = tmp_path / "cut.jpg"
    source.write_bytes(cut_jpeg())
    plan = photos.plan(source)
    assert photos.undecodable([plan])[plan.key].rule == "photo-broken"
