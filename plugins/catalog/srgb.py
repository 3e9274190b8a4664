"""A picture's pixels as a browser should show them once every metadata block is left out: in sRGB, opaque.

A browser shows a picture without a colour profile as sRGB, so a copy whose
profile is dropped must first have its colours converted (LittleCMS, through
Pillow's ImageCms); otherwise a photo from a camera set to Adobe RGB, or an
iPhone's Display P3, would look dull.
"""

from __future__ import annotations

import io

from PIL import Image, ImageCms

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def workable(image: Image.Image) -> Image.Image:
    """A palette, 16-bit or 1-bit picture as RGBA (its transparency kept), so the rest sees five modes at most."""
    return image if image.mode in ("RGB", "RGBA", "L", "LA", "CMYK") else image.convert("RGBA")


def in_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """The picture's colours converted from its own profile ``icc`` to sRGB (its transparency kept). A profile
    that cannot be read, or does not fit the picture, is left aside, as a browser would."""
    if not icc:
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if ImageCms.getProfileDescription(profile).strip().startswith("sRGB"):
            return image
        space = profile.profile.xcolor_space.strip()
        alpha = image.getchannel("A") if "A" in image.getbands() else None
        source_mode = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}.get(space)
        if source_mode is None or (source_mode == "CMYK") != (image.mode == "CMYK"):
            return image  # a profile that does not fit the picture: shown as browsers would show it untagged
        converted = ImageCms.profileToProfile(image.convert(source_mode), profile, _SRGB, outputMode="RGB")
    except (OSError, ValueError, ImageCms.PyCMSError):
        return image  # an unreadable profile: the same
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def on_white(image: Image.Image) -> Image.Image:
    """Transparent parts on white: a JPEG has no transparency, and a page's background is white."""
    if image.mode in ("RGB", "L"):
        return image
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", image.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat
