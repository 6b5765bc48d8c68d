"""More renderings of the stress set: capture processing, exposure, sensor noise, things laid on the skin, colour space.

Part of the stress set of ``stress.py`` (evidence, never a training or tuning input); ``stress.py`` imports this module
after its own eleven have registered (``rendering`` fills ``RENDERINGS`` and ``BY_NAME``), so these follow them in
``RENDERINGS`` and in ``training/stress.py list``.
Like those, they are written from scratch and share no code with ``training/acquisition.py`` or
``training/skinlesion/acquisition_augment.py`` (the training-time augmentations). Every function takes the upscaled
uint8 RGB array [600, 800, 3] and the image's numpy Generator (``image_rng(image_id, name)``) and returns uint8 RGB
of the same size (``display-p3``: the JPEG file, its profile embedded); the strengths are the module-level constants below, fixed by what equipment does.
"""
from __future__ import annotations

import io
import math
from typing import List, NamedTuple, Tuple

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Only the published colorants and the profile writer: the pixels are converted by Little CMS, not by the code the
# rendering measures (colour.py's conversion to sRGB).
from .colour import DISPLAY_P3, matrix_profile
from .stress import FILE_QUALITY, _blend, _reduce, _resize, _to_linear, _to_srgb, rendering


# ---------------------------------------------------------------------------------------------
# Capture processing and exposure


SHARPEN_RADIUS = 4  # px at 800x600 (1 px at the model's 200x150)
SHARPEN_PERCENT = 150
SHARPEN_THRESHOLD = 0


@rendering("sharpen", "capture sharpening (unsharp mask radius 4 px at 800x600, 150%)")
def sharpen(image: np.ndarray, rng: np.random.Generator, radius: float = SHARPEN_RADIUS,
            percent: int = SHARPEN_PERCENT, threshold: int = SHARPEN_THRESHOLD) -> np.ndarray:
    """Sharpening of the stored frame by the camera or the capture software.

    Imitates: cameras and capture programs that sharpen every picture before storing it (edges get a dark and a
    light halo, fine texture gains contrast). Pillow's ``ImageFilter.UnsharpMask(radius=4, percent=150,
    threshold=0)`` on the 800x600 frame: the image plus 1.5 x its difference from a Gaussian blur of radius 4 px
    (1 px at the model's 200x150), every pixel (threshold 0).
    """
    return np.asarray(Image.fromarray(image).filter(
        ImageFilter.UnsharpMask(radius=radius, percent=percent, threshold=threshold)), dtype=np.uint8)


ZOOM_IN_FRACTION = 0.6  # of each side kept: 480x360 of 800x600, 1/0.6 = 1.67x magnification


@rendering("zoom-in", "lesion larger in the frame (central 60% of each side, 1.67x)")
def zoom_in(image: np.ndarray, rng: np.random.Generator, fraction: float = ZOOM_IN_FRACTION) -> np.ndarray:
    """The lesion larger in the frame: a higher magnification or a closer working distance.

    Imitates: a dermatoscope or lens with a higher magnification, or a non-contact one held closer, so the same
    lesion fills more of the picture and its border may leave the field. The central ``fraction`` (0.6) of each
    side (480x360 of 800x600, around the centre) is cropped and resampled bicubically back to 800x600: a 1.67x
    magnification, every length x1/0.6 and every area x2.78.
    """
    h, w = image.shape[:2]
    cw, ch = round(w * fraction), round(h * fraction)
    left, top = (w - cw) // 2, (h - ch) // 2
    return _resize(image[top:top + ch, left:left + cw], (w, h))


UNDEREXPOSURE_GAIN = 0.5  # linear light: one stop darker
OVEREXPOSURE_GAIN = 1.7  # linear light: about three-quarters of a stop brighter (2^0.77)


@rendering("underexposure", "one stop underexposed (linear light x0.5)")
def underexposure(image: np.ndarray, rng: np.random.Generator, gain: float = UNDEREXPOSURE_GAIN) -> np.ndarray:
    """An exposure one stop darker.

    Imitates: auto-exposure fooled by a bright field (a white contact plate, a reflective scale), a weaker or
    ageing light source, a shorter exposure. The sRGB image is decoded to linear light (IEC 61966-2-1), multiplied
    by ``gain`` (0.5, one stop) and encoded back to sRGB.
    """
    return _to_srgb(_to_linear(image) * gain)


