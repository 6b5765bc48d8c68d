"""A stress set for acquisition changes: HAM10000 test lesions as other clinics' equipment shows them.

A hospital running the service is "another clinic": another dermatoscope, camera, capture software and
lighting. This module re-renders HAM10000 *test* images through fixed, documented acquisition changes so
that the served model (through the C# ``evaluate`` command) can be measured on each change separately.
The set is evidence, never a training or tuning input: nothing here may feed training, model selection,
thresholds or the out-of-distribution fit.

Independence: the renderings are written here from scratch and share no code with
``training/acquisition.py`` (the training-time nuisances used to fit the out-of-distribution check);
a model made robust with those augmentations is measured here on renderings it has not seen.

Selection (``select``): every malignant (mel, bcc, akiec) image of the test split of the committed split
file plus a fixed-seed sample of ``BENIGN_SAMPLE`` benign ones (``random.Random(BENIGN_SEED)`` over the
sorted benign ids). Every image is decoded by the shared geometry rule (200x150), upscaled bicubically to
``UPSCALED`` (800x600; clinics send larger images than HAM10000's), and then rendered through each entry
of ``RENDERINGS``. Every random choice comes from ``image_rng(image_id, rendering)``, seeded from the image
id and the rendering's name, so a rendering of an image does not depend on the order, the other images,
the other renderings or the number of worker processes.

Every rendering function takes the upscaled uint8 RGB array [600, 800, 3] and a numpy Generator and
returns a uint8 RGB array, except ``jpeg_q40``, which returns the encoded file. Arrays are written as
JPEG quality 95 without chroma subsampling (``FILE_QUALITY``), as a clinic's capture software stores them.
"""
from __future__ import annotations

import io
import math
import zlib
from dataclasses import dataclass
from typing import Callable, Dict, List, Sequence, Tuple, Union

import numpy as np
from PIL import Image, ImageDraw


UPSCALED = (800, 600)  # width, height of every source image before rendering
BENIGN_SAMPLE = 300
BENIGN_SEED = 20261201
SEED = 0  # base of every per-image random stream
FILE_QUALITY = 95  # JPEG quality of the written files (4:4:4), except jpeg-q40

Rendered = Union[np.ndarray, bytes]


@dataclass(frozen=True)
class Rendering:
    name: str
    function: Callable[[np.ndarray, np.random.Generator], "Rendered"]
    title: str


RENDERINGS: List[Rendering] = []  # in the order the renderings are defined below, then those of stress_capture.py
BY_NAME: Dict[str, Rendering] = {}


def rendering(name: str, title: str):
    """Registers the decorated function as the rendering `name`."""
    def register(function):
        RENDERINGS.append(Rendering(name, function, title))
        BY_NAME[name] = RENDERINGS[-1]
        return function
    return register




# ---------------------------------------------------------------------------------------------
# Helpers: colour space, per-image randomness, encoding


def _to_linear(rgb: np.ndarray) -> np.ndarray:
    """uint8 sRGB -> linear light in [0, 1] (IEC 61966-2-1)."""
    x = rgb.astype(np.float64) / 255.0
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)


def _to_srgb(linear: np.ndarray) -> np.ndarray:
    """Linear light (clipped to [0, 1]) -> uint8 sRGB."""
    x = np.clip(linear, 0.0, 1.0)
    s = np.where(x <= 0.0031308, 12.92 * x, 1.055 * x ** (1 / 2.4) - 0.055)
    return np.clip(np.round(s * 255.0), 0, 255).astype(np.uint8)


def _resize(image: np.ndarray, size: Tuple[int, int]) -> np.ndarray:
    """Bicubic resize of a uint8 RGB array to (width, height); Pillow antialiases when shrinking."""
    return np.asarray(Image.fromarray(image).resize(size, Image.BICUBIC), dtype=np.uint8)


def encode_jpeg(image: np.ndarray, quality: int = FILE_QUALITY, subsampling: int = 0) -> bytes:
    """JPEG bytes; subsampling 0 is 4:4:4, 2 is 4:2:0 (Pillow's codes)."""
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "JPEG", quality=quality, subsampling=subsampling)
    return buf.getvalue()


