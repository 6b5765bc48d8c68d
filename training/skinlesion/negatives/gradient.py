"""gradient: linear and radial blends of 2-3 colours, many of them skin-toned or brownish."""

import math

import numpy as np
from PIL import Image

from .common import BROWN, PASTEL, SATURATED, SIZES, SKIN, Job, pick, rgb_text

def render_gradient(size, kind, colours, stops, angle, centre, ellipse):
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == "linear":
        ca, sa = math.cos(angle), math.sin(angle)
        t = x * ca + y * sa
        corners = [cx * ca + cy * sa for cx in (0, w - 1) for cy in (0, h - 1)]
        t = (t - min(corners)) / max(max(corners) - min(corners), 1e-6)
    else:
        cx, cy = centre[0] * w, centre[1] * h
        r = np.sqrt(((x - cx) / ellipse[0]) ** 2 + ((y - cy) / ellipse[1]) ** 2)
        t = np.clip(r / max(float(r.max()), 1e-6), 0, 1)
    cols = np.asarray(colours, np.float32)
    out = np.empty((h, w, cols.shape[1]), np.uint8)
    for ch in range(cols.shape[1]):
        out[..., ch] = np.round(np.interp(t, stops, cols[:, ch])).astype(np.uint8)
    if cols.shape[1] == 1:
        return Image.fromarray(out[..., 0], "L")
    return Image.fromarray(out, "RGB")


def plan_gradient(rng, ctx):
    palettes = ["skin", "skin+brown", "brown", "saturated", "grey", "random", "skin", "pastel"]
    sizes = [s for s in SIZES if s[0] * s[1] <= 2048 * 1536]
    jobs = []
    for i in range(56):
        pal = palettes[i % len(palettes)]
        kind = "linear" if i % 3 != 2 else "radial"
        n = 2 if rng.random() < 0.6 else 3
        if pal == "skin":
            colours = [pick(rng, SKIN) for _ in range(n)]
        elif pal == "skin+brown":
            colours = [pick(rng, SKIN), pick(rng, BROWN)] + ([pick(rng, SKIN)] if n == 3 else [])
        elif pal == "brown":
            colours = [pick(rng, BROWN) for _ in range(n)]
        elif pal == "saturated":
            colours = [pick(rng, SATURATED) for _ in range(n)]
        elif pal == "pastel":
            colours = [pick(rng, PASTEL) for _ in range(n)]
        elif pal == "grey":
            colours = [(int(rng.integers(0, 256)),) for _ in range(n)]
        else:
            colours = [tuple(int(v) for v in rng.integers(0, 256, 3)) for _ in range(n)]
        stops = [0.0, 1.0] if n == 2 else [0.0, float(rng.uniform(0.25, 0.75)), 1.0]
        angle = float(rng.uniform(0, 2 * math.pi))
        centre = (float(rng.uniform(0.2, 0.8)), float(rng.uniform(0.2, 0.8)))
        ellipse = (float(rng.uniform(0.6, 1.6)), float(rng.uniform(0.6, 1.6)))
        size = pick(rng, sizes)
        desc = "-".join(f"L({c[0]})" if len(c) == 1 else rgb_text(c) for c in colours)
        where = f"{math.degrees(angle):.0f}deg" if kind == "linear" else f"centre({centre[0]:.2f},{centre[1]:.2f})"
        src = f"gradient {kind} {pal} {desc} {where} {size[0]}x{size[1]}"
        jobs.append(Job(src, "png", lambda a=(size, kind, colours, stops, angle, centre, ellipse): render_gradient(*a)))
    return jobs