@rendering("overexposure", "three-quarters of a stop overexposed (linear light x1.7, clipped at white)")
def overexposure(image: np.ndarray, rng: np.random.Generator, gain: float = OVEREXPOSURE_GAIN) -> np.ndarray:
    """An exposure three-quarters of a stop brighter, the highlights burnt out.

    Imitates: auto-exposure fooled by a dark lesion filling the field, a stronger light, a longer exposure. The
    sRGB image is decoded to linear light, multiplied by ``gain`` (1.7, 0.77 of a stop) and encoded back to sRGB;
    linear values above 1 are clipped at white (255), so light skin loses its texture.
    """
    return _to_srgb(_to_linear(image) * gain)


NOISE_LUMA = 10.0  # grey levels, standard deviation of the part shared by the three channels
NOISE_CHROMA = 6.0  # grey levels, standard deviation of the part drawn per channel


@rendering("sensor-noise", "high-ISO sensor noise (luminance sigma 10, chroma sigma 6 grey levels)")
def sensor_noise(image: np.ndarray, rng: np.random.Generator, luma: float = NOISE_LUMA,
                 chroma: float = NOISE_CHROMA) -> np.ndarray:
    """Sensor noise of a small sensor at a high ISO.

    Imitates: phone-sized sensors and cheap dermatoscope cameras pushing the gain in dim light. Additive zero-mean
    Gaussian noise in sRGB at 800x600: a luminance part with standard deviation ``luma`` (10 grey levels), the same
    value added to all three channels of a pixel, plus a chroma part with standard deviation ``chroma`` (6 levels)
    drawn per channel (each channel's total standard deviation sqrt(10^2 + 6^2) = 11.7); rounded and clipped to
    [0, 255].
    """
    h, w = image.shape[:2]
    noise = rng.normal(0.0, luma, size=(h, w, 1)) + rng.normal(0.0, chroma, size=(h, w, 3))
    return np.clip(np.round(image.astype(np.float64) + noise), 0, 255).astype(np.uint8)


# ---------------------------------------------------------------------------------------------
# Things laid or drawn on the skin


RULER_COLOUR = (235, 235, 225)
RULER_OPACITY = 0.92
RULER_THICKNESS = 80  # px at 800x600
RULER_PITCH = 20  # px between ticks: a millimetre
RULER_TICKS = (12, 20, 30)  # px, length of a millimetre tick, of every 5th and of every 10th
RULER_TICK_WIDTH = 2  # px
RULER_DIGIT_SCALE = 3  # the default bitmap font (about 11 px high) enlarged 3x at the 2x drawing: 16 px at 800x600
RULER_MAX_ANGLE = 8.0  # degrees
RULER_MAX_OVERLAP = 25.0  # px of the band beyond the frame's edge
RULER_EDGES = ("top", "bottom", "left", "right")
# Per edge: the ruler's direction along the edge and its inward normal (a rotation, so the digits are never mirrored)
# and the edge's midpoint as fractions of (width, height).
_EDGE_FRAMES = {"top": ((1, 0), (0, 1), (0.5, 0.0)), "bottom": ((-1, 0), (0, -1), (0.5, 1.0)),
                "left": ((0, -1), (1, 0), (0.0, 0.5)), "right": ((0, 1), (-1, 0), (1.0, 0.5))}


