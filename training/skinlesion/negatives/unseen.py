"""unseen-photo and unseen-medical: matplotlib's sample images (Debian package python-matplotlib-data), a source
no other group uses, generated only with --partition report so that a head fitted on --partition fit never saw it.

  unseen-photo    grace_hopper.jpg (portrait photograph, 512x600), Minduka_Present_Blue_Pack.png (a wrapped
                  present, 128x128, RGBA flattened on white), logo2.png (matplotlib's logo, 560x120, RGBA):
                  each as-is plus seeded crops, rescales and rotations (UNSEEN_PHOTO_VARIANTS).
  unseen-medical  s1045.ima.gz, a sagittal MRI slice of a head (raw 256x256 16-bit big-endian, scaled to 8-bit
                  greyscale by its maximum): as-is plus 19 variants (crops, rescales, rotations, and some with
                  a gamma change of contrast).

Only numpy and PIL read them; matplotlib itself is not needed. Without the folder (--mpl-data) the groups are
skipped with a warning.
"""

import gzip
import os

import numpy as np
from PIL import Image

from .common import Job
from .partition import source_prefix
from .photo import VARIANT_KINDS, plan_files, plan_variant

DEFAULT_MPL_DATA = "/usr/share/matplotlib/mpl-data/sample_data"
UNSEEN_PHOTO_VARIANTS = {"grace_hopper.jpg": 13, "Minduka_Present_Blue_Pack.png": 7, "logo2.png": 7}
MRI_FILE = "s1045.ima.gz"
MRI_VARIANTS = 19
GAMMAS = [0.6, 0.8, 1.25, 1.6]


def _folder(ctx, group):
    folder = getattr(ctx, "mpl_data", DEFAULT_MPL_DATA)
    if not os.path.isdir(folder):
        ctx.warn(group, f"matplotlib sample data {folder} not found (Debian package python-matplotlib-data); "
                        "group skipped")
        return None
    return folder


def plan_unseen_photo(rng, ctx):
    folder = _folder(ctx, "unseen-photo")
    if folder is None:
        return []
    prefix = source_prefix("unseen-photo", getattr(ctx, "partition", "report"))
    jobs = []
    for name, n in UNSEEN_PHOTO_VARIANTS.items():
        jobs += plan_files(rng, ctx, "unseen-photo", folder, [name], n, "python-matplotlib-data", prefix)
    return jobs


def load_mri(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if len(raw) != 256 * 256 * 2:
        raise ValueError(f"{len(raw)} bytes, not a 256x256 16-bit slice")
    a = np.frombuffer(raw, ">u2").reshape(256, 256).astype(np.float64)
    return Image.fromarray(np.round(a / max(a.max(), 1.0) * 255).astype(np.uint8), "L")


def _gamma(image, g):
    a = np.asarray(image, np.float64) / 255.0
    return Image.fromarray(np.round(255.0 * a ** g).astype(np.uint8), "L")


def plan_unseen_medical(rng, ctx):
    group = "unseen-medical"
    folder = _folder(ctx, group)
    if folder is None:
        return []
    path = os.path.join(folder, MRI_FILE)
    try:
        w, h = load_mri(path).size
    except Exception as e:  # noqa: BLE001 - an unreadable source is a skip, not a crash
        ctx.warn(group, f"python-matplotlib-data:{MRI_FILE} unreadable or missing ({type(e).__name__}); group skipped")
        return []
    prefix = source_prefix(group, getattr(ctx, "partition", "report"))
    label = f"{prefix}python-matplotlib-data:{MRI_FILE} (MRI slice, 16-bit scaled to 8-bit)"
    jobs = [Job(f"{label} as-is", "png", lambda: load_mri(path))]
    for v in range(MRI_VARIANTS):
        kind = VARIANT_KINDS[v % len(VARIANT_KINDS)]
        desc, fn = plan_variant(rng, kind, w, h)
        g = float(GAMMAS[int(rng.integers(len(GAMMAS)))]) if rng.random() < 0.4 else None
        desc += f" gamma {g}" if g else ""
        jobs.append(Job(f"{label} {kind} {v + 1} {desc}", "png",
                        lambda f=fn, g=g: (lambda im: _gamma(im, g) if g else im)(f(load_mri(path)))))
    return jobs
