"""noise: uniform, Gaussian, salt-and-pepper, blurred, per-channel and multi-octave noise."""

import numpy as np
from PIL import Image, ImageFilter

from .common import BROWN, NOISE_SIZES, SKIN, Job, pick, rgb_text

def render_noise(size, kind, params, seed):
    w, h = size
    r = np.random.default_rng(seed)
    channels = 1 if params.get("grey") else 3
    if kind == "uniform":
        a = r.integers(0, 256, (h, w, channels), dtype=np.uint8)
    elif kind == "gaussian":
        a = r.normal(params["mean"], params["sigma"], (h, w, channels))
    elif kind == "salt-and-pepper":
        a = np.empty((h, w, channels), np.float64)
        a[...] = params["base"]
        u = r.random((h, w))
        a[u < params["density"] / 2] = 0
        a[u > 1 - params["density"] / 2] = 255
    elif kind == "coloured":
        a = np.stack([r.normal(m, s, (h, w)) for m, s in zip(params["mean"], params["sigma"])], axis=-1)
    elif kind == "blurred":
        cell = params["cell"]
        small = r.integers(0, 256, (max(2, h // cell), max(2, w // cell), channels), dtype=np.uint8)
        im = Image.fromarray(small[..., 0] if channels == 1 else small)
        im = im.resize((w, h), Image.BICUBIC).filter(ImageFilter.GaussianBlur(params["blur"]))
        a = np.asarray(im, np.float64).reshape(h, w, channels)
        lo, hi = a.min(), a.max()
        a = (a - lo) / max(hi - lo, 1e-6)
        a = np.asarray(params["low"]) + a * (np.asarray(params["high"]) - np.asarray(params["low"]))
    elif kind == "octaves":
        a = np.zeros((h, w, 1))
        amp, total = 1.0, 0.0
        for octave in range(5):
            cells = 2 ** (octave + 2)
            small = r.random((cells, cells)).astype(np.float32)
            up = np.asarray(Image.fromarray(small, "F").resize((w, h), Image.BICUBIC), np.float64)
            a[..., 0] += amp * up
            total += amp
            amp *= params["persistence"]
        t = np.clip(a / total, 0, 1)
        t = (t - t.min()) / max(t.max() - t.min(), 1e-6)
        cols = np.asarray(params["colours"], np.float64)
        a = cols[0] + t * (cols[1] - cols[0])
    else:
        raise ValueError(kind)
    a = np.clip(np.round(a), 0, 255).astype(np.uint8)
    if a.shape[2] == 1:
        return Image.fromarray(a[..., 0], "L")
    return Image.fromarray(a, "RGB")


def plan_noise(rng, ctx):
    kinds = ["uniform", "gaussian", "salt-and-pepper", "blurred", "coloured", "octaves"]
    jobs = []
    for i in range(54):
        kind = kinds[i % len(kinds)]
        size = pick(rng, NOISE_SIZES)
        grey = bool(rng.random() < 0.3) and kind not in ("coloured", "octaves")
        p = {"grey": grey}
        if kind == "gaussian":
            if grey:
                p["mean"] = int(rng.integers(0, 256))
            else:
                p["mean"] = pick(rng, SKIN) if i % 12 == 1 else tuple(int(v) for v in rng.integers(0, 256, 3))
            p["sigma"] = float(rng.uniform(8, 70))
            desc = f"mean {p['mean']} sigma {p['sigma']:.0f}"
        elif kind == "salt-and-pepper":
            p["base"] = int(rng.integers(40, 220)) if grey else tuple(int(v) for v in rng.integers(0, 256, 3))
            p["density"] = float(rng.uniform(0.02, 0.35))
            desc = f"on {p['base']} density {p['density']:.2f}"
        elif kind == "coloured":
            p["mean"] = [float(v) for v in rng.uniform(30, 225, 3)]
            p["sigma"] = [float(v) for v in rng.uniform(5, 80, 3)]
            desc = "means " + "/".join(f"{m:.0f}" for m in p["mean"]) + " sigmas " + "/".join(f"{s:.0f}" for s in p["sigma"])
        elif kind == "blurred":
            p["cell"] = int(rng.integers(4, 64))
            p["blur"] = float(rng.uniform(0.5, 6))
            if grey:
                p["low"], p["high"] = [0.0], [255.0]
            elif i % 12 == 3:
                p["low"], p["high"] = list(pick(rng, BROWN)), list(pick(rng, SKIN))
            else:
                p["low"], p["high"] = [0.0, 0.0, 0.0], [255.0, 255.0, 255.0]
            desc = f"cell {p['cell']} blur {p['blur']:.1f} range {p['low']}..{p['high']}"
        elif kind == "octaves":
            p["persistence"] = float(rng.uniform(0.35, 0.8))
            if i % 12 == 5:
                p["colours"] = [pick(rng, BROWN), pick(rng, SKIN)]
            else:
                p["colours"] = [tuple(int(v) for v in rng.integers(0, 256, 3)) for _ in range(2)]
            desc = f"persistence {p['persistence']:.2f} {rgb_text(p['colours'][0])}..{rgb_text(p['colours'][1])}"
        else:
            desc = ""
        seed = int(rng.integers(2**63))
        src = f"noise {kind} {'grey' if grey else 'rgb'} {desc} {size[0]}x{size[1]}".replace("  ", " ")
        jobs.append(Job(src, "png", lambda a=(size, kind, p, seed): render_noise(*a)))
    return jobs
