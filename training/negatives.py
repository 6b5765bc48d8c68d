#!/usr/bin/python3
"""Generate a NEGATIVE image set: images that are NOT dermoscopic skin-lesion photos.

The set measures how well the service's out-of-distribution check refuses inputs it was never
meant to classify. It is regenerable: the same --seed with the same installed packages gives the
same files (see Determinism below).

Usage (Debian's Python, which has numpy, PIL and skimage):

    /usr/bin/python3 training/negatives.py --out .data/negatives [--seed 0]

Output, in --out:

  <group>-<nnn>.png|jpg   one image each; the image id is the file name without extension.
                          PNG, except JPEG where the source is a JPEG photo (skimage's rocket,
                          hubble_deep_field, retina) or a lossy-compressed wallpaper (WebP).
  labels.csv              header image_id,group,source; one row per image written, sorted by id;
                          source is a short description (e.g. "skimage:chelsea.png crop 2 ...",
                          "solid rgb(12,200,40)").

Every image is RGB or greyscale, 64..4000 px a side (wallpapers at most 2048), at most 10 MB, in
a mix of sizes and aspect ratios (200x150, 640x480, 1024x768, 512x512, 1280x720, portrait ones,
a few extreme strips). Before writing, files of a previous run in --out (names <group>-<nnn>.png|jpg
and labels.csv) are removed; other files are left alone.

Groups (--groups picks some; all by default):

  solid       solid colours: skin tones, browns, black, white, greys (some stored as greyscale),
              saturated and pastel colours, random colours.
  gradient    linear (any angle) and radial gradients of 2-3 colours, many skin-toned or brownish.
  noise       uniform, Gaussian (around skin tones too), salt-and-pepper, blurred low-frequency,
              coloured (per-channel) and multi-octave noise; RGB and greyscale.
  text        text rendered with PIL and the DejaVu fonts (--fonts): letters, clinical-looking
              reports, tables of numbers, code listings, large words in colour, and scanned-looking
              letters (grey paper, slight rotation, noise, blur).
  screenshot  headless chromium screenshots of locally generated HTML pages (login, registration
              form, lab-results table, article, dashboard, search results, 404, settings, inbox,
              shop, calendar, documentation) at several window sizes. Without chromium the group
              is skipped with a warning.
  photo       skimage's everyday and test photos (astronaut, chelsea, coffee, rocket, motorcycles,
              brick, grass, gravel, camera, horse, coins, moon, page, text, hubble_deep_field,
              color, logo, clock_motion, bw_text): each as-is plus 3 deterministic variants (crop,
              rescale, crop resized to a common size, rotation/flip).
  medical     skimage's non-dermoscopic medical images (ihc, cell, microaneurysms, retina, and the
              Shepp-Logan CT phantom): each as-is plus 7 variants as above.
  wallpaper   GNOME desktop backgrounds (--backgrounds, Debian package gnome-backgrounds): each
              raster image downscaled to a long side of at most 2048 px, plus a 16:9 crop
              (1920x1080 or smaller) and a crop resized to a screen-like size. JPEG, PNG and WebP
              (decoded by PIL, written as JPEG) are used; SVG/XML/JXL are skipped with a note.
              Without the folder the group is skipped with a warning.

Determinism: every random choice comes from numpy.random.default_rng([seed, crc32(group)]) and is
drawn while the group is planned, before anything is rendered, so one group's files do not depend
on which other groups run, on --jobs, or on --max-per-group (which keeps the first N of the plan).
The generated groups (solid, gradient, noise, text) and the skimage-derived ones (photo, medical)
are byte-identical across runs with the same seed and the same library versions; screenshots come
from chromium and wallpapers from the installed package, so they follow those versions.

A missing source (skimage data folder or file, fonts, chromium, backgrounds) is a warning and the
affected images are skipped; the run still succeeds. The summary table at the end says what was
written and what was skipped.
"""

import argparse
import csv
import io
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

GROUPS = ["solid", "gradient", "noise", "text", "screenshot", "photo", "medical", "wallpaper"]

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


# ---------------------------------------------------------------------------------------------
# Jobs and writing


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


# ---------------------------------------------------------------------------------------------
# Shared palettes and sizes

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


# ---------------------------------------------------------------------------------------------
# solid


def plan_solid(rng, ctx):
    colours = [("skin", c) for c in SKIN] + [("brown", c) for c in BROWN]
    colours += [("black", (0, 0, 0)), ("white", (255, 255, 255))]
    colours += [("grey", (g, g, g)) for g in GREYS[1:-1]]
    colours += [("saturated", c) for c in SATURATED] + [("pastel", c) for c in PASTEL]
    colours += [("random", tuple(int(v) for v in rng.integers(0, 256, 3))) for _ in range(12)]
    jobs = []
    for i, (kind, c) in enumerate(colours):
        size = pick(rng, BIG_SIZES) if i % 11 == 5 else pick(rng, SIZES)
        grey = c[0] == c[1] == c[2] and i % 2 == 0
        if grey:
            src = f"solid {kind} L({c[0]}) greyscale {size[0]}x{size[1]}"
            make = (lambda s=size, v=c[0]: Image.new("L", s, v))
        else:
            src = f"solid {kind} {rgb_text(c)} {size[0]}x{size[1]}"
            make = (lambda s=size, v=c: Image.new("RGB", s, v))
        jobs.append(Job(src, "png", make))
    return jobs


# ---------------------------------------------------------------------------------------------
# gradient


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


# ---------------------------------------------------------------------------------------------
# noise


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


# ---------------------------------------------------------------------------------------------
# text

WORDS = ("the of and to in is was for on that with as by at from this be are which or an not it have "
         "patient review follow clinic results report within normal range sample blood test referral "
         "history examination treatment plan medication dose daily weeks months appointment letter "
         "please contact department hospital ward nurse doctor service team copy record date time "
         "summary note further advice discussed agreed symptoms stable improved change monitor "
         "community pharmacy prescription repeat annual meeting budget project schedule invoice "
         "payment account balance order delivery address street city river garden window morning "
         "evening weather train station library school student teacher lesson chapter page number "
         "table figure value total average analysis method data system network server update "
         "version release software hardware memory storage display keyboard printer paper office").split()
