"""What every group of negatives shares: the service's limits, the job that renders one image, seeded
choices, encoding, palettes and sizes, and the crop/resize geometry of the file-based groups."""

import io
import math
import os
import zlib

import numpy as np
from PIL import Image

GROUPS = ["solid", "gradient", "noise", "text", "screenshot", "photo", "medical", "wallpaper",
          "unseen-photo", "unseen-medical", "micrograph", "photo-extra", "unseen-object"]
REPORT_ONLY = ["unseen-photo", "unseen-medical", "unseen-object"]  # generated only with --partition report (partition.py)
# Generated only with --partition fit, and why: a drawn stand-in for real micrographs (micrograph.py), and photographs
# of packages the report partition never draws on (photo_extra.py).
FIT_ONLY_WHY = {"micrograph": "drawn, so it is never reported",
                "photo-extra": "more photographs for the head to learn from; the reported ones stay in report"}
FIT_ONLY = list(FIT_ONLY_WHY)


def groups_of(partition):
    """The groups a --partition generates by default (and the only ones it accepts)."""
    return [g for g in GROUPS if (partition == "report" or g not in REPORT_ONLY)
            and (partition == "fit" or g not in FIT_ONLY)]

MIN_SIDE = 64
MAX_SIDE = 4000
MAX_BYTES = 10 * 1024 * 1024
JPEG_QUALITY = 92

DEFAULT_FONTS = "/usr/share/fonts/truetype/dejavu"
DEFAULT_BACKGROUNDS = "/usr/share/backgrounds/gnome"


def default_skimage_data():
    try:
        import skimage
    except ImportError:
        return "/usr/lib/python3/dist-packages/skimage/data"
    return os.path.join(os.path.dirname(skimage.__file__), "data")


class Job:
    """One output image: `make()` returns a PIL image or the raw bytes of a file to copy."""

    def __init__(self, source, ext, make):
        self.source, self.ext, self.make = source, ext, make
        self.image_id = None
        self.probe = False  # True: rendered first, and its failure skips the whole group


def group_rng(seed, group):
    return np.random.default_rng([seed, zlib.crc32(group.encode())])


def save_bytes(image, ext):
    if image.mode not in ("RGB", "L"):
        raise ValueError(f"mode {image.mode} not RGB or L")
    buf = io.BytesIO()
    if ext == "jpg":
        image.save(buf, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(buf, "PNG", compress_level=6)
    return buf.getvalue()


def to_rgb_or_l(image):
    """RGB and L stay; RGBA/LA are flattened on white; palette and 1-bit images are expanded."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if image.mode in ("1", "I;16", "I", "F"):
        return image.convert("L")
    return image.convert("RGB")


def pick(rng, seq):
    return seq[int(rng.integers(len(seq)))]


def ri(rng, lo, hi):
    """An int in [lo, hi)."""
    return int(rng.integers(lo, hi))


SKIN = [(255, 224, 196), (250, 214, 180), (241, 194, 167), (234, 192, 134), (224, 172, 105),
        (210, 161, 140), (198, 134, 66), (176, 120, 90), (161, 102, 64), (141, 85, 36),
        (120, 72, 48), (92, 51, 23), (70, 40, 25)]
BROWN = [(101, 67, 33), (139, 69, 19), (160, 82, 45), (120, 80, 50), (90, 60, 40), (60, 40, 30),
         (150, 110, 80), (181, 101, 29)]
SATURATED = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255), (255, 0, 255),
             (255, 128, 0), (128, 0, 255), (0, 160, 80), (200, 0, 60), (20, 60, 200), (255, 200, 0)]
PASTEL = [(255, 209, 220), (204, 229, 255), (220, 255, 220), (255, 250, 205), (230, 220, 255)]
GREYS = [0, 32, 64, 96, 128, 160, 192, 224, 240, 255]

SIZES = [(200, 150), (150, 200), (320, 240), (640, 480), (480, 640), (800, 600), (600, 800),
         (1024, 768), (768, 1024), (512, 512), (256, 256), (1280, 720), (720, 1280), (1920, 1080),
         (1080, 1920), (64, 64), (96, 64), (64, 96), (300, 225), (450, 600), (1000, 1000),
         (1600, 1200), (2048, 1536), (1200, 100), (100, 800)]
BIG_SIZES = [(3000, 2000), (3840, 2160), (4000, 3000), (2160, 3840)]
NOISE_SIZES = [s for s in SIZES if s[0] * s[1] <= 1280 * 1024]


def rgb_text(c):
    return f"rgb({c[0]},{c[1]},{c[2]})"


def crop_box(rng, w, h, aspect=None):
    """A random crop of 25-75% of the area (at least 64 px a side where the image allows)."""
    aspect = aspect or pick(rng, [1.0, 4 / 3, 3 / 4, 16 / 9, 3 / 2, 2 / 3])
    area = float(rng.uniform(0.25, 0.75)) * w * h
    cw = int(round(min(w, math.sqrt(area * aspect))))
    ch = int(round(min(h, cw / aspect)))
    cw = int(round(min(w, ch * aspect)))
    cw, ch = max(min(MIN_SIDE, w), cw), max(min(MIN_SIDE, h), ch)
    x = int(rng.integers(0, w - cw + 1))
    y = int(rng.integers(0, h - ch + 1))
    return (x, y, x + cw, y + ch)


def fit_side(size, lo=MIN_SIDE, hi=2048):
    w, h = size
    f = max(lo / min(w, h), 1.0) if min(w, h) < lo else 1.0
    f = min(f, hi / max(w, h)) if max(w, h) * f > hi else f
    return (max(lo, int(round(w * f))), max(lo, int(round(h * f))))


def resized(image, size):
    if image.size == size:
        return image
    down = size[0] * size[1] < image.size[0] * image.size[1]
    return image.resize(size, Image.LANCZOS if down else Image.BICUBIC)


def load_normalised(path):
    with Image.open(path) as im:
        im.load()
        return to_rgb_or_l(im)
