"""wallpaper: the installed GNOME backgrounds, downscaled, plus a 16:9 crop and a screen-sized crop of each.

--partition fit/report: only the backgrounds of that partition's designs (partition.wallpaper_partition: the dark
and light versions of a design go together), with two rounds of the two crops (WALLPAPER_ROUNDS)."""

import os

from PIL import Image

from .common import MIN_SIDE, Job, crop_box, fit_side, load_normalised, pick, resized
from .partition import WALLPAPER_ROUNDS, source_prefix, wallpaper_partition

RASTER = {".jpg", ".jpeg", ".png", ".webp"}  # WebP is decoded by PIL and written as JPEG


def plan_wallpaper(rng, ctx):
    folder = ctx.backgrounds
    if not os.path.isdir(folder):
        ctx.warn("wallpaper", f"{folder} not found (Debian package gnome-backgrounds); group skipped")
        return []
    partition = getattr(ctx, "partition", "all")
    prefix, rounds = source_prefix("wallpaper", partition), WALLPAPER_ROUNDS[partition]
    jobs, skipped = [], []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        ext = os.path.splitext(name)[1].lower()
        if not os.path.isfile(path):
            continue
        if partition != "all" and wallpaper_partition(name) != partition:
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
        jobs.append(Job(f"{prefix}gnome-backgrounds:{name} full, long side <= 2048 ({full[0]}x{full[1]})", out_ext,
                        lambda p=path, s=full: resized(load_normalised(p), s)))
        for _ in range(rounds):
            box = crop_box(rng, w, h, 16 / 9)
            size = (min(1920, box[2] - box[0]), min(1080, box[3] - box[1]))
            size = fit_side((size[0], int(round(size[0] * 9 / 16))))
            jobs.append(Job(f"{prefix}gnome-backgrounds:{name} 16:9 crop {box} to {size[0]}x{size[1]}", out_ext,
                            lambda p=path, b=box, s=size: resized(load_normalised(p).crop(b), s)))
            target = pick(rng, [(720, 1280), (1024, 768), (800, 600), (1080, 1920), (1366, 768), (512, 512), (390, 844)])
            box = crop_box(rng, w, h, target[0] / target[1])
            if target[0] > box[2] - box[0]:
                target = fit_side((box[2] - box[0], box[3] - box[1]))
            jobs.append(Job(f"{prefix}gnome-backgrounds:{name} crop {box} to {target[0]}x{target[1]}", out_ext,
                            lambda p=path, b=box, s=target: resized(load_normalised(p).crop(b), s)))
    if skipped:
        ctx.note("wallpaper", f"{len(skipped)} non-raster files skipped (svg/xml/jxl): {', '.join(skipped)}")
    if not jobs:
        ctx.warn("wallpaper", f"no JPEG/PNG/WebP images in {folder}; group empty")
    return jobs