FIRST = ["Anna", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kaya",
         "Liam", "Mira", "Noah", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Uwe", "Vera", "Yusuf"]
LAST = ["Adler", "Berg", "Costa", "Dubois", "Ekström", "Fischer", "García", "Horvat", "Ivanova",
        "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Schmidt",
        "Tanaka", "Urban", "Virtanen", "Weber"]
TESTS = ["Haemoglobin", "White cells", "Platelets", "Sodium", "Potassium", "Urea", "Creatinine",
         "eGFR", "ALT", "ALP", "Bilirubin", "Albumin", "CRP", "Glucose", "HbA1c", "Cholesterol",
         "TSH", "Ferritin", "Vitamin D", "Calcium"]
UNITS = ["g/L", "x10^9/L", "mmol/L", "umol/L", "U/L", "mg/L", "%", "nmol/L", "ug/L"]


def sentence(rng, lo=6, hi=16):
    words = [pick(rng, WORDS) for _ in range(int(rng.integers(lo, hi)))]
    return " ".join(words).capitalize() + "."


def paragraph(rng, lo=2, hi=6):
    return " ".join(sentence(rng) for _ in range(int(rng.integers(lo, hi))))


def person(rng):
    return f"{pick(rng, FIRST)} {pick(rng, LAST)}"


def wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        trial = word if not line else line + " " + word
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


class Fonts:
    NAMES = {"sans": "DejaVuSans.ttf", "sans-bold": "DejaVuSans-Bold.ttf", "serif": "DejaVuSerif.ttf",
             "serif-bold": "DejaVuSerif-Bold.ttf", "serif-italic": "DejaVuSerif-Italic.ttf",
             "mono": "DejaVuSansMono.ttf", "mono-bold": "DejaVuSansMono-Bold.ttf",
             "condensed": "DejaVuSansCondensed.ttf", "light": "DejaVuSans-ExtraLight.ttf"}

    def __init__(self, folder):
        self.folder = folder
        self.available = {k: os.path.join(folder, v) for k, v in self.NAMES.items()
                          if os.path.isfile(os.path.join(folder, v))}

    def get(self, name, size):
        path = self.available.get(name) or self.available["sans"]
        return ImageFont.truetype(path, int(size))


def draw_lines(draw, x, y, lines, font, fill, spacing, bottom):
    for line in lines:
        if y + spacing > bottom:
            break
        draw.text((x, y), line, font=font, fill=fill)
        y += spacing
    return y


def render_letter(fonts, spec):
    w, h = spec["size"]
    s = w / 850
    paper = spec.get("paper", (255, 255, 255))
    im = Image.new("RGB", (w, h), paper)
    d = ImageDraw.Draw(im)
    body = fonts.get(spec["font"], 15 * s)
    head = fonts.get(spec["font"] + "-bold" if spec["font"] in ("sans", "serif") else "sans-bold", 20 * s)
    ink = spec["ink"]
    m = int(70 * s)
    d.text((m, m), spec["org"], font=head, fill=ink)
    y = m + int(34 * s)
    for line in spec["address"]:
        d.text((m, y), line, font=body, fill=ink)
        y += int(20 * s)
    d.text((w - m - d.textlength(spec["date"], font=body), m + int(34 * s)), spec["date"], font=body, fill=ink)
    y += int(30 * s)
    d.text((m, y), f"Dear {spec['to']},", font=body, fill=ink)
    y += int(34 * s)
    for para in spec["paragraphs"]:
        y = draw_lines(d, m, y, wrap(d, para, body, w - 2 * m), body, ink, int(21 * s), h - m)
        y += int(14 * s)
    if y < h - m - int(80 * s):
        d.text((m, y + int(10 * s)), "Yours sincerely,", font=body, fill=ink)
        d.text((m, y + int(60 * s)), spec["from"], font=fonts.get("serif-italic", 18 * s), fill=ink)
    return im


def render_report(fonts, spec):
    w, h = spec["size"]
    s = w / 800
    im = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(im)
    m = int(40 * s)
    d.rectangle([0, 0, w, int(70 * s)], fill=spec["accent"])
    d.text((m, int(18 * s)), spec["title"], font=fonts.get("sans-bold", 24 * s), fill=(255, 255, 255))
    f = fonts.get("sans", 13 * s)
    fb = fonts.get("sans-bold", 13 * s)
    y = int(90 * s)
    for k, v in spec["fields"]:
        d.text((m, y), k, font=fb, fill=(40, 40, 40))
        d.text((m + int(150 * s), y), v, font=f, fill=(20, 20, 20))
        y += int(20 * s)
    y += int(10 * s)
    d.line([m, y, w - m, y], fill=(150, 150, 150), width=max(1, int(s)))
    y += int(12 * s)
    for title, text in spec["sections"]:
        d.text((m, y), title, font=fonts.get("sans-bold", 15 * s), fill=spec["accent"])
        y += int(24 * s)
        y = draw_lines(d, m, y, wrap(d, text, f, w - 2 * m), f, (20, 20, 20), int(18 * s), h - m)
        y += int(12 * s)
    if spec["labs"] and y < h - int(120 * s):
        cols = [m, m + int(220 * s), m + int(340 * s), m + int(460 * s)]
        for x, t in zip(cols, ["Test", "Result", "Units", "Reference"]):
            d.text((x, y), t, font=fb, fill=(40, 40, 40))
        y += int(20 * s)
        for row in spec["labs"]:
            if y > h - m - int(18 * s):
                break
            for x, t in zip(cols, row):
                d.text((x, y), t, font=f, fill=(20, 20, 20))
            y += int(18 * s)
    d.text((m, h - int(30 * s)), spec["footer"], font=fonts.get("sans", 10 * s), fill=(120, 120, 120))
    return im


def render_table(fonts, spec):
    w, h = spec["size"]
    im = Image.new("RGB", (w, h), spec["bg"])
    d = ImageDraw.Draw(im)
    font = fonts.get(spec["font"], spec["pt"])
    head = fonts.get("mono-bold" if spec["font"] == "mono" else "sans-bold", spec["pt"])
    rows = spec["rows"]
    ncol = len(rows[0])
    cw = (w - 20) / ncol
    rh = int(spec["pt"] * 1.6)
    y = 10
    for r, row in enumerate(rows):
        if y + rh > h - 5:
            break
        if r % 2 == 1 and spec["zebra"]:
            d.rectangle([10, y, w - 10, y + rh], fill=spec["zebra"])
        for c, t in enumerate(row):
            d.text((14 + c * cw, y + 3), t, font=head if r == 0 else font, fill=spec["fg"])
        if spec["grid"]:
            d.line([10, y + rh, w - 10, y + rh], fill=spec["grid"])
        y += rh
    if spec["grid"]:
        for c in range(ncol + 1):
            d.line([10 + c * cw, 10, 10 + c * cw, y], fill=spec["grid"])
    return im


def render_code(fonts, spec):
    w, h = spec["size"]
    im = Image.new("RGB", (w, h), spec["bg"])
    d = ImageDraw.Draw(im)
    f = fonts.get("mono", spec["pt"])
    lh = int(spec["pt"] * 1.45)
    y = 8
    for n, (indent, tokens) in enumerate(spec["lines"], 1):
        if y + lh > h:
            break
        d.text((6, y), f"{n:>3}", font=f, fill=(110, 110, 110))
        x = 6 + d.textlength("0000 ", font=f) + indent * d.textlength("    ", font=f)
        for tok, col in tokens:
            d.text((x, y), tok, font=f, fill=col)
            x += d.textlength(tok + " ", font=f)
        y += lh
    return im


def render_words(fonts, spec):
    w, h = spec["size"]
    im = Image.new("RGB", (w, h), spec["bg"])
    d = ImageDraw.Draw(im)
    size = spec["pt"]
    font = fonts.get(spec["font"], size)
    lines = wrap(d, spec["text"], font, w - 20)
    while size > 8 and (len(lines) * size * 1.25 > h - 10 or any(d.textlength(line, font=font) > w - 10 for line in lines)):
        size = int(size * 0.85)
        font = fonts.get(spec["font"], size)
        lines = wrap(d, spec["text"], font, w - 20)
    total = len(lines) * size * 1.25
    y = (h - total) / 2
    for line in lines:
        x = (w - d.textlength(line, font=font)) / 2
        d.text((x, y), line, font=font, fill=spec["fg"])
        y += size * 1.25
    return im


def render_scan(fonts, spec):
    im = render_letter(fonts, spec)
    im = im.rotate(spec["angle"], resample=Image.BICUBIC, expand=True, fillcolor=spec["bed"])
    im = im.resize(spec["size"], Image.LANCZOS)
    a = np.asarray(im, np.float64)
    a = a + np.random.default_rng(spec["seed"]).normal(0, spec["noise"], a.shape[:2])[..., None]
    im = Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8), "RGB")
    im = im.filter(ImageFilter.GaussianBlur(spec["blur"]))
    return im.convert("L") if spec["grey"] else im


