"""The one preprocessing rule shared by training, evaluation and the C# service.

The ONNX model takes the RGB image at the HAM10000 training images' geometry (150x200, uint8,
NHWC); everything after that (resize to the network's resolution, normalisation) is inside the
graph. This module holds the only step outside it: bringing an arbitrary upload to 200x150. The
C# pipeline (src/SkinLesion.Inference) implements the same rule; docs/model-contract.md states it.

Large JPEGs are decoded at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling, Pillow's draft mode), as the
service decodes them with libjpeg-turbo: docs/decisions/0013-reduced-jpeg-decoding.md.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps

HEIGHT = 150
WIDTH = 200
REDUCED_SCALES = (8, 4, 2)


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
    """Asks libjpeg to decode a not yet loaded colour or greyscale JPEG at reduced scale; returns the reduction.

    CMYK JPEGs are decoded in full, as the service leaves them to ImageSharp. On an image whose pixels are
    already loaded this does nothing (Pillow's draft mode only acts before decoding) and returns 1.
    """
    # Pillow names a JPEG that carries multi-picture data (many cameras and phones write it) MPO; its first picture is the
    # JPEG the service decodes.
    if image.format not in ("JPEG", "MPO") or image.mode not in ("RGB", "L"):
        return 1
    width, height = image.size
    denominator = jpeg_scale_denominator(width, height)
    # Requesting (width // d, height // d) makes Pillow pick exactly d: width // (width // d) == d whenever
    # width // d >= d, which the rule guarantees (at least 300 >= 8).
    if denominator == 1 or image.draft(image.mode, (width // denominator, height // denominator)) is None:
        return 1
    return denominator


def to_model_geometry(image: Image.Image) -> np.ndarray:
    """Reduced JPEG decoding, EXIF-orient, RGB (alpha on white), portrait->landscape, centre-crop 4:3, bicubic 200x150."""
    reduce_jpeg_decoding(image)
    image = ImageOps.exif_transpose(image)
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
    return np.asarray(image, dtype=np.uint8)
