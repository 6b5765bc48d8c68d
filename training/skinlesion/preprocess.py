"""The one preprocessing rule shared by training, evaluation and the C# service.

The ONNX model takes the RGB image at the HAM10000 training images' geometry (150x200, uint8,
NHWC); everything after that (resize to the network's resolution, normalisation) is inside the
graph. This module holds the only step outside it: bringing an arbitrary upload to 200x150. The
C# pipeline (src/SkinLesion.Inference) implements the same rule; docs/model-contract.md states it.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps

HEIGHT = 150
WIDTH = 200


def to_model_geometry(image: Image.Image) -> np.ndarray:
    """EXIF-orient, RGB (alpha on white), portrait->landscape, centre-crop 4:3, bicubic 200x150."""
    image = ImageOps.exif_transpose(image)
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