def ri(rng, lo, hi):
    """An int in [lo, hi)."""
    return int(rng.integers(lo, hi))


def a_date(rng):
    month = pick(rng, ["January", "March", "May", "July", "October", "December"])
    return f"{ri(rng, 1, 29)} {month} 20{ri(rng, 10, 25)}"


def letter_spec(rng):
    size = pick(rng, [(620, 877), (850, 1100), (1240, 1754), (595, 842), (768, 1024)])
    org = pick(rng, ["Riverside General Hospital", "Department of Dermatology", "Hillcrest Medical Practice",
                     "City Library Services", "Northfield Council", "Oakwood Insurance Ltd"])
    address = [f"{ri(rng, 1, 200)} {pick(rng, WORDS).capitalize()} Street",
               f"{pick(rng, WORDS).capitalize()}ton {pick(rng, ['AB1', 'CD4', 'EF9'])} {ri(rng, 1, 9)}XY",
               f"Tel. 0{ri(rng, 1000, 9999)} {ri(rng, 100000, 999999)}"]
    return {"size": size, "font": pick(rng, ["serif", "sans", "condensed"]),
            "ink": pick(rng, [(0, 0, 0), (20, 20, 60), (40, 40, 40)]), "org": org, "address": address,
            "date": a_date(rng), "to": f"Dr {pick(rng, LAST)}", "from": person(rng),
            "paragraphs": [paragraph(rng) for _ in range(ri(rng, 3, 7))]}


def plan_letter(rng, fonts):
    spec = letter_spec(rng)
    if rng.random() < 0.3:
        spec["paper"] = pick(rng, [(250, 246, 235), (245, 245, 240), (255, 252, 240)])
    w, h = spec["size"]
    return f"text letter {spec['font']} {w}x{h}", lambda: render_letter(fonts, spec)


def plan_scan(rng, fonts):
    spec = letter_spec(rng)
    g = ri(rng, 200, 236)
    spec.update(paper=(g, g - ri(rng, 0, 6), g - ri(rng, 0, 12)), angle=float(rng.uniform(-3, 3)),
                bed=pick(rng, [(40, 40, 40), (250, 250, 250), (120, 120, 120)]),
                noise=float(rng.uniform(2, 9)), blur=float(rng.uniform(0.3, 1.0)),
                grey=bool(rng.random() < 0.5), seed=ri(rng, 0, 2**63))
    w, h = spec["size"]
    src = f"text scanned letter {spec['font']} rotated {spec['angle']:.1f}deg paper L{g} {w}x{h}"
    return src, lambda: render_scan(fonts, spec)


def plan_report(rng, fonts):
    size = pick(rng, [(800, 1100), (1024, 1400), (600, 820), (1240, 1754)])
    labs = []
    if rng.random() < 0.7:
        for t in rng.permutation(len(TESTS))[: ri(rng, 6, 14)]:
            lo = float(rng.uniform(1, 100))
            labs.append([TESTS[t], f"{rng.uniform(0.5, 1.6) * lo:.1f}", pick(rng, UNITS), f"{lo:.1f}-{lo * 1.5:.1f}"])
    title = pick(rng, ["Clinical report", "Histopathology report", "Discharge summary", "Laboratory results",
                       "Outpatient clinic letter", "Radiology report"])
    fields = [("Patient", person(rng)), ("Date of birth", f"{ri(rng, 1, 29):02d}/{ri(rng, 1, 13):02d}/19{ri(rng, 30, 99)}"),
              ("MRN", f"{ri(rng, 10**7, 10**8)}"), ("Requested by", f"Dr {pick(rng, LAST)}"),
              ("Specimen", pick(rng, ["Blood", "Serum", "Urine", "Tissue", "Swab"]))]
    sections = [(t, paragraph(rng, 1, 4)) for t in ["Clinical history", "Findings", "Impression"][: ri(rng, 1, 4)]]
    spec = {"size": size, "accent": pick(rng, [(20, 70, 140), (0, 110, 100), (120, 30, 60), (60, 60, 60)]),
            "title": title, "fields": fields, "sections": sections, "labs": labs,
            "footer": f"Printed {a_date(rng)}  page 1 of {ri(rng, 1, 4)}"}
    return f"text clinical report '{title}' {size[0]}x{size[1]}", lambda: render_report(fonts, spec)


def plan_table(rng, fonts):
    size = pick(rng, [(1024, 768), (1280, 720), (800, 600), (640, 480), (600, 800), (1600, 1200)])
    ncol = ri(rng, 3, 9)
    names = ["Value", "Mean", "SD", "Count", "Rate", "Min", "Max", "Total", "Q1", "Q3"]
    rows = [["ID"] + [pick(rng, names) for _ in range(ncol - 1)]]
    for _ in range(60):
        rows.append([f"{ri(rng, 1000, 9999)}"] + [f"{v:.{ri(rng, 0, 4)}f}" for v in rng.normal(50, 30, ncol - 1)])
    dark = rng.random() < 0.25
    spec = {"size": size, "rows": rows, "font": pick(rng, ["mono", "sans", "condensed"]),
            "pt": ri(rng, 11, 22) * size[0] // 1024 + 6,
            "bg": (30, 30, 35) if dark else pick(rng, [(255, 255, 255), (250, 250, 245), (240, 245, 255)]),
            "fg": (220, 220, 220) if dark else (10, 10, 10),
            "zebra": None if rng.random() < 0.3 else ((45, 45, 55) if dark else (232, 236, 242)),
            "grid": None if rng.random() < 0.4 else ((90, 90, 90) if dark else (180, 180, 180))}
    src = f"text table {ncol} columns {spec['font']} {'dark' if dark else 'light'} {size[0]}x{size[1]}"
    return src, lambda: render_table(fonts, spec)


