"""The one preprocessing rule shared by training, evaluation and the C# service.

The ONNX model takes the RGB image at the HAM10000 training images' geometry (150x200, uint8,
NHWC); everything after that (resize to the network's resolution, normalisation) is inside the
graph. This module holds the only step outside it: bringing an arbitrary upload to 200x150. The
C# pipeline (src/SkinLesion.Inference) implements the same rule; docs/model-contract.md states it.

Large JPEGs are decoded at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling, Pillow's draft mode), as the
service decodes them with libjpeg-turbo: docs/decisions/0013-reduced-jpeg-decoding.md. CMYK JPEGs, EXIF orientation and
16-bit PNGs follow docs/decisions/0055-what-the-decoders-take.md and 0056-cmyk-jpegs-and-where-orientation-is-read.md:
each is stated here rather than left to Pillow's version of the day, so the C# side can repeat it exactly.
"""
from __future__ import annotations

import struct

import numpy as np
from PIL import Image

from .colour import conversion_for

HEIGHT = 150
WIDTH = 200
REDUCED_SCALES = (8, 4, 2)

ORIENTATION_TAG = 0x0112
SHORT = 3  # the TIFF field type EXIF gives Orientation
# How each EXIF orientation is undone, as ImageOps.exif_transpose does it (and ImageSharp's AutoOrient on the C# side).
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def jpeg_scale_denominator(width: int, height: int) -> int:
    """The largest libjpeg scale reduction that leaves at least twice the model's size on both landscape sides.

    GeometryRule.JpegScaleDenominator in the C# service repeats this arithmetic.
    """
    long_side, short_side = max(width, height), min(width, height)
    for denominator in REDUCED_SCALES:
        if long_side // denominator >= 2 * WIDTH and short_side // denominator >= 2 * HEIGHT:
            return denominator
    return 1


