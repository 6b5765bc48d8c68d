"""Training-time augmentation for how other clinics' equipment renders the same lesion.

Every hospital that installs the service has its own dermatoscope, camera, capture software and
lighting. Each change below imitates one such difference, applied on the GPU to a batch of float
images (N, 3, H, W, 0..255) after the geometric augmentation and before normalisation. Each fires
independently with its own probability, so most batches mix plain and altered images.

These renderings are written independently of training/skinlesion/stress.py (the stress set that
measures the result) so that the evidence is not the training recipe read back.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import torch
import torch.nn.functional as F

from .preprocess import HEIGHT as INPUT_HEIGHT, WIDTH as INPUT_WIDTH


@dataclass(frozen=True)
class AcquisitionConfig:
    """Probability and strength of each acquisition change (all probabilities 0 turns it off)."""

    zoom_out: float = 0.3            # lesion smaller in the frame: content scaled by 0.4..0.9 inside skin
    zoom_out_range: tuple = (0.4, 0.9)
    aspect: float = 0.3              # other sensor aspect ratios resampled to 4:3 (x/y stretch 0.75..1.33)
    aspect_range: tuple = (0.75, 1.33)
    white_balance: float = 0.5       # colour temperature and tint: red/blue gains 1 +- 0.25
    white_balance_strength: float = 0.25
    falloff: float = 0.3             # uneven illumination: up to 60% darker away from a random centre
    falloff_strength: float = 0.6
    border: float = 0.15             # capture-software black frame, 2..12% of each side
    border_range: tuple = (0.02, 0.12)
    circle: float = 0.15             # contact dermatoscope's circular field, black outside
    grid: float = 0.1                # measuring grid or scale printed on the contact plate
    plate_grid: bool = False         # the grid as the plate prints it (square in the camera's 4:3 frame, tilted, major
                                     # lines, 6..36 px pitch); False: 2.0.0 and 2.1.0's axis-aligned 12..40 px lines
    hair: float = 0.2                # dark hairs crossing the lesion
    blur: float = 0.15               # defocus, Gaussian sigma 0.5..2.5 px
    sharpen: float = 0.1             # in-camera sharpening (unsharp mask, amount 0.5..1.5)
    sharpen_amount: tuple = (0.5, 1.5)
    sharpen_sigma: tuple = (1.0, 1.0)  # px of the unsharp mask's blur; a range draws one per batch
    # The camera's own changes (off by default, so 2.2.0's recipe draws the same random numbers): none of them hides
    # the lesion, but each moves what the network sees further than the colour jitter does. The unoccluded teacher is
    # shown the picture without them (``apply``).
    zoom_in: float = 0.0             # higher magnification: the middle 1/s of each side enlarged by s
    zoom_in_range: tuple = (1.15, 1.8)
    exposure: float = 0.0            # exposure off by -1.25..+1 stop: one linear-light gain per image
    exposure_stops: tuple = (-1.25, 1.0)
    noise: float = 0.0               # sensor noise: luminance and chroma, standard deviation up to these grey levels
    noise_sigma: tuple = (5.0, 3.0)
    # Washed-out colour (off by default, ADR 0050): a camera's muted picture style or an export that thins the colour
    # keeps only this share of each pixel's chroma around its luminance. Left out of the unoccluded teacher's view too.
    washed_out: float = 0.0
    washed_out_range: tuple = (0.15, 0.7)

    @staticmethod
    def off() -> "AcquisitionConfig":
        return AcquisitionConfig(zoom_out=0, aspect=0, white_balance=0, falloff=0, border=0, circle=0, grid=0,
                                 hair=0, blur=0, sharpen=0)

    def with_washed_out_colour(self) -> "AcquisitionConfig":
        """These settings plus washed-out colour: a fifth of the images keep 15-70% of their chroma (ADR 0050)."""
        return replace(self, washed_out=0.2)

    def with_camera(self) -> "AcquisitionConfig":
        """These settings plus the camera's own changes: magnification, exposure, sensor noise and a wider range of
        sharpening (ADR 0047)."""
        return replace(self, zoom_in=0.2, exposure=0.3, noise=0.2, sharpen=0.15, sharpen_amount=(0.5, 2.5),
                       sharpen_sigma=(0.7, 1.6))


def _chosen(b: int, p: float, x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    return torch.rand(b, device=x.device, generator=gen) < p


def _uniform(b: int, lo: float, hi: float, x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    return torch.rand(b, device=x.device, generator=gen) * (hi - lo) + lo


def _coordinates(x: torch.Tensor):
    """Pixel-centre coordinates in -1..1, shaped (1, 1, H, W) each."""
    h, w = x.shape[2], x.shape[3]
    ys = (torch.arange(h, device=x.device, dtype=x.dtype) + 0.5) / h * 2 - 1
    xs = (torch.arange(w, device=x.device, dtype=x.dtype) + 0.5) / w * 2 - 1
    return ys.view(1, 1, h, 1).expand(1, 1, h, w), xs.view(1, 1, 1, w).expand(1, 1, h, w)


def skin_colour(x: torch.Tensor) -> torch.Tensor:
    """Each image's mean colour over its outer ring (the skin around the lesion), (N, 3, 1, 1)."""
    yy, xx = _coordinates(x)
    ring = ((yy.abs() > 0.8) | (xx.abs() > 0.8)).to(x.dtype)
    return (x * ring).sum(dim=(2, 3), keepdim=True) / ring.sum()