def plan_code(rng, fonts):
    size = pick(rng, [(1024, 768), (1280, 720), (800, 600), (1920, 1080), (720, 1280)])
    dark = rng.random() < 0.7
    if dark:
        kw, name, num, plain = (200, 120, 220), (90, 170, 250), (180, 210, 120), (215, 215, 215)
    else:
        kw, name, num, plain = (0, 0, 200), (120, 60, 0), (0, 130, 0), (20, 20, 20)
    lines, indent = [], 0
    for _ in range(80):
        r = rng.random()
        if r < 0.15:
            keyword = "def" if rng.random() < 0.5 else "function"
            lines.append((indent, [(keyword, kw), (f"{pick(rng, WORDS)}_{pick(rng, WORDS)}(x, y):", name)]))
            indent = min(indent + 1, 4)
        elif r < 0.25 and indent > 0:
            lines.append((indent, [("return", kw), (f"{pick(rng, WORDS)} + {ri(rng, 0, 999)}", plain)]))
            indent -= 1
        elif r < 0.35:
            lines.append((indent, [("if", kw), (f"{pick(rng, WORDS)} > {rng.uniform(0, 10):.2f}:", num)]))
            indent = min(indent + 1, 4)
        else:
            call = f"{pick(rng, WORDS)}({ri(rng, 0, 100)}, '{pick(rng, WORDS)}')"
            lines.append((indent, [(f"{pick(rng, WORDS)} =", plain), (call, name)]))
    spec = {"size": size, "bg": (30, 30, 30) if dark else (255, 255, 255), "lines": lines, "pt": max(10, size[0] // 64)}
    return f"text code listing {'dark' if dark else 'light'} {size[0]}x{size[1]}", lambda: render_code(fonts, spec)


def plan_words(rng, fonts):
    size = pick(rng, SIZES[:15] + [(300, 100), (1200, 100)])
    bg = tuple(int(v) for v in rng.integers(0, 256, 3))
    fg = tuple(255 - v for v in bg) if rng.random() < 0.5 else pick(rng, [(0, 0, 0), (255, 255, 255)] + SATURATED)
    if bg == fg:
        fg = tuple(255 - v for v in fg)
    if rng.random() < 0.5:
        text = " ".join(pick(rng, WORDS) for _ in range(ri(rng, 1, 6))).upper()
    else:
        text = sentence(rng, 2, 8)
    spec = {"size": size, "bg": bg, "fg": fg, "text": text,
            "font": pick(rng, ["sans-bold", "serif-bold", "sans", "serif", "mono-bold", "light"]), "pt": ri(rng, 24, 160)}
    src = f"text words '{text[:40]}' {spec['font']} {rgb_text(fg)} on {rgb_text(bg)} {size[0]}x{size[1]}"
    return src, lambda: render_words(fonts, spec)


TEXT_KINDS = [plan_letter, plan_report, plan_table, plan_code, plan_words, plan_scan]


def plan_text(rng, ctx):
    fonts = Fonts(ctx.fonts)
    if "sans" not in fonts.available:
        ctx.warn("text", f"no DejaVu fonts in {ctx.fonts} (Debian package fonts-dejavu-core); group skipped")
        return []
    jobs = []
    for i in range(54):
        src, make = TEXT_KINDS[i % len(TEXT_KINDS)](rng, fonts)
        jobs.append(Job(src, "png", make))
    return jobs


# ---------------------------------------------------------------------------------------------
# screenshot

THEMES = [
    {"name": "light", "bg": "#ffffff", "fg": "#1b1f24", "accent": "#0b5cad", "panel": "#f3f5f8", "muted": "#5a6472"},
    {"name": "dark", "bg": "#15181d", "fg": "#e6e8eb", "accent": "#5aa9ff", "panel": "#22262d", "muted": "#9aa4b1"},
    {"name": "teal", "bg": "#f6fbfa", "fg": "#12302c", "accent": "#00796b", "panel": "#e0f2ef", "muted": "#4f6f6a"},
    {"name": "warm", "bg": "#fffaf3", "fg": "#2b2118", "accent": "#b5541b", "panel": "#f6eadb", "muted": "#7a6756"},
    {"name": "purple", "bg": "#faf8ff", "fg": "#221a33", "accent": "#6a3fc1", "panel": "#ece6fa", "muted": "#6c6282"},
]

WINDOWS = [(1280, 720), (1024, 768), (800, 600), (390, 844), (1920, 1080), (768, 1024), (1366, 768), (360, 640)]


def page(title, theme, body, extra_css=""):
    t = theme
    css = f"""
* {{box-sizing: border-box}}
body {{margin: 0; font-family: "DejaVu Sans", sans-serif; background: {t['bg']}; color: {t['fg']};
       font-size: 15px; line-height: 1.45}}
header {{background: {t['accent']}; color: #fff; padding: 12px 24px; display: flex; gap: 24px;
         align-items: center; flex-wrap: wrap}}
header b {{font-size: 20px}}
header a {{color: #fff; opacity: .9; text-decoration: none}}
main {{max-width: 1100px; margin: 0 auto; padding: 24px}}
.panel {{background: {t['panel']}; border-radius: 8px; padding: 16px; margin: 12px 0}}
.muted {{color: {t['muted']}}}
a {{color: {t['accent']}}}
button, .btn {{background: {t['accent']}; color: #fff; border: 0; border-radius: 6px; padding: 9px 18px;
               font-size: 15px; text-decoration: none}}
input, select, textarea {{font: inherit; padding: 8px; border: 1px solid {t['muted']}; border-radius: 5px;
                          width: 100%; background: {t['bg']}; color: {t['fg']}}}
input[type=checkbox], input[type=radio] {{width: auto}}
table {{border-collapse: collapse; width: 100%}}
th, td {{padding: 6px 10px; border-bottom: 1px solid {t['muted']}55; text-align: left}}
tr:nth-child(even) td {{background: {t['panel']}}}
h1 {{margin: .3em 0}}
pre {{font-family: "DejaVu Sans Mono", monospace; overflow: auto}}
{extra_css}"""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{css}</style></head>'
            f"<body>{body}</body></html>")


def nav(rng, brand):
    links = "".join(f"<a href='#'>{pick(rng, WORDS).capitalize()}</a>" for _ in range(ri(rng, 3, 6)))
    return f"<header><b>{brand}</b>{links}</header>"


def brand(rng):
    return f"{pick(rng, WORDS).capitalize()} {pick(rng, ['Portal', 'Health', 'Cloud', 'Hub', 'Online'])}"


def html_login(rng, t):
    return f"""{nav(rng, brand(rng))}<main>
<div class="panel" style="max-width: 380px; margin: 60px auto">
  <div style="width: 64px; height: 64px; border-radius: 50%; background: {t['accent']}; margin: 0 auto 12px"></div>
  <h1 style="text-align: center; font-size: 24px">Sign in</h1>
  <label>Username<input value="{pick(rng, FIRST).lower()}"></label><br><br>
  <label>Password<input type="password" value="xxxxxxxx"></label><br><br>
  <label><input type="checkbox" checked> Remember me</label><br><br>
  <button style="width: 100%">Sign in</button>
  <p style="text-align: center"><a href="#">Forgot password?</a></p>
</div>
<p class="muted" style="text-align: center">&copy; 20{ri(rng, 10, 25)} {brand(rng)} &middot; Privacy &middot; Terms</p>
</main>"""


def html_form(rng, t):
    fields = "".join(f"<label>{pick(rng, WORDS).capitalize()}<input value='{pick(rng, WORDS)}'></label>" for _ in range(8))
    return f"""{nav(rng, brand(rng))}<main><h1>New patient registration</h1><p class="muted">{sentence(rng)}</p>
<form class="panel" style="display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 14px">
  <label>First name<input value="{pick(rng, FIRST)}"></label><label>Last name<input value="{pick(rng, LAST)}"></label>
  {fields}
  <label>Country<select><option>{pick(rng, WORDS).capitalize()}</option></select></label>
  <fieldset><legend>Preferred contact</legend>
    <label><input type="radio" checked> Email</label> <label><input type="radio"> Phone</label></fieldset>
  <label style="grid-column: 1/-1">Notes<textarea rows="4">{paragraph(rng, 1, 3)}</textarea></label>
  <div><button>Save</button> <button style="background: {t['muted']}">Cancel</button></div>
</form></main>"""


def html_table(rng, t):
    rows = []
    for _ in range(28):
        flag = pick(rng, ["normal", "high", "low", "normal", "normal"])
        rows.append(f"<tr><td>{pick(rng, TESTS)}</td><td>{rng.uniform(0, 200):.1f}</td><td>{pick(rng, UNITS)}</td>"
                    f"<td>{flag}</td><td>{ri(rng, 1, 29)}/{ri(rng, 1, 13)}/2024</td></tr>")
    return f"""{nav(rng, brand(rng))}<main><h1>Laboratory results</h1>
<p class="muted">Patient {person(rng)}, MRN {ri(rng, 10**7, 10**8)}</p>
<table><thead><tr><th>Test</th><th>Value</th><th>Units</th><th>Flag</th><th>Date</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table></main>"""


def html_article(rng, t):
    c1, c2 = pick(rng, SATURATED), pick(rng, PASTEL)
    paras = [f"<p>{paragraph(rng, 3, 7)}</p>" for _ in range(6)]
    return f"""{nav(rng, brand(rng))}<main style="max-width: 760px"><h1>{sentence(rng, 4, 9)[:-1]}</h1>
<p class="muted">By {person(rng)} &middot; {ri(rng, 2, 15)} min read</p>
<figure style="margin: 0">
  <div style="height: 260px; border-radius: 8px; background: linear-gradient(135deg, {rgb_text(c1)}, {rgb_text(c2)})"></div>
  <figcaption class="muted">{sentence(rng, 5, 10)}</figcaption></figure>
{''.join(paras[:3])}
<blockquote style="border-left: 4px solid {t['accent']}; margin: 0; padding-left: 16px; font-style: italic">
{sentence(rng)}</blockquote>
{''.join(paras[3:])}</main>"""


def html_dashboard(rng, t):
    cards = []
    for _ in range(4):
        colour = pick(rng, ["#1a8f3c", "#c0392b"])
        cards.append(f"<div class='panel'><div class='muted'>{pick(rng, WORDS).capitalize()}</div>"
                     f"<div style='font-size: 30px; font-weight: bold'>{ri(rng, 10, 99999):,}</div>"
                     f"<div style='color: {colour}'>{rng.uniform(-20, 20):+.1f}%</div></div>")
    bars = "".join(f"<div style='flex: 1; background: {t['accent']}; height: {ri(rng, 10, 100)}%'></div>" for _ in range(18))
    goals = []
    for _ in range(4):
        goals.append(f"<p>{pick(rng, WORDS).capitalize()}<span style='display: block; height: 10px; background: {t['bg']}'>"
                     f"<span style='display: block; height: 10px; width: {ri(rng, 5, 100)}%; background: {t['accent']}'>"
                     "</span></span></p>")
    side = "".join(f"<p>{pick(rng, WORDS).capitalize()}</p>" for _ in range(7))
    return f"""<div style="display: flex; min-height: 100vh">
<aside style="width: 200px; background: {t['panel']}; padding: 20px; flex: none"><b style="font-size: 18px">{brand(rng)}</b>{side}</aside>
<main style="flex: 1; max-width: none"><h1>Overview</h1>
<div style="display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px">{''.join(cards)}</div>
<div style="display: grid; grid-template-columns: 2fr 1fr; gap: 12px">
  <div class="panel"><b>Weekly activity</b>
    <div style="display: flex; align-items: flex-end; gap: 6px; height: 200px">{bars}</div></div>
  <div class="panel"><b>Goals</b>{''.join(goals)}</div></div></main></div>"""


def html_search(rng, t):
    results = []
    for _ in range(8):
        url = f"https://www.{pick(rng, WORDS)}{pick(rng, WORDS)}.example/{pick(rng, WORDS)}"
        results.append(f"<div style='margin: 18px 0'><div class='muted' style='font-size: 13px'>{url}</div>"
                       f"<a href='#' style='font-size: 19px'>{sentence(rng, 3, 8)[:-1]}</a><div>{sentence(rng, 12, 24)}</div></div>")
    return f"""<main><div style="display: flex; gap: 12px; align-items: center">
<b style="font-size: 26px; color: {t['accent']}">Find</b>
<input value="{pick(rng, WORDS)} {pick(rng, WORDS)}" style="max-width: 560px; border-radius: 22px"><button>Search</button></div>
<p class="muted">About {ri(rng, 1000, 9999999):,} results ({rng.uniform(0.1, 0.9):.2f} seconds)</p>{''.join(results)}</main>"""


def html_404(rng, t):
    return f"""{nav(rng, brand(rng))}<main style="text-align: center; padding-top: 80px">
<div style="font-size: 120px; font-weight: bold; color: {t['accent']}">404</div><h1>Page not found</h1>
<p class="muted">{sentence(rng)}</p><a class="btn" href="#">Back to home</a></main>"""


SWITCH_CSS = """
.sw {{display: inline-block; width: 44px; height: 24px; border-radius: 12px; background: {muted}; position: relative}}
.sw.on {{background: {accent}}}
.sw::after {{content: ''; position: absolute; top: 3px; left: 3px; width: 18px; height: 18px; border-radius: 50%;
            background: #fff}}
.sw.on::after {{left: 23px}}"""


def html_settings(rng, t):
    rows = []
    for _ in range(7):
        on = " on" if rng.random() < 0.5 else ""
        rows.append(f"<div class='panel' style='display: flex; justify-content: space-between; align-items: center'>"
                    f"<div><b>{pick(rng, WORDS).capitalize()} {pick(rng, WORDS)}</b>"
                    f"<div class='muted'>{sentence(rng, 5, 10)}</div></div><span class='sw{on}'></span></div>")
    return f"{nav(rng, brand(rng))}<main style='max-width: 720px'><h1>Settings</h1>{''.join(rows)}</main>"


def html_inbox(rng, t):
    mails = []
    for _ in range(22):
        weight = "bold" if rng.random() < 0.35 else "normal"
        mails.append(f"<tr style='font-weight: {weight}'><td><input type='checkbox'></td><td>{person(rng)}</td>"
                     f"<td>{sentence(rng, 3, 7)[:-1]} <span class='muted'>&ndash; {sentence(rng, 4, 9)}</span></td>"
                     f"<td>{ri(rng, 1, 13)}:{ri(rng, 0, 60):02d}</td></tr>")
    return f"""{nav(rng, brand(rng))}<main style="max-width: none">
<div style="display: flex; gap: 10px"><button>Compose</button><input placeholder="Search mail" style="max-width: 400px"></div>
<table style="margin-top: 12px; table-layout: fixed">
<colgroup><col style="width: 40px"><col style="width: 180px"><col><col style="width: 70px"></colgroup>
{''.join(mails)}</table></main>"""


def html_shop(rng, t):
    items = []
    for _ in range(8):
        gradient = f"linear-gradient({ri(rng, 0, 360)}deg, {rgb_text(pick(rng, SATURATED))}, {rgb_text(pick(rng, PASTEL))})"
        items.append(f"<div class='panel'><div style='height: 140px; border-radius: 6px; background: {gradient}'></div>"
                     f"<b>{pick(rng, WORDS).capitalize()} {pick(rng, WORDS)}</b><div class='muted'>{sentence(rng, 3, 7)}</div>"
                     f"<div style='font-size: 20px'>&euro;{rng.uniform(3, 300):.2f}</div><button>Add to basket</button></div>")
    return f"""{nav(rng, brand(rng))}<main><h1>{pick(rng, WORDS).capitalize()} collection</h1>
<div style="display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px">{''.join(items)}</div></main>"""


def html_calendar(rng, t):
    cells = ["<td></td>"] * ri(rng, 0, 7)
    for day in range(1, 31):
        event = ""
        if rng.random() < 0.3:
            event = (f"<div style='background: {t['accent']}; color: #fff; border-radius: 4px; font-size: 12px; "
                     f"padding: 2px 4px'>{pick(rng, WORDS)}</div>")
        cells.append(f"<td style='height: 80px; vertical-align: top'>{day}{event}</td>")
    weeks = "".join("<tr>" + "".join(cells[i:i + 7]) + "</tr>" for i in range(0, len(cells), 7))
    days = "".join(f"<th>{d}</th>" for d in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    month = pick(rng, ["April", "June", "September", "November"])
    return f"""{nav(rng, brand(rng))}<main><h1>{month} 2025</h1>
<table style="table-layout: fixed"><tr>{days}</tr>{weeks}</table></main>"""


def html_docs(rng, t):
    code = "\n".join(f"{pick(rng, WORDS)} = {pick(rng, WORDS)}({ri(rng, 0, 99)}, \"{pick(rng, WORDS)}\")" for _ in range(8))
    links = "".join(f"<p><a href='#'>{pick(rng, WORDS).capitalize()} {pick(rng, WORDS)}</a></p>" for _ in range(10))
    return f"""<div style="display: flex">
<aside style="width: 230px; flex: none; padding: 20px; background: {t['panel']}; min-height: 100vh">
<b>{brand(rng)} docs</b>{links}</aside>
<main><h1>{pick(rng, WORDS).capitalize()} API</h1><p>{paragraph(rng)}</p><pre class="panel">{code}</pre>
<h2>Parameters</h2><p>{paragraph(rng)}</p><pre class="panel">{code[::-1][:200]}</pre></main></div>"""


HTML_PAGES = [("login", html_login), ("form", html_form), ("table", html_table), ("article", html_article),
              ("dashboard", html_dashboard), ("search", html_search), ("404", html_404), ("settings", html_settings),
              ("inbox", html_inbox), ("shop", html_shop), ("calendar", html_calendar), ("docs", html_docs)]


def html_pages(rng):
    """[(name, theme, html)] of every page template, each with a theme and content drawn from rng."""
    pages = []
    for name, make in HTML_PAGES:
        theme = pick(rng, THEMES)
        extra = SWITCH_CSS.format(**theme) if name == "settings" else ""
        if name == "inbox":
            extra = "td {white-space: nowrap; overflow: hidden; text-overflow: ellipsis}"
        pages.append((name, theme, page(name.capitalize(), theme, make(rng, theme), extra)))
    return pages


def find_chromium(arg):
    for candidate in [arg, os.environ.get("SKINLESION_CHROMIUM"), "chromium", "chromium-browser"]:
        if not candidate:
            continue
        path = candidate if os.path.sep in candidate else shutil.which(candidate)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        if candidate == arg:
            return None  # an explicit --chromium that does not exist means "no chromium"
    return None


SPARE_ROWS = 256  # one raster tile: rendered below the window and cropped off (see screenshot())


def screenshot(chromium, html_path, size, workdir, timeout):
    """A w x h PNG of the page. Headless chromium now and then captures before the last tiles at the
    bottom of the viewport are painted, so the window is one tile taller and the capture is cropped."""
    w, h = size
    tag = f"{os.path.basename(html_path)[:-5]}-{w}x{h}"
    png = os.path.join(workdir, tag + ".png")
    cmd = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
           "--no-default-browser-check", "--disable-extensions", "--mute-audio", "--force-device-scale-factor=1",
           "--run-all-compositor-stages-before-draw", "--virtual-time-budget=2000",
           f"--user-data-dir={os.path.join(workdir, 'profile-' + tag)}", f"--window-size={w},{h + SPARE_ROWS}",
           f"--screenshot={png}", "file://" + html_path]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    if not os.path.isfile(png):
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"chromium exit {proc.returncode}, no screenshot ({tail[0][:200]})")
    with Image.open(png) as im:
        out = to_rgb_or_l(im).crop((0, 0, w, h))
        out.load()
    shutil.rmtree(os.path.join(workdir, "profile-" + tag), ignore_errors=True)
    return out