def reduce_jpeg_decoding(image: Image.Image) -> int:
    """Asks libjpeg to decode a not yet loaded JPEG (colour, greyscale or CMYK) at reduced scale; returns the reduction.

    On an image whose pixels are already loaded this does nothing (Pillow's draft mode only acts before decoding)
    and returns 1.
    """
    # Pillow names a JPEG that carries multi-picture data (many cameras and phones write it) MPO; its first picture is the
    # JPEG the service decodes.
    if image.format not in ("JPEG", "MPO") or image.mode not in ("RGB", "L", "CMYK"):
        return 1
    width, height = image.size
    denominator = jpeg_scale_denominator(width, height)
    # Requesting (width // d, height // d) makes Pillow pick exactly d: width // (width // d) == d whenever
    # width // d >= d, which the rule guarantees (at least 300 >= 8).
    if denominator == 1 or image.draft(image.mode, (width // denominator, height // denominator)) is None:
        return 1
    return denominator


def exif_orientation(image: Image.Image) -> int:
    """The EXIF orientation (1-8) the geometry rule applies; 1 when the file has none the rule reads.

    Read from the file's EXIF block only: a JPEG's first APP1 Exif segment, a PNG's eXIf chunk (before or after the
    pixel data: call this once the image is loaded) or the "Raw profile type exif" text chunk ImageMagick writes.
    IFD0's Orientation counts only as EXIF types it, one SHORT (ImageSharp drops a LONG or several values). XMP's
    tiff:Orientation is not read: Pillow's
    ImageOps.exif_transpose reads it from PNGs, and later versions from JPEGs too, so the rule would move with
    the Pillow installed, and the service's decoder reads EXIF alone.
    """
    block = image.info.get("exif")
    profile = image.info.get("Raw profile type exif")
    if not block and isinstance(profile, str):
        try:
            block = bytes.fromhex("".join(profile.split("\n")[3:]))
        except ValueError:
            return 1
    return _ifd0_orientation(block) if isinstance(block, bytes) else 1


def _ifd0_orientation(block: bytes) -> int:
    """IFD0's Orientation in a TIFF-structured EXIF block (with or without its "Exif\\0\\0" prefix); 1 when absent or unreadable."""
    if block.startswith(b"Exif\x00\x00"):
        block = block[6:]
    order = {b"II": "<", b"MM": ">"}.get(block[:2])
    if order is None or len(block) < 8 or struct.unpack(order + "H", block[2:4])[0] != 42:
        return 1
    ifd = struct.unpack(order + "I", block[4:8])[0]
    if ifd + 2 > len(block):
        return 1
    count = struct.unpack(order + "H", block[ifd:ifd + 2])[0]
    for entry in range(ifd + 2, min(ifd + 2 + 12 * count, len(block) - 11), 12):
        tag, kind, values = struct.unpack(order + "HHI", block[entry:entry + 8])
        if tag == ORIENTATION_TAG:
            value = struct.unpack(order + "H", block[entry + 8:entry + 10])[0]
            return value if kind == SHORT and values == 1 and value in TRANSPOSE else 1
    return 1


def cmyk_to_rgb(cmyk: np.ndarray) -> np.ndarray:
    """A CMYK JPEG's pixels (as Pillow holds them: Adobe's inverted storage undone) -> uint8 RGB.

    R = (255 - K) - C x (255 - K) / 255, the division rounded as Pillow's MULDIV255 rounds it, and likewise G from M and
    B from Y. It is Pillow's own conversion, stated here so that it does not depend on the Pillow installed;
    CmykJpeg on the C# side repeats it on libjpeg-turbo's output.
    """
    ink = cmyk[..., :3].astype(np.int32)
    light = 255 - cmyk[..., 3:].astype(np.int32)
    product = ink * light + 128
    return (light - (((product >> 8) + product) >> 8)).astype(np.uint8)


def to_model_geometry(image: Image.Image) -> np.ndarray:
    """Reduced JPEG decoding, EXIF-orient, RGB (alpha on white), portrait->landscape, centre-crop 4:3, bicubic 200x150,
    and an embedded colour profile's pixels brought to sRGB (colour.py)."""
    reduce_jpeg_decoding(image)
    conversion = conversion_for(image.info.get("icc_profile"))
    image.load()  # a PNG's eXIf chunk may follow its pixel data
    orientation = exif_orientation(image)
    if orientation != 1:
        image = image.transpose(TRANSPOSE[orientation])
    if image.mode == "CMYK":
        image = Image.fromarray(cmyk_to_rgb(np.asarray(image)), "RGB")
    if image.mode in ("I", "I;16", "I;16B", "I;16L"):
        # A 16-bit greyscale PNG: its high byte, as Pillow takes it from every other 16-bit PNG and as the service does
        # (convert("RGB") would clip every sample above 255 to white).
        image = Image.fromarray((np.asarray(image, dtype=np.uint32) >> 8).astype(np.uint8), "L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    image = image.convert("RGB")
    if image.height > image.width:
        image = image.transpose(Image.Transpose.ROTATE_270 if hasattr(Image, "Transpose") else Image.ROTATE_270)  # 90° clockwise
    w, h = image.size
    # Centre-crop to WIDTH:HEIGHT with integer arithmetic the C# side repeats exactly.
    if w * HEIGHT > h * WIDTH:
        crop_w = (h * WIDTH + HEIGHT // 2) // HEIGHT
        left = (w - crop_w) // 2
        image = image.crop((left, 0, left + crop_w, h))
    elif w * HEIGHT < h * WIDTH:
        crop_h = (w * HEIGHT + WIDTH // 2) // WIDTH
        top = (h - crop_h) // 2
        image = image.crop((0, top, w, top + crop_h))
    if image.size != (WIDTH, HEIGHT):
        image = image.resize((WIDTH, HEIGHT), Image.BICUBIC)
    pixels = np.asarray(image, dtype=np.uint8)
    return pixels if conversion is None else conversion.apply(pixels)