def _blend(image: np.ndarray, colour, alpha: np.ndarray) -> np.ndarray:
    """image x (1 - alpha) + colour x alpha, alpha [h, w] in [0, 1], colour RGB or per pixel; rounded to uint8."""
    a = alpha[..., None]
    out = image.astype(np.float64) * (1 - a) + np.asarray(colour, dtype=np.float64) * a
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def _reduce(canvas: Image.Image, size: Tuple[int, int]) -> np.ndarray:
    """A coverage canvas drawn at 2x, averaged down (BOX) to ``size``: values in [0, 1]."""
    return np.asarray(canvas.resize(size, Image.BOX), dtype=np.float64) / 255.0


def image_rng(image_id: str, rendering: str, seed: int = SEED) -> np.random.Generator:
    """The random stream of one rendering of one image: seeded from the image id and the rendering's name."""
    return np.random.default_rng([seed, zlib.crc32(image_id.encode()), zlib.crc32(rendering.encode())])


def upscale(source: np.ndarray) -> np.ndarray:
    """The source image (HAM10000: 200x150) upscaled bicubically to UPSCALED (800x600)."""
    return _resize(source, UPSCALED)


# ---------------------------------------------------------------------------------------------
# The renderings, one function each


@rendering("plain", "plain (upscaled to 800x600 only, the reference)")
def plain(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The reference: the upscaled image unchanged (only the JPEG quality-95 file it is written as)."""
    return image.copy()


BORDER_FRACTION = 0.06


@rendering("black-border", "black frame of 6% on each side, as capture software adds")
def black_border(image: np.ndarray, rng: np.random.Generator, fraction: float = BORDER_FRACTION) -> np.ndarray:
    """Capture software that puts the camera picture into a black frame (a canvas with margins).

    Imitates: acquisition programs (and PACS exports) that letterbox the sensor image into a fixed canvas.
    The whole image is shrunk (bicubic, aspect kept) into the middle of the canvas and a pure-black
    (0, 0, 0) frame of ``fraction`` of the width on the left and right and of the height on top and bottom
    surrounds it: at 800x600 and 6%, 48 px left/right and 36 px top/bottom, picture 704x528.
    """
    h, w = image.shape[:2]
    bx, by = round(w * fraction), round(h * fraction)
    out = np.zeros_like(image)
    out[by:h - by, bx:w - bx] = _resize(image, (w - 2 * bx, h - 2 * by))
    return out


FIELD_RADIUS = 0.5  # of the frame's height
FIELD_EDGE = 0.02  # width of the soft edge, of the frame's height
FIELD_VIGNETTE = 0.25  # light lost at the rim, inside the circle


@rendering("circular-field", "circular field of a contact dermatoscope, black outside")
def circular_field(image: np.ndarray, rng: np.random.Generator, radius: float = FIELD_RADIUS,
                   edge: float = FIELD_EDGE, vignette: float = FIELD_VIGNETTE) -> np.ndarray:
    """The round field of view of a contact dermatoscope: black outside a centred circle.

    Imitates: a contact dermatoscope mounted on a camera whose sensor sees the round lens field and the
    black housing around it. The circle is centred with radius ``radius`` x height (0.5: 300 px at
    800x600, touching the top and bottom; the corners and the left and right sides are black). Inside,
    light falls off towards the rim (linear-light gain 1 - ``vignette`` x (r/R)^4, 0.75 at the rim), and
    the last ``edge`` x height (12 px) ramps linearly to black. Outside the circle every pixel is 0.
    """
    h, w = image.shape[:2]
    r_max = radius * h
    ramp = max(edge * h, 1e-6)
    y, x = np.mgrid[0:h, 0:w]
    r = np.hypot(x + 0.5 - w / 2, y + 0.5 - h / 2)
    gain = (1.0 - vignette * np.clip(r / r_max, 0, 1) ** 4) * np.clip((r_max - r) / ramp, 0.0, 1.0)
    out = _to_srgb(_to_linear(image) * gain[..., None])
    out[r >= r_max] = 0
    return out


GRID_PITCH = 40  # px between lines at 800x600: 1 mm when the field is 20 mm wide
GRID_WIDTH = 3  # px, thin lines
GRID_MAJOR_EVERY = 5  # every 5th line (5 mm) is a major line
GRID_MAJOR_WIDTH = 5  # px
GRID_OPACITY = 0.85
GRID_MAX_ANGLE = 5.0  # degrees


@rendering("grid", "measuring grid printed on the contact plate (1 mm pitch)")
def grid(image: np.ndarray, rng: np.random.Generator, pitch: float = GRID_PITCH, width: float = GRID_WIDTH,
         major_every: int = GRID_MAJOR_EVERY, major_width: float = GRID_MAJOR_WIDTH, opacity: float = GRID_OPACITY,
         max_angle: float = GRID_MAX_ANGLE, angle: float | None = None, phase: Tuple[float, float] | None = None
         ) -> np.ndarray:
    """A measuring grid printed on the dermatoscope's contact plate.

    Imitates: contact plates (and some attachments) with a printed millimetre grid or scale that lies over
    the whole picture. Black lines (opacity ``opacity``, 0.85) every ``pitch`` px in both directions (40 px:
    a millimetre when the field is 20 mm wide), ``width`` px thick (3), every ``major_every``-th line
    (5 mm) ``major_width`` px thick (5), anti-aliased. The plate sits at a random small angle (uniform in
    +-``max_angle`` degrees, 5) and a random offset (uniform in one pitch, each axis) per image; ``angle``
    and ``phase`` fix them.
    """
    h, w = image.shape[:2]
    theta = math.radians(rng.uniform(-max_angle, max_angle) if angle is None else angle)
    ph = (rng.uniform(0, pitch), rng.uniform(0, pitch)) if phase is None else phase
    y, x = np.mgrid[0:h, 0:w].astype(np.float64) + 0.5
    u = x * math.cos(theta) + y * math.sin(theta) - ph[0]
    v = -x * math.sin(theta) + y * math.cos(theta) - ph[1]
    coverage = np.zeros((h, w))
    for t in (u, v):
        k = np.round(t / pitch)
        distance = np.abs(t - k * pitch)  # to the nearest line's centre
        half = np.where(np.mod(k, major_every) == 0, major_width, width) / 2.0
        coverage = np.maximum(coverage, np.clip(half + 0.5 - distance, 0.0, 1.0))
    alpha = (opacity * coverage)[..., None]
    return np.clip(np.round(image.astype(np.float64) * (1 - alpha)), 0, 255).astype(np.uint8)


ZOOM_SCALE = 0.55  # of each side: the source field covers 0.55^2 = 30% of the frame
ZOOM_FEATHER = 32  # px over which the field's edge fades into the synthesised skin
ZOOM_LATTICES = ((80, 1.0), (20, 0.5))  # px between the random values of the skin's blotches, and their weights
ZOOM_BLOTCH_MAX = 6.0  # grey levels, most standard deviation of the blotches
ZOOM_GRAIN = 2.5  # grey levels, standard deviation of the fine grain


@rendering("zoom-out", "lesion smaller in the frame (field at 30% of the area, synthesised skin around)")
def zoom_out(image: np.ndarray, rng: np.random.Generator, scale: float = ZOOM_SCALE,
             feather: int = ZOOM_FEATHER) -> np.ndarray:
    """The lesion smaller in the frame: a wider field of view or a camera held further away.

    Imitates: a dermatoscope with a wider field, or a non-contact one held at a larger distance, so the
    same lesion takes a smaller part of the picture. The whole upscaled field is shrunk (bicubic) to
    ``scale`` of each side (0.55: 440x330 of 800x600, 30% of the frame's area, so every lesion covers 30%
    of the area it had; HAM10000 test lesions cover a median 23% of their frame, here about 7%) and
    placed in the middle. Around it, skin is synthesised rather than reflected (reflection would mirror
    lesions that touch the edge): the per-channel median colour of the field's brighter half (by
    luminance: the skin around a lesion is lighter than the lesion and the dark corners of many HAM10000
    fields), modulated in brightness by smooth blotches (Gaussian values on 80-px and 20-px lattices,
    weights 1 and 0.5, bicubically interpolated, standard deviation half that of those skin pixels, at
    most 6 grey levels) plus fine per-channel grain (standard deviation 2.5 levels). The field's outer
    ``feather`` px (32) fade linearly into the synthesised skin.
    """
    h, w = image.shape[:2]
    fw, fh = round(w * scale), round(h * scale)
    field = _resize(image, (fw, fh)).astype(np.float64)
    pixels = field.reshape(-1, 3)
    luminance = pixels @ np.array([0.2126, 0.7152, 0.0722])
    skin_pixels = pixels[luminance >= np.median(luminance)]
    colour = np.median(skin_pixels, axis=0)
    spread = min(0.5 * float(skin_pixels.std(axis=0).mean()), ZOOM_BLOTCH_MAX)
    blotches = np.zeros((h, w))
    for step, weight in ZOOM_LATTICES:
        lattice = rng.normal(0.0, 1.0, size=(h // step + 2, w // step + 2)).astype(np.float32)
        blotches += weight * np.asarray(Image.fromarray(lattice, "F").resize((w, h), Image.BICUBIC), dtype=np.float64)
    blotches /= max(float(blotches.std()), 1e-6)
    relative = colour / max(float(colour.mean()), 1e-6)  # brighter and darker skin, same hue
    skin = colour + (blotches * spread)[..., None] * relative + rng.normal(0.0, ZOOM_GRAIN, size=(h, w, 3))

    y0, x0 = (h - fh) // 2, (w - fw) // 2
    yy, xx = np.mgrid[0:fh, 0:fw]
    inset = np.minimum.reduce([xx + 1, yy + 1, fw - xx, fh - yy]).astype(np.float64)
    weight = np.clip(inset / max(feather, 1), 0.0, 1.0)[..., None]
    out = skin
    out[y0:y0 + fh, x0:x0 + fw] = weight * field + (1 - weight) * skin[y0:y0 + fh, x0:x0 + fw]
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


WARM_GAINS = (1.25, 1.0, 0.80)
COOL_GAINS = (0.85, 1.0, 1.20)


def white_balance(image: np.ndarray, gains: Sequence[float]) -> np.ndarray:
    """Per-channel gains in linear light (a von Kries white-balance change), clipped at white."""
    return _to_srgb(_to_linear(image) * np.asarray(gains, dtype=np.float64))


@rendering("warm-white-balance", "warmer white balance (linear R x1.25, B x0.80)")
def warm_white_balance(image: np.ndarray, rng: np.random.Generator, gains: Sequence[float] = WARM_GAINS) -> np.ndarray:
    """A warmer colour temperature: a camera white-balanced for daylight under warmer (halogen-like) light.

    Imitates: a dermatoscope with a warmer light source (halogen, warm LEDs) or a camera whose white
    balance is fixed for about 6500 K under about 5000 K light. Linear-light gains R x1.25, G x1.00,
    B x0.80 (R/B ratio x1.56).
    """
    return white_balance(image, gains)


@rendering("cool-white-balance", "cooler white balance (linear R x0.85, B x1.20)")
def cool_white_balance(image: np.ndarray, rng: np.random.Generator, gains: Sequence[float] = COOL_GAINS) -> np.ndarray:
    """A cooler colour temperature: cold-white LEDs or a camera white-balanced for warmer light.

    Imitates: a dermatoscope with cold-white LEDs (about 8000 K) under a camera balanced for about
    6500 K. Linear-light gains R x0.85, G x1.00, B x1.20 (R/B ratio x0.71).
    """
    return white_balance(image, gains)


FALLOFF_FLOOR = 0.45  # linear-light gain at the point furthest from the brightest spot
FALLOFF_OFFSET = 0.35  # of the half-width/half-height: how far the brightest spot lies from the centre


@rendering("illumination-falloff", "uneven lighting: bright spot off-centre, 45% at the far corner")
def illumination_falloff(image: np.ndarray, rng: np.random.Generator, floor: float = FALLOFF_FLOOR,
                         offset: float = FALLOFF_OFFSET, direction: float | None = None) -> np.ndarray:
    """Uneven lighting: a bright spot off-centre and light falling off towards the far side.

    Imitates: a dermatoscope whose LEDs light one side more (a failed or dimmed LED segment, a tilted
    non-contact scope) and lenses that lose light at the edge. In linear light the image is multiplied by
    1 - (1 - ``floor``) x (d / d_max)^2, where d is the distance to the brightest spot and d_max the
    distance from it to the furthest corner: 1.0 at the spot, ``floor`` (0.45) at that corner. The spot
    lies ``offset`` (0.35) of the half-width and half-height from the centre, in a random direction per
    image (``direction`` in radians fixes it).
    """
    h, w = image.shape[:2]
    phi = rng.uniform(0, 2 * math.pi) if direction is None else direction
    px, py = w / 2 + offset * w / 2 * math.cos(phi), h / 2 + offset * h / 2 * math.sin(phi)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64) + 0.5
    d = np.hypot(x - px, y - py)
    d_max = max(math.hypot(cx - px, cy - py) for cx in (0, w) for cy in (0, h))
    gain = 1.0 - (1.0 - floor) * (d / d_max) ** 2
    return _to_srgb(_to_linear(image) * gain[..., None])


BLUR_RADIUS = 8.0  # px at 800x600, 2 px at the model's 200x150


def disc_kernel(radius: float) -> np.ndarray:
    """A normalised pillbox (the defocus point-spread function), anti-aliased at its edge."""
    n = int(math.ceil(radius))
    y, x = np.mgrid[-n:n + 1, -n:n + 1]
    k = np.clip(radius + 0.5 - np.hypot(x, y), 0.0, 1.0)
    return k / k.sum()


@rendering("blur", "defocus blur (pillbox radius 8 px at 800x600)")
def blur(image: np.ndarray, rng: np.random.Generator, radius: float = BLUR_RADIUS) -> np.ndarray:
    """Defocus: the lesion out of the camera's focal plane.

    Imitates: a camera that focused on the contact plate or the hair instead of the skin, or a
    non-contact dermatoscope slightly out of focus. Convolution with a pillbox of radius ``radius`` px
    (8 at 800x600, 2 at the model's 200x150), the point-spread function of a defocused lens, edges
    reflected.
    """
    kernel = disc_kernel(radius)
    n = kernel.shape[0] // 2
    h, w = image.shape[:2]
    padded = np.pad(image.astype(np.float64), ((n, n), (n, n), (0, 0)), mode="reflect")
    ph, pw = padded.shape[:2]
    k = np.zeros((ph, pw))
    k[:2 * n + 1, :2 * n + 1] = kernel
    spectrum = np.fft.rfft2(k)
    out = np.empty((h, w, 3))
    for c in range(3):
        full = np.fft.irfft2(np.fft.rfft2(padded[..., c]) * spectrum, s=(ph, pw))
        out[..., c] = full[2 * n:2 * n + h, 2 * n:2 * n + w]  # circular convolution: valid part starts at 2n
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


JPEG_QUALITY = 40


@rendering("jpeg-q40", "heavy JPEG compression (quality 40, 4:2:0)")
def jpeg_q40(image: np.ndarray, rng: np.random.Generator, quality: int = JPEG_QUALITY) -> bytes:
    """Heavy JPEG compression: the file as a low-quality setting or a bandwidth-saving upload stores it.

    Imitates: capture software or a messaging/PACS gateway that stores JPEG at low quality. The upscaled
    image is encoded by Pillow's libjpeg at quality ``quality`` (40) with 4:2:0 chroma subsampling; the
    returned bytes are the file written (not re-encoded at quality 95).
    """
    return encode_jpeg(image, quality=quality, subsampling=2)


HAIRS = 12
HAIR_WIDTH = (4.0, 7.0)  # px at 800x600 (1-2 px at the model's 200x150)
HAIR_LENGTH = (0.3, 0.7)  # of the frame's width
HAIR_BEND = 0.25  # control point offset, of the hair's length
HAIR_OPACITY = 0.9


def hair_mask(shape: Tuple[int, int], rng: np.random.Generator, count: int = HAIRS) -> np.ndarray:
    """Coverage in [0, 1] of ``count`` curved hairs (quadratic Bezier curves), drawn at 2x and averaged down."""
    h, w = shape
    s = 2
    canvas = Image.new("L", (w * s, h * s), 0)
    draw = ImageDraw.Draw(canvas)
    t = np.linspace(0.0, 1.0, 60)[:, None]
    for _ in range(count):
        length = rng.uniform(*HAIR_LENGTH) * w
        angle = rng.uniform(0, math.pi)
        p0 = np.array([rng.uniform(0, w), rng.uniform(0, h)])
        p2 = p0 + length * np.array([math.cos(angle), math.sin(angle)])
        normal = np.array([-math.sin(angle), math.cos(angle)])
        p1 = (p0 + p2) / 2 + rng.uniform(-HAIR_BEND, HAIR_BEND) * length * normal
        points = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2
        width = rng.uniform(*HAIR_WIDTH)
        draw.line([tuple(p) for p in (points * s)], fill=255, width=max(1, round(width * s)), joint="curve")
    return _reduce(canvas, (w, h))


@rendering("hair", "12 dark hairs over the field")
def hair(image: np.ndarray, rng: np.random.Generator, count: int = HAIRS, opacity: float = HAIR_OPACITY) -> np.ndarray:
    """Dark hairs over the lesion, as a clinic that does not shave or use gel shows them.

    Imitates: terminal hairs in the field (clinics differ in shaving and immersion fluid). ``count`` (12)
    quadratic Bezier curves, each 0.3-0.7 of the frame's width long, bent by up to 0.25 of its length,
    4-7 px wide at 800x600, anti-aliased, with one dark brown-black colour per image (grey level 15-55,
    green x0.85, blue x0.75) at opacity ``opacity`` (0.9). Pixels no hair touches are unchanged.
    """
    h, w = image.shape[:2]
    coverage = hair_mask((h, w), rng, count)
    level = rng.uniform(15, 55)
    return _blend(image, (level, level * 0.85, level * 0.75), opacity * coverage)


ASPECT_SIZE = (1280, 720)


@rendering("aspect-16-9", "16:9 sensor (centre 16:9 crop, 1280x720)")
def aspect_16_9(image: np.ndarray, rng: np.random.Generator, size: Tuple[int, int] = ASPECT_SIZE) -> np.ndarray:
    """A 16:9 camera: the same horizontal field on a wider sensor, stored as a 1280x720 frame.

    Imitates: a video camera or phone adapter with a 16:9 sensor behind the dermatoscope. The 4:3 field is
    cropped to 16:9 around its centre (the top and bottom eighth go: 800x450 of 800x600) and resampled
    bicubically to ``size`` (1280x720). The service's geometry rule then centre-crops that frame to 4:3
    (960x720), so the model sees the middle 75% of the field's width and height, 1.33x larger.
    """
    h, w = image.shape[:2]
    ch = round(w * 9 / 16)
    top = (h - ch) // 2
    return _resize(image[top:top + ch], size)


# Eight more renderings (capture processing, exposure, sensor noise, things on the skin), registered after the above.
from . import stress_capture  # noqa: E402,F401


def render(name: str, image: np.ndarray, image_id: str, seed: int = SEED) -> Rendered:
    """One rendering of one upscaled image, with its per-image random stream."""
    return BY_NAME[name].function(image, image_rng(image_id, name, seed))


def render_file(name: str, image: np.ndarray, image_id: str, seed: int = SEED) -> bytes:
    """The JPEG file of one rendering: quality 95 (4:4:4) unless the rendering produced the file itself."""
    out = render(name, image, image_id, seed)
    return out if isinstance(out, bytes) else encode_jpeg(out)