def _ruler_strip(length: int, thickness: int, s: int) -> Tuple[Image.Image, Image.Image]:
    """The ruler laid out straight at scale ``s``: (body coverage, ink coverage) as "L" images; ticks on the inner
    long side (the bottom of the strip), millimetre ticks from x = 0, the centimetre numbers above them."""
    body = Image.new("L", (length * s, thickness * s), 255)
    ink = Image.new("L", body.size, 0)
    draw = ImageDraw.Draw(ink)
    # Pillow 10.1 and later give a scalable font from load_default(); the bitmap one keeps the files byte-identical.
    font = ImageFont.load_default_imagefont() if hasattr(ImageFont, "load_default_imagefont") else ImageFont.load_default()
    for i in range(length // RULER_PITCH + 1):
        x = i * RULER_PITCH * s
        tick = RULER_TICKS[2 if i % 10 == 0 else 1 if i % 5 == 0 else 0] * s
        half = RULER_TICK_WIDTH * s / 2
        draw.rectangle([round(x - half), thickness * s - tick, round(x + half) - 1, thickness * s - 1], fill=255)
        if i % 10 == 0 and i > 0:
            text = str(i // 10)
            left, top, right, bottom = font.getbbox(text)
            glyph = Image.new("L", (right - left, bottom - top), 0)
            ImageDraw.Draw(glyph).text((-left, -top), text, fill=255, font=font)
            glyph = glyph.resize((glyph.width * RULER_DIGIT_SCALE, glyph.height * RULER_DIGIT_SCALE), Image.NEAREST)
            y = thickness * s - tick - 4 * s - glyph.height
            ink.paste(255, (round(x - glyph.width / 2), y), glyph)
    return body, ink


@rendering("ruler", "millimetre ruler laid at one edge (80 px band, tilted up to 8 degrees)")
def ruler(image: np.ndarray, rng: np.random.Generator, thickness: int = RULER_THICKNESS,
          opacity: float = RULER_OPACITY, edge: str | None = None, angle: float | None = None,
          overlap: float | None = None) -> np.ndarray:
    """A millimetre ruler laid on the skin at one edge of the field, as clinics photograph lesions for scale.

    Imitates: a paper or plastic scale placed beside the lesion and partly cut off by the frame. A light band
    (RGB 235, 235, 225, opacity ``opacity``, 0.92) ``thickness`` px wide (80 at 800x600) along one edge, with black
    ticks 2 px wide every 20 px (a millimetre) on its inner side: 12 px long, every 5th 20 px, every 10th 30 px
    and numbered in centimetres (Pillow's default bitmap font, enlarged 1.5x). Per image: the edge (top, bottom,
    left or right, uniform; along the left and right edges the ruler is turned 90 degrees), a tilt uniform in
    +-8 degrees about the edge's midpoint, and an overlap uniform in 0-25 px by which the band's outer side lies
    beyond the frame's edge (cut off); ``edge``, ``angle`` and ``overlap`` fix them. Drawn at 2x, mapped onto the
    frame with one bicubic affine transform and averaged down (BOX): anti-aliased. Pixels the ruler does not
    touch are unchanged.
    """
    h, w = image.shape[:2]
    edge = RULER_EDGES[int(rng.integers(len(RULER_EDGES)))] if edge is None else edge
    theta = math.radians(rng.uniform(-RULER_MAX_ANGLE, RULER_MAX_ANGLE) if angle is None else angle)
    overlap = rng.uniform(0.0, RULER_MAX_OVERLAP) if overlap is None else overlap
    (tx, ty), (nx, ny), (mx, my) = _EDGE_FRAMES[edge]
    c, s_ = math.cos(theta), math.sin(theta)
    t = (tx * c - ty * s_, tx * s_ + ty * c)  # along the ruler, tilted
    n = (nx * c - ny * s_, nx * s_ + ny * c)  # inward across it
    centre = (mx * w + (nx * (thickness / 2 - overlap)), my * h + (ny * (thickness / 2 - overlap)))
    length = int(math.ceil(math.hypot(w, h) / RULER_PITCH)) * RULER_PITCH + 2 * thickness
    s = 2
    body, ink = _ruler_strip(length, thickness, s)
    # Frame pixel p (at 2x) -> strip coordinates: u = (p - 2 centre) . t + length s / 2, v = (p - 2 centre) . n + thickness s / 2
    cx, cy = s * centre[0], s * centre[1]
    data = (t[0], t[1], length * s / 2 - (cx * t[0] + cy * t[1]), n[0], n[1], thickness * s / 2 - (cx * n[0] + cy * n[1]))
    size = (w * s, h * s)
    cover = _reduce(body.transform(size, Image.AFFINE, data, resample=Image.BICUBIC, fillcolor=0), (w, h))
    marks = _reduce(ink.transform(size, Image.AFFINE, data, resample=Image.BICUBIC, fillcolor=0), (w, h))
    marks = np.minimum(marks, cover)
    colour = np.asarray(RULER_COLOUR, dtype=np.float64) * (1 - marks / np.maximum(cover, 1e-9))[..., None]
    return _blend(image, colour, opacity * cover)


INK_COLOUR = (95, 45, 150)  # surgical skin marker (gentian violet)
INK_OPACITY = 0.8
INK_WIDTH = 7  # px at 800x600
INK_MAX_OFFSET = 20  # px, of the ellipse's centre from the frame's centre, each axis
INK_SEMI_AXES = ((0.30, 0.42), (0.32, 0.45))  # ranges of the semi-axes, of the width and of the height


@rendering("ink-marking", "surgical marker ellipse drawn around the lesion (purple, 7 px)")
def ink_marking(image: np.ndarray, rng: np.random.Generator, width: float = INK_WIDTH, opacity: float = INK_OPACITY,
                centre: Tuple[float, float] | None = None, axes: Tuple[float, float] | None = None) -> np.ndarray:
    """A surgical skin marker outline drawn around the lesion before an excision.

    Imitates: the excision margin a surgeon draws with a gentian-violet skin marker before the pre-operative
    dermoscopy is taken. One ellipse outline, axis-aligned, in RGB (95, 45, 150) at opacity ``opacity`` (0.8),
    ``width`` px wide (7 at 800x600), centred on the ellipse of the drawn centre and semi-axes: the centre uniform
    within +-20 px of the frame's centre on each axis, the horizontal semi-axis uniform in 0.30-0.42 of the width
    (240-336 px) and the vertical one in 0.32-0.45 of the height (192-270 px); ``centre`` and ``axes`` (px) fix
    them. Drawn at 2x and averaged down (BOX): anti-aliased. Pixels the line does not touch are unchanged.
    """
    h, w = image.shape[:2]
    if centre is None:
        centre = (w / 2 + rng.uniform(-INK_MAX_OFFSET, INK_MAX_OFFSET), h / 2 + rng.uniform(-INK_MAX_OFFSET, INK_MAX_OFFSET))
    if axes is None:
        axes = (rng.uniform(*INK_SEMI_AXES[0]) * w, rng.uniform(*INK_SEMI_AXES[1]) * h)
    s = 2
    canvas = Image.new("L", (w * s, h * s), 0)
    (cx, cy), (a, b), half = centre, axes, width / 2
    box = [s * (cx - a - half), s * (cy - b - half), s * (cx + a + half), s * (cy + b + half)]
    ImageDraw.Draw(canvas).ellipse(box, outline=255, width=round(width * s))
    return _blend(image, INK_COLOUR, opacity * _reduce(canvas, (w, h)))


BUBBLE_COUNT = (6, 13)  # inclusive
BUBBLE_RADIUS = (6.0, 28.0)  # px at 800x600, horizontal semi-axis
BUBBLE_RATIO = (0.6, 1.0)  # vertical / horizontal semi-axis
BUBBLE_RING = 3.0  # px, width of the bright rim
BUBBLE_LEVEL = 250  # grey level of the rim and the highlight
BUBBLE_HIGHLIGHT = 0.25  # radius of the highlight, of the bubble's semi-axes
BUBBLE_HIGHLIGHT_OFFSET = 0.45  # of the semi-axes, up and to the left of the bubble's centre
BUBBLE_BLUR = 1.5  # px, Gaussian standard deviation at 800x600
BUBBLE_OPACITY = 0.9


class Bubble(NamedTuple):
    x: float
    y: float
    rx: float
    ry: float
    highlight: bool


def bubble_layout(shape: Tuple[int, int], rng: np.random.Generator) -> List[Bubble]:
    """The bubbles of one image: count, centres (uniform over the frame), semi-axes; every second one highlighted."""
    h, w = shape
    bubbles = []
    for i in range(int(rng.integers(BUBBLE_COUNT[0], BUBBLE_COUNT[1] + 1))):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        rx = rng.uniform(*BUBBLE_RADIUS)
        bubbles.append(Bubble(x, y, rx, rx * rng.uniform(*BUBBLE_RATIO), i % 2 == 1))
    return bubbles


def bubble_mask(shape: Tuple[int, int], bubbles: List[Bubble]) -> np.ndarray:
    """Coverage in [0, 1] of the bubbles' rims and highlights: drawn at 2x, blurred, averaged down (BOX)."""
    h, w = shape
    s = 2
    canvas = Image.new("L", (w * s, h * s), 0)
    draw = ImageDraw.Draw(canvas)
    half = BUBBLE_RING / 2
    for b in bubbles:
        draw.ellipse([s * (b.x - b.rx - half), s * (b.y - b.ry - half), s * (b.x + b.rx + half), s * (b.y + b.ry + half)],
                     outline=255, width=round(BUBBLE_RING * s))
        if b.highlight:
            hx, hy = b.x - BUBBLE_HIGHLIGHT_OFFSET * b.rx, b.y - BUBBLE_HIGHLIGHT_OFFSET * b.ry
            rx, ry = BUBBLE_HIGHLIGHT * b.rx, BUBBLE_HIGHLIGHT * b.ry
            draw.ellipse([s * (hx - rx), s * (hy - ry), s * (hx + rx), s * (hy + ry)], fill=255)
    canvas = canvas.filter(ImageFilter.GaussianBlur(BUBBLE_BLUR * s))
    return _reduce(canvas, (w, h))


@rendering("bubbles", "air bubbles in the immersion fluid (6-13 bright rims)")
def bubbles(image: np.ndarray, rng: np.random.Generator, opacity: float = BUBBLE_OPACITY) -> np.ndarray:
    """Air bubbles trapped in the immersion fluid or gel under a contact dermatoscope's plate.

    Imitates: bubbles in the oil, alcohol or gel between skin and plate, whose rims reflect the light as bright
    rings. 6-13 bubbles per image (uniform) at centres uniform over the frame, horizontal semi-axis uniform in
    6-28 px at 800x600, vertical semi-axis 0.6-1.0 of it (slightly elliptical); each a bright rim (grey 250)
    3 px wide centred on that ellipse, and every second bubble (half of them, rounded down) with a filled
    highlight of 0.25 of its semi-axes centred 0.45 of them up and to the left of its centre (its upper-left
    quarter). Drawn at 2x, softened by a Gaussian blur of standard deviation 1.5 px (at 800x600), averaged down
    (BOX) and laid over the image at opacity ``opacity`` (0.9). Pixels no bubble touches are unchanged.
    """
    h, w = image.shape[:2]
    coverage = bubble_mask((h, w), bubble_layout((h, w), rng))
    return _blend(image, (BUBBLE_LEVEL,) * 3, opacity * coverage)


# ---------------------------------------------------------------------------------------------
# Colour space


@rendering("display-p3", "a phone's Display P3 JPEG (colours re-encoded by Little CMS, profile embedded)")
def display_p3(image: np.ndarray, rng: np.random.Generator) -> bytes:
    """The picture as a phone camera behind the dermatoscope stores it: in Display P3, its ICC profile embedded.

    Imitates: phones (and some dermatoscope apps) that write wide-gamut Display P3 JPEGs. The sRGB values are
    converted to Display P3 by Little CMS (Pillow's ImageCms, relative colorimetric: the two spaces share the D65 white
    and the sRGB tone curve, so greys are unchanged and colours become less saturated in P3's numbers) and written as
    JPEG quality 95, 4:4:4, with a Display P3 matrix/TRC profile (D50-adapted colorants, parametric sRGB curve) in APP2.
    A reader that ignores the profile sees paler, shifted colours; one that honours it sees the original.
    """
    from PIL import ImageCms  # Debian's python3-pil; only this rendering needs Little CMS

    profile = matrix_profile(*DISPLAY_P3, description="Display P3")
    transform = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                        "RGB", "RGB", renderingIntent=1)
    p3 = ImageCms.applyTransform(Image.fromarray(image), transform)
    buf = io.BytesIO()
    p3.save(buf, "JPEG", quality=FILE_QUALITY, subsampling=0, icc_profile=profile)
    return buf.getvalue()