def plan_screenshot(rng, ctx):
    pages = html_pages(rng)
    windows = [[WINDOWS[k] for k in rng.permutation(len(WINDOWS))[:4]] for _ in pages]
    chromium = find_chromium(ctx.chromium)
    if chromium is None:
        ctx.warn("screenshot", f"chromium not found ({ctx.chromium or 'chromium on PATH / $SKINLESION_CHROMIUM'}); group skipped")
        return []
    workdir = tempfile.mkdtemp(prefix="negatives-html-")
    ctx.cleanup.append(workdir)
    jobs = []
    for (name, theme, html), sizes in zip(pages, windows):
        path = os.path.join(workdir, f"{name}.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(html)
        for size in sizes:
            src = f"chromium screenshot of generated '{name}' page ({theme['name']} theme) window {size[0]}x{size[1]}"
            jobs.append(Job(src, "png", lambda a=(chromium, path, size, workdir, ctx.timeout): screenshot(*a)))
    jobs[0].probe = True  # a chromium that cannot start fails once, not 48 times
    return jobs


# ---------------------------------------------------------------------------------------------
# photo, medical (skimage data)

PHOTO_FILES = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png",
               "motorcycle_right.png", "brick.png", "grass.png", "gravel.png", "camera.png", "horse.png",
               "coins.png", "moon.png", "page.png", "text.png", "hubble_deep_field.jpg", "color.png",
               "logo.png", "clock_motion.png", "bw_text.png"]
