"""photo and medical: skimage's bundled images, each as-is plus seeded crops, rescales and rotations.

--partition fit/report: each draws on its half of the files (partition.PHOTO_SPLIT, MEDICAL_SPLIT) with more
variants per file (PHOTO_VARIANTS, MEDICAL_VARIANTS); `all` uses every file, as before."""

import os

from PIL import Image

from .partition import MEDICAL_SPLIT, MEDICAL_VARIANTS, PHOTO_SPLIT, PHOTO_VARIANTS, source_prefix
from .common import MAX_SIDE, MIN_SIDE, Job, crop_box, fit_side, load_normalised, pick, resized

PHOTO_FILES = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png",
               "motorcycle_right.png", "brick.png", "grass.png", "gravel.png", "camera.png", "horse.png",
               "coins.png", "moon.png", "page.png", "text.png", "hubble_deep_field.jpg", "color.png",
               "logo.png", "clock_motion.png", "bw_text.png"]
MEDICAL_FILES = ["ihc.png", "cell.png", "microaneurysms.png", "retina.jpg", "phantom.png"]
TARGETS = [(200, 150), (640, 480), (512, 512), (1024, 768), (480, 640), (1280, 720), (300, 400), (256, 256)]
VARIANT_KINDS = ["crop", "rescale", "crop-resize", "rotate"]


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



def as_is(path):
    """The file's own bytes when it is already an RGB/greyscale PNG/JPEG within limits; else re-encoded."""
    with Image.open(path) as im:
        ok = im.mode in ("RGB", "L") and im.format in ("PNG", "JPEG") and MIN_SIDE <= min(im.size) and max(im.size) <= MAX_SIDE
    if ok:
        with open(path, "rb") as f:
            return f.read()
    im = load_normalised(path)
    return resized(im, fit_side(im.size, hi=MAX_SIDE))


def plan_files(rng, ctx, group, folder, files, n_variants, label, prefix=""):
    """Each file as-is plus n_variants seeded variants; `label` names the source in labels.csv (label:name)."""
    jobs = []
    for k, name in enumerate(files):
        path = os.path.join(folder, name)
        try:
            with Image.open(path) as im:
                w, h = im.size
                fmt, mode = im.format, im.mode
        except Exception as e:  # noqa: BLE001 - any unreadable source is a skip, not a crash
            ctx.warn(group, f"{label}:{name} unreadable or missing ({type(e).__name__}); skipped")
            continue
        ext = "jpg" if fmt == "JPEG" else "png"
        note = "" if mode in ("RGB", "L") else f" ({mode} converted to {'RGB' if mode != '1' else 'L'})"
        jobs.append(Job(f"{prefix}{label}:{name} as-is{note}", ext, lambda p=path: as_is(p)))
        for v in range(n_variants):
            kind = VARIANT_KINDS[(k + v) % len(VARIANT_KINDS)]
            desc, fn = plan_variant(rng, kind, w, h)
            jobs.append(Job(f"{prefix}{label}:{name} {kind} {v + 1} {desc}", ext,
                            lambda p=path, f=fn: f(load_normalised(p))))
    return jobs


def plan_skimage(rng, ctx, group, files, n_variants):
    folder = ctx.skimage_data
    if not os.path.isdir(folder):
        ctx.warn(group, f"skimage data folder {folder} not found (Debian package python3-skimage); group skipped")
        return []
    partition = getattr(ctx, "partition", "all")
    return plan_files(rng, ctx, group, folder, files, n_variants, "skimage", source_prefix(group, partition))


def plan_photo(rng, ctx):
    partition = getattr(ctx, "partition", "all")
    files = PHOTO_FILES if partition == "all" else PHOTO_SPLIT[partition]
    return plan_skimage(rng, ctx, "photo", files, PHOTO_VARIANTS[partition])


def plan_medical(rng, ctx):
    partition = getattr(ctx, "partition", "all")
    files = MEDICAL_FILES if partition == "all" else MEDICAL_SPLIT[partition]
    return plan_skimage(rng, ctx, "medical", files, MEDICAL_VARIANTS[partition])