def zoom_out(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """Shrink the content (and stretch one axis for another sensor aspect) and surround it with skin."""
    b = x.shape[0]
    scale = torch.ones(b, device=x.device)
    pick = _chosen(b, cfg.zoom_out, x, gen)
    scale = torch.where(pick, _uniform(b, *cfg.zoom_out_range, x, gen), scale)
    aspect = torch.where(_chosen(b, cfg.aspect, x, gen), _uniform(b, *cfg.aspect_range, x, gen), torch.ones(b, device=x.device))
    if not bool((scale < 1).any() or (aspect != 1).any()):
        return x
    sx, sy = scale * aspect.sqrt(), scale / aspect.sqrt()
    room_x, room_y = (1 - sx).clamp(min=0), (1 - sy).clamp(min=0)
    shift_x = _uniform(b, -1, 1, x, gen) * room_x
    shift_y = _uniform(b, -1, 1, x, gen) * room_y
    zero = torch.zeros(b, device=x.device)
    theta = torch.stack([torch.stack([1 / sx, zero, -shift_x / sx], 1), torch.stack([zero, 1 / sy, -shift_y / sy], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    moved = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    inside = F.grid_sample(torch.ones_like(x[:, :1]), grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    inside = F.avg_pool2d(inside, 9, stride=1, padding=4, count_include_pad=False)  # a soft seam, as skin has
    # Skin texture: the image's own skin colour with smooth low-frequency variation, not a flat fill.
    noise = F.interpolate(torch.randn(b, 1, 6, 8, device=x.device, generator=gen), size=x.shape[2:], mode="bicubic",
                          align_corners=False)
    surround = (skin_colour(x) * (1 + 0.04 * noise.clamp(-2, 2))).clamp(0, 255)
    return moved * inside + surround * (1 - inside)


def white_balance(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """Warmer or cooler light and a green/magenta tint: per-channel gains, brightness kept."""
    b = x.shape[0]
    s = cfg.white_balance_strength
    temperature = _uniform(b, -s, s, x, gen)
    tint = _uniform(b, -s / 3, s / 3, x, gen)
    gains = torch.stack([1 + temperature, 1 + tint, 1 - temperature], 1)
    gains = gains / gains.mean(dim=1, keepdim=True)
    gains = torch.where(_chosen(b, cfg.white_balance, x, gen)[:, None], gains, torch.ones_like(gains))
    return (x * gains[:, :, None, None]).clamp(0, 255)


def falloff(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """Uneven illumination: light falls off quadratically from a random centre."""
    b = x.shape[0]
    yy, xx = _coordinates(x)
    cy = _uniform(b, -0.6, 0.6, x, gen).view(b, 1, 1, 1)
    cx = _uniform(b, -0.6, 0.6, x, gen).view(b, 1, 1, 1)
    strength = _uniform(b, 0.1, cfg.falloff_strength, x, gen).view(b, 1, 1, 1)
    strength = strength * _chosen(b, cfg.falloff, x, gen).view(b, 1, 1, 1)
    distance = ((yy - cy) ** 2 + (xx - cx) ** 2) / 8  # 0..1 over the frame
    return x * (1 - strength * distance.clamp(max=1))


def frame(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """Capture-software black border, or a contact dermatoscope's circular field (near-black outside)."""
    b = x.shape[0]
    yy, xx = _coordinates(x)
    lo, hi = cfg.border_range
    edge_x = (1 - 2 * _uniform(b, lo, hi, x, gen)).view(b, 1, 1, 1)
    edge_y = (1 - 2 * _uniform(b, lo, hi, x, gen)).view(b, 1, 1, 1)
    bordered = (xx.abs() > edge_x) | (yy.abs() > edge_y)
    radius = _uniform(b, 0.85, 1.25, x, gen).view(b, 1, 1, 1)
    circled = (xx ** 2 + yy ** 2).sqrt() > radius
    dark = torch.where(bordered & _chosen(b, cfg.border, x, gen).view(b, 1, 1, 1), 1.0, 0.0)
    dark = torch.maximum(dark, torch.where(circled & _chosen(b, cfg.circle, x, gen).view(b, 1, 1, 1), 1.0, 0.0))
    level = _uniform(b, 0, 20, x, gen).view(b, 1, 1, 1)  # not always pure black: sensor noise, compression
    return x * (1 - dark) + level * dark


def grid_lines(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """A measuring grid or scale printed on the contact plate: the plate's grid with ``cfg.plate_grid``, else the frame's."""
    return _plate_grid(x, cfg, gen) if cfg.plate_grid else _frame_grid(x, cfg, gen)


def _frame_grid(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """Models 2.0.0 and 2.1.0's grid: thin dark lines every 12..40 px of the network input in both directions, along its
    axes, partly transparent."""
    b, _, h, w = x.shape
    pick = _chosen(b, cfg.grid, x, gen)
    if not bool(pick.any()):
        return x
    ys = torch.arange(h, device=x.device, dtype=x.dtype).view(1, h, 1)
    xs = torch.arange(w, device=x.device, dtype=x.dtype).view(1, 1, w)
    period = _uniform(b, 12, 40, x, gen).view(b, 1, 1)
    offset = _uniform(b, 0, 40, x, gen).view(b, 1, 1)
    width = _uniform(b, 0.6, 1.6, x, gen).view(b, 1, 1)
    near = lambda v: (torch.remainder(v + offset, period) < width)  # noqa: E731 - one line, used twice
    lines = (near(ys) | near(xs)).to(x.dtype).unsqueeze(1)
    opacity = _uniform(b, 0.3, 0.8, x, gen).view(b, 1, 1, 1) * pick.view(b, 1, 1, 1)
    ink = _uniform(b, 0, 60, x, gen).view(b, 1, 1, 1)
    return x * (1 - opacity * lines) + ink * opacity * lines


def _plate_grid(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """A measuring grid printed on the contact plate, drawn where the network sees it (ADR 0032).

    The plate's grid is square in the camera's frame, but the model input is a 4:3 picture resized to the square
    network input, so the grid's rows lie 4/3 as far apart as its columns in this batch. Pitch 6..36 px of the 200x150
    input (a millimetre grid over fields of view from about 5 to 33 mm), lines 0.5..1.6 px wide, at up to 10 degrees
    to the frame; on half the plates every 5th or 10th line is major, 1.5..2.5 times as wide; ink 0..60, opacity
    0.3..0.95; anti-aliased, since a printed line seldom falls on whole pixels."""
    b, _, h, w = x.shape
    pick = _chosen(b, cfg.grid, x, gen)
    if not bool(pick.any()):
        return x
    # Network pixels back to the 200x150 input's pixels, where the plate's grid is square.
    ys = ((torch.arange(h, device=x.device, dtype=x.dtype) + 0.5) * (INPUT_HEIGHT / h)).view(1, h, 1)
    xs = ((torch.arange(w, device=x.device, dtype=x.dtype) + 0.5) * (INPUT_WIDTH / w)).view(1, 1, w)
    period = _uniform(b, 6, 36, x, gen).view(b, 1, 1)
    angle = torch.deg2rad(_uniform(b, -10, 10, x, gen)).view(b, 1, 1)
    offset_u = _uniform(b, 0, 1, x, gen).view(b, 1, 1) * period
    offset_v = _uniform(b, 0, 1, x, gen).view(b, 1, 1) * period
    width = _uniform(b, 0.5, 1.6, x, gen).view(b, 1, 1)
    major_every = torch.where(_chosen(b, 0.5, x, gen), 5.0, 10.0).view(b, 1, 1)
    major_width = width * torch.where(_chosen(b, 0.5, x, gen), _uniform(b, 1.5, 2.5, x, gen), torch.ones(b, device=x.device)).view(b, 1, 1)
    cos, sin = torch.cos(angle), torch.sin(angle)
    coverage = torch.zeros(b, h, w, device=x.device, dtype=x.dtype)
    for t in (xs * cos + ys * sin + offset_u, -xs * sin + ys * cos + offset_v):
        k = torch.round(t / period)
        distance = (t - k * period).abs()
        half = torch.where(torch.remainder(k, major_every) == 0, major_width, width) / 2
        coverage = torch.maximum(coverage, (half + 0.5 - distance).clamp(0, 1))
    opacity = _uniform(b, 0.3, 0.95, x, gen).view(b, 1, 1, 1) * pick.view(b, 1, 1, 1)
    ink = _uniform(b, 0, 60, x, gen).view(b, 1, 1, 1)
    alpha = opacity * coverage.unsqueeze(1)
    return x * (1 - alpha) + ink * alpha


def hair(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator, points: int = 24, chunk: int = 8) -> torch.Tensor:
    """1..8 dark, slightly curved hairs: quadratic Bezier curves drawn as polylines about 1-3 px wide."""
    b, _, h, w = x.shape
    pick = torch.nonzero(_chosen(b, cfg.hair, x, gen)).flatten()
    if pick.numel() == 0:
        return x
    n, k = pick.numel(), 8
    control = torch.rand(n, k, 3, 2, device=x.device, generator=gen) * torch.tensor([w, h], device=x.device, dtype=x.dtype)
    count = torch.randint(1, k + 1, (n, 1), device=x.device, generator=gen)
    present = torch.arange(k, device=x.device).view(1, k) < count
    t = torch.linspace(0, 1, points, device=x.device).view(1, 1, points, 1)
    p0, p1, p2 = control[:, :, 0:1], control[:, :, 1:2], control[:, :, 2:3]
    curve = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2  # (n, k, points, 2)
    curve = torch.where(present.view(n, k, 1, 1), curve, torch.full_like(curve, -1e4))
    start, end = curve[:, :, :-1].reshape(n, 1, -1, 2), curve[:, :, 1:].reshape(n, 1, -1, 2)
    ys = torch.arange(h, device=x.device, dtype=x.dtype) + 0.5
    xs = torch.arange(w, device=x.device, dtype=x.dtype) + 0.5
    pixels = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), -1).view(1, h * w, 1, 2)
    distance = torch.empty(n, h * w, device=x.device, dtype=x.dtype)
    for i in range(0, n, chunk):  # bounds the (images, pixels, segments) intermediate
        a, d = start[i : i + chunk], end[i : i + chunk] - start[i : i + chunk]
        along = (((pixels - a) * d).sum(-1) / (d * d).sum(-1).clamp(min=1e-6)).clamp(0, 1)
        nearest = a + along.unsqueeze(-1) * d
        distance[i : i + chunk] = (pixels - nearest).norm(dim=-1).min(dim=2).values
    thickness = _uniform(n, 0.4, 1.2, x, gen).view(n, 1, 1, 1)
    cover = 1 - (distance.view(n, 1, h, w) - thickness).clamp(min=0, max=1)  # anti-aliased edge
    colour = _uniform(n, 10, 60, x, gen).view(n, 1, 1, 1)
    out = x.clone()
    out[pick] = x[pick] * (1 - cover) + colour * cover
    return out


def _gaussian(x: torch.Tensor, sigma: float) -> torch.Tensor:
    radius = max(1, int(math.ceil(3 * sigma)))
    k = torch.arange(-radius, radius + 1, device=x.device, dtype=x.dtype)
    k = torch.exp(-(k ** 2) / (2 * sigma ** 2))
    k = (k / k.sum()).view(1, 1, 1, -1).repeat(3, 1, 1, 1)
    x = F.conv2d(F.pad(x, (radius, radius, 0, 0), mode="reflect"), k, groups=3)
    return F.conv2d(F.pad(x, (0, 0, radius, radius), mode="reflect"), k.transpose(2, 3), groups=3)


def focus(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """Defocus blur or in-camera sharpening; one sigma per batch keeps it to two convolutions."""
    b = x.shape[0]
    blur = _chosen(b, cfg.blur, x, gen).view(b, 1, 1, 1)
    sharpen = _chosen(b, cfg.sharpen, x, gen).view(b, 1, 1, 1) & ~blur
    if not bool(blur.any() or sharpen.any()):
        return x
    sigma = float(_uniform(1, 0.5, 2.5, x, gen))
    soft = _gaussian(x, sigma)
    amount = _uniform(b, *cfg.sharpen_amount, x, gen).view(b, 1, 1, 1)
    lo, hi = cfg.sharpen_sigma
    radius = lo if lo == hi else float(_uniform(1, lo, hi, x, gen))  # no draw for a fixed radius: 2.2.0's stream
    sharp = (x + amount * (x - _gaussian(x, radius))).clamp(0, 255)
    return torch.where(blur, soft, torch.where(sharpen, sharp, x))


def zoom_in(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """Higher magnification or a closer working distance: the middle 1/s of each side enlarged s times."""
    if cfg.zoom_in <= 0:
        return x
    b = x.shape[0]
    pick = _chosen(b, cfg.zoom_in, x, gen)
    s = _uniform(b, *cfg.zoom_in_range, x, gen)
    zero = torch.zeros(b, device=x.device)
    theta = torch.stack([torch.stack([1 / s, zero, zero], 1), torch.stack([zero, 1 / s, zero], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    enlarged = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    return torch.where(pick.view(b, 1, 1, 1), enlarged, x)


def exposure(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """Auto-exposure fooled or a weaker lamp: one gain per image in linear light (sRGB taken as gamma 2.2), highlights
    clipped as a sensor clips them."""
    if cfg.exposure <= 0:
        return x
    b = x.shape[0]
    pick = _chosen(b, cfg.exposure, x, gen)
    gain = (2.0 ** _uniform(b, *cfg.exposure_stops, x, gen)).view(b, 1, 1, 1)
    exposed = ((x / 255).clamp(0, 1) ** 2.2 * gain).clamp(0, 1) ** (1 / 2.2) * 255
    return torch.where(pick.view(b, 1, 1, 1), exposed, x)


def washed_out(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """A muted picture style or a thinning export: each pixel moved towards its own luminance (BT.601 weights, as
    the colour floor's greyscale is), keeping one share of its chroma per image; luminance itself is unchanged."""
    if cfg.washed_out <= 0:
        return x
    b = x.shape[0]
    pick = _chosen(b, cfg.washed_out, x, gen)
    kept = _uniform(b, *cfg.washed_out_range, x, gen).view(b, 1, 1, 1)
    weights = torch.tensor([0.299, 0.587, 0.114], device=x.device, dtype=x.dtype).view(1, 3, 1, 1)
    luminance = (x * weights).sum(dim=1, keepdim=True)
    return torch.where(pick.view(b, 1, 1, 1), luminance + (x - luminance) * kept, x)


def sensor_noise(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator) -> torch.Tensor:
    """A small sensor at high gain: Gaussian luminance noise (the same on every channel) plus chroma noise."""
    if cfg.noise <= 0:
        return x
    b, _, h, w = x.shape
    pick = _chosen(b, cfg.noise, x, gen)
    luminance = _uniform(b, 0, cfg.noise_sigma[0], x, gen).view(b, 1, 1, 1)
    chroma = _uniform(b, 0, cfg.noise_sigma[1], x, gen).view(b, 1, 1, 1)
    noise = (torch.randn(b, 1, h, w, device=x.device, generator=gen) * luminance
             + torch.randn(b, 3, h, w, device=x.device, generator=gen) * chroma)
    return torch.where(pick.view(b, 1, 1, 1), (x + noise).clamp(0, 255), x)


def apply(x: torch.Tensor, cfg: AcquisitionConfig, gen: torch.Generator, occluders: bool = True) -> torch.Tensor:
    """All acquisition changes in the order light meets them: optics and framing, light, plate, sensor, software.

    With ``occluders`` False, the changes that hide part of the lesion (hair, the printed grid, the black frame or
    circular field), the camera's own changes (magnification, exposure, sensor noise) and washed-out colour are drawn
    but not laid over the picture: the same random draws, so a second pass from the same generator state gives the
    picture as the same optics and light show it, unobstructed (ADR 0029). The unoccluded teacher so answers for the
    lesion as its own training showed it, and that answer is the target for the changed picture (ADR 0047)."""
    x = _laid(x, zoom_in(x, cfg, gen), occluders)
    x = zoom_out(x, cfg, gen)
    x = _laid(x, hair(x, cfg, gen), occluders)
    x = falloff(x, cfg, gen)
    x = white_balance(x, cfg, gen)
    x = _laid(x, exposure(x, cfg, gen), occluders)
    x = _laid(x, grid_lines(x, cfg, gen), occluders)
    x = focus(x, cfg, gen)
    x = _laid(x, sensor_noise(x, cfg, gen), occluders)
    x = _laid(x, washed_out(x, cfg, gen), occluders)
    x = _laid(x, frame(x, cfg, gen), occluders)
    return x.clamp(0, 255)


def _laid(before: torch.Tensor, after: torch.Tensor, occluders: bool) -> torch.Tensor:
    return after if occluders else before