MEDICAL_FILES = ["ihc.png", "cell.png", "microaneurysms.png", "retina.jpg", "phantom.png"]
TARGETS = [(200, 150), (640, 480), (512, 512), (1024, 768), (480, 640), (1280, 720), (300, 400), (256, 256)]
VARIANT_KINDS = ["crop", "rescale", "crop-resize", "rotate"]


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


def plan_variant(rng, kind, w, h):
    """Parameters of one variant; returns (description, function image -> image)."""
    if kind == "crop":
        box = crop_box(rng, w, h)
        size = fit_side((box[2] - box[0], box[3] - box[1]))
        return (f"crop box {box}", lambda im: resized(im.crop(box), size))
    if kind == "rescale":
        f = float(rng.uniform(0.4, 2.2))
        size = fit_side((int(round(w * f)), int(round(h * f))))
        return (f"rescale x{f:.2f} to {size[0]}x{size[1]}", lambda im: resized(im, size))
    if kind == "crop-resize":
        target = pick(rng, TARGETS)
        box = crop_box(rng, w, h, target[0] / target[1])
        return (f"crop box {box} resized to {target[0]}x{target[1]}", lambda im: resized(im.crop(box), target))
    op = pick(rng, [Image.ROTATE_90, Image.ROTATE_270, Image.FLIP_LEFT_RIGHT, Image.ROTATE_180])
    name = {Image.ROTATE_90: "rotate 90", Image.ROTATE_270: "rotate 270", Image.FLIP_LEFT_RIGHT: "mirror",
            Image.ROTATE_180: "rotate 180"}[op]
    box = crop_box(rng, w, h) if rng.random() < 0.5 else (0, 0, w, h)
    bw, bh = box[2] - box[0], box[3] - box[1]
    size = fit_side((bh, bw) if op in (Image.ROTATE_90, Image.ROTATE_270) else (bw, bh))
    return (f"{name} of box {box}", lambda im: resized(im.crop(box).transpose(op), size))


def load_normalised(path):
    with Image.open(path) as im:
        im.load()
        return to_rgb_or_l(im)


def as_is(path):
    """The file's own bytes when it is already an RGB/greyscale PNG/JPEG within limits; else re-encoded."""
    with Image.open(path) as im:
        ok = im.mode in ("RGB", "L") and im.format in ("PNG", "JPEG") and MIN_SIDE <= min(im.size) and max(im.size) <= MAX_SIDE
    if ok:
        with open(path, "rb") as f:
            return f.read()
    im = load_normalised(path)
    return resized(im, fit_side(im.size, hi=MAX_SIDE))


def plan_skimage(rng, ctx, group, files, n_variants):
    folder = ctx.skimage_data
    if not os.path.isdir(folder):
        ctx.warn(group, f"skimage data folder {folder} not found (Debian package python3-skimage); group skipped")
        return []
    jobs = []
    for k, name in enumerate(files):
        path = os.path.join(folder, name)
        try:
            with Image.open(path) as im:
                w, h = im.size
                fmt, mode = im.format, im.mode
        except Exception as e:  # noqa: BLE001 - any unreadable source is a skip, not a crash
            ctx.warn(group, f"skimage:{name} unreadable or missing ({type(e).__name__}); skipped")
            continue
        ext = "jpg" if fmt == "JPEG" else "png"
        note = "" if mode in ("RGB", "L") else f" ({mode} converted to {'RGB' if mode != '1' else 'L'})"
        jobs.append(Job(f"skimage:{name} as-is{note}", ext, lambda p=path: as_is(p)))
        for v in range(n_variants):
            kind = VARIANT_KINDS[(k + v) % len(VARIANT_KINDS)]
            desc, fn = plan_variant(rng, kind, w, h)
            jobs.append(Job(f"skimage:{name} {kind} {v + 1} {desc}", ext, lambda p=path, f=fn: f(load_normalised(p))))
    return jobs


def plan_photo(rng, ctx):
    return plan_skimage(rng, ctx, "photo", PHOTO_FILES, 3)


def plan_medical(rng, ctx):
    return plan_skimage(rng, ctx, "medical", MEDICAL_FILES, 7)


# ---------------------------------------------------------------------------------------------
# wallpaper

RASTER = {".jpg", ".jpeg", ".png", ".webp"}  # WebP is decoded by PIL and written as JPEG


def plan_wallpaper(rng, ctx):
    folder = ctx.backgrounds
    if not os.path.isdir(folder):
        ctx.warn("wallpaper", f"{folder} not found (Debian package gnome-backgrounds); group skipped")
        return []
    jobs, skipped = [], []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        ext = os.path.splitext(name)[1].lower()
        if not os.path.isfile(path):
            continue
        if ext not in RASTER:
            skipped.append(name)
            continue
        try:
            with Image.open(path) as im:
                w, h = im.size
                fmt = im.format
        except Exception as e:  # noqa: BLE001
            ctx.warn("wallpaper", f"{name} unreadable ({type(e).__name__}); skipped")
            continue
        if min(w, h) < MIN_SIDE:
            ctx.warn("wallpaper", f"{name} is {w}x{h}, below {MIN_SIDE} px; skipped")
            continue
        out_ext = "png" if fmt == "PNG" else "jpg"
        full = fit_side((w, h))
        jobs.append(Job(f"gnome-backgrounds:{name} full, long side <= 2048 ({full[0]}x{full[1]})", out_ext,
                        lambda p=path, s=full: resized(load_normalised(p), s)))
        box = crop_box(rng, w, h, 16 / 9)
        size = (min(1920, box[2] - box[0]), min(1080, box[3] - box[1]))
        size = fit_side((size[0], int(round(size[0] * 9 / 16))))
        jobs.append(Job(f"gnome-backgrounds:{name} 16:9 crop {box} to {size[0]}x{size[1]}", out_ext,
                        lambda p=path, b=box, s=size: resized(load_normalised(p).crop(b), s)))
        target = pick(rng, [(720, 1280), (1024, 768), (800, 600), (1080, 1920), (1366, 768), (512, 512), (390, 844)])
        box = crop_box(rng, w, h, target[0] / target[1])
        if target[0] > box[2] - box[0]:
            target = fit_side((box[2] - box[0], box[3] - box[1]))
        jobs.append(Job(f"gnome-backgrounds:{name} crop {box} to {target[0]}x{target[1]}", out_ext,
                        lambda p=path, b=box, s=target: resized(load_normalised(p).crop(b), s)))
    if skipped:
        ctx.note("wallpaper", f"{len(skipped)} non-raster files skipped (svg/xml/jxl): {', '.join(skipped)}")
    if not jobs:
        ctx.warn("wallpaper", f"no JPEG/PNG/WebP images in {folder}; group empty")
    return jobs


PLANNERS = {"solid": plan_solid, "gradient": plan_gradient, "noise": plan_noise, "text": plan_text,
            "screenshot": plan_screenshot, "photo": plan_photo, "medical": plan_medical, "wallpaper": plan_wallpaper}


# ---------------------------------------------------------------------------------------------
# driver


class Context:
    def __init__(self, args):
        self.fonts, self.skimage_data, self.backgrounds = args.fonts, args.skimage_data, args.backgrounds
        self.chromium, self.timeout = args.chromium, args.chromium_timeout
        self.notes = {g: [] for g in GROUPS}
        self.cleanup = []

    def warn(self, group, message):
        print(f"warning: {group}: {message}", file=sys.stderr, flush=True)
        self.notes[group].append(message)

    def note(self, group, message):
        print(f"note: {group}: {message}", flush=True)
        self.notes[group].append(message)


def render(job):
    """Returns the file bytes of one job, or raises."""
    out = job.make()
    if isinstance(out, bytes):
        data = out
    else:
        w, h = out.size
        if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
            raise ValueError(f"size {w}x{h} outside {MIN_SIDE}..{MAX_SIDE}")
        data = save_bytes(out, job.ext)
    if len(data) > MAX_BYTES:
        raise ValueError(f"{len(data)} bytes, over {MAX_BYTES}")
    return data


def run_group(group, jobs, out_dir, ctx, pool):
    """Writes the group's images; returns the labels rows of the images written."""
    for i, job in enumerate(jobs, 1):
        job.image_id = f"{group}-{i:03d}"
    if jobs and jobs[0].probe:
        try:
            first = [render(jobs[0])]
        except Exception as e:  # noqa: BLE001
            ctx.warn(group, f"first image failed ({e}); group skipped")
            return []
        rest = jobs[1:]
    else:
        first, rest = [], jobs

    def safe(job):
        try:
            return render(job)
        except Exception as e:  # noqa: BLE001
            return e

    rows, failed = [], 0
    for job, data in zip(jobs, first + list(pool.map(safe, rest))):
        if isinstance(data, Exception):
            failed += 1
            print(f"warning: {group}: {job.image_id} ({job.source}) failed: {data}", file=sys.stderr, flush=True)
            continue
        with open(os.path.join(out_dir, f"{job.image_id}.{job.ext}"), "wb") as f:
            f.write(data)
        rows.append((job.image_id, group, job.source))
    if failed:
        ctx.notes[group].append(f"{failed} images failed (see warnings)")
    return rows


OLD_FILE = re.compile(r"^(%s)-\d+\.(png|jpg)$" % "|".join(GROUPS))


def parse_args(argv):
    p = argparse.ArgumentParser(prog="negatives.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output folder (created; earlier negatives in it are replaced)")
    p.add_argument("--seed", type=int, default=0, help="seed of every random choice (default 0)")
    p.add_argument("--groups", default=",".join(GROUPS),
                   help=f"comma-separated groups to generate (default all: {','.join(GROUPS)})")
    p.add_argument("--max-per-group", type=int, default=None, metavar="N",
                   help="keep only the first N images of each group's plan (for quick runs and tests); "
                        "those N are identical to the first N of a full run")
    p.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="parallel workers (default min(4, CPUs))")
    p.add_argument("--skimage-data", default=default_skimage_data(),
                   help="skimage's data folder (default: next to the installed skimage, %(default)s)")
    p.add_argument("--fonts", default=DEFAULT_FONTS, help="folder of the DejaVu TrueType fonts (default %(default)s)")
    p.add_argument("--backgrounds", default=DEFAULT_BACKGROUNDS, help="folder of wallpapers (default %(default)s)")
    p.add_argument("--chromium", default=None,
                   help="chromium executable (default: $SKINLESION_CHROMIUM, else chromium on PATH); a path that does "
                        "not exist skips the screenshot group")
    p.add_argument("--chromium-timeout", type=float, default=90.0, help="seconds per screenshot (default 90)")
    args = p.parse_args(argv)
    groups = [g.strip() for g in args.groups.split(",") if g.strip()]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown or not groups:
        p.error(f"unknown group(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(GROUPS)}")
    args.groups = [g for g in GROUPS if g in groups]
    if args.max_per_group is not None and args.max_per_group < 1:
        p.error("--max-per-group must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    start = time.time()
    os.makedirs(args.out, exist_ok=True)
    removed = 0
    for name in os.listdir(args.out):
        if OLD_FILE.match(name) or name == "labels.csv":
            os.remove(os.path.join(args.out, name))
            removed += 1
    if removed:
        print(f"removed {removed} files of an earlier run from {args.out}")
    ctx = Context(args)
    rows, counts, seconds = [], {}, {}
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for group in args.groups:
                t0 = time.time()
                jobs = PLANNERS[group](group_rng(args.seed, group), ctx)
                if args.max_per_group is not None:
                    jobs = jobs[: args.max_per_group]
                written = run_group(group, jobs, args.out, ctx, pool)
                rows += written
                counts[group] = len(written)
                seconds[group] = time.time() - t0
                print(f"{group}: {len(written)} images in {seconds[group]:.1f} s", flush=True)
    finally:
        for d in ctx.cleanup:
            shutil.rmtree(d, ignore_errors=True)
    rows.sort()
    with open(os.path.join(args.out, "labels.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["image_id", "group", "source"])
        w.writerows(rows)
    total = time.time() - start
    print()
    print(f"{'group':<11} {'images':>6} {'seconds':>8}  notes")
    for group in args.groups:
        notes = "; ".join(ctx.notes[group])
        print(f"{group:<11} {counts[group]:>6} {seconds[group]:>8.1f}  {notes}")
    print(f"{'total':<11} {len(rows):>6} {total:>8.1f}  seed {args.seed}, written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
