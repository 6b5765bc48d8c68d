"""unseen-object: photographs of animals, food and plants (Debian package tuxpaint-stamps-default), a source neither
partition otherwise uses, generated only with --partition report.

Why (ADR 0039): the report partition's photographs were ten skimage scenes and three matplotlib files, so one source
image moved a group by up to 10 points, and ADR 0038's change of the fit was motivated by them. Tux Paint's stamps are
hundreds of independent images: each is its own source. They are cut out on transparency, so each is placed on a
plain, light canvas, as a catalogue or product photograph is taken.

  tuxpaint-stamps-default  every PNG under stamps/animals, stamps/food and stamps/plants (252 in version 2022.06.04:
                           217 photographs, and 35 drawings in its cartoon/ folders), once each; its SVGs are
                           skipped.

Each stamp is flattened on a seeded light background (white, off-white or pale grey), scaled so that it fills
OBJECT_FILL of the canvas's smaller side (never upscaled more than MAX_UPSCALE), placed near the centre, and written
as JPEG on a canvas of one of CANVASES. A missing package is a warning and the group is skipped.
"""

import os

from PIL import Image

from .common import Job, pick, rgb_text
from .partition import source_prefix

DEFAULT_STAMPS = "/usr/share/tuxpaint/stamps"
FOLDERS = ["animals", "food", "plants"]
PACKAGE = "tuxpaint-stamps-default"
CANVASES = [(640, 480), (800, 600), (1024, 768), (480, 640), (600, 800), (1000, 1000), (1280, 960)]
BACKGROUNDS = [(255, 255, 255), (250, 248, 240), (242, 242, 242), (235, 235, 230), (248, 244, 236)]
OBJECT_FILL = (0.5, 0.9)
MAX_UPSCALE = 4.0


def stamp_files(folder):
    """The stamps' PNG files under FOLDERS, relative to `folder`, sorted (the plan's order); none where it is absent."""
    files = []
    for sub in FOLDERS:
        for root, _, names in os.walk(os.path.join(folder, sub)):
            files += [os.path.relpath(os.path.join(root, n), folder) for n in names if n.lower().endswith(".png")]
    return sorted(files)


def on_canvas(path, canvas, background, fill, offset):
    """The stamp flattened on `background`, scaled to `fill` of the canvas's smaller side, shifted by `offset` (a
    share of the free margin each way) from the centre."""
    with Image.open(path) as im:
        stamp = im.convert("RGBA")
    cw, ch = canvas
    scale = min(fill * min(cw, ch) / max(stamp.size), MAX_UPSCALE)
    size = (max(1, round(stamp.width * scale)), max(1, round(stamp.height * scale)))
    stamp = stamp.resize(size, Image.LANCZOS if scale < 1 else Image.BICUBIC)
    image = Image.new("RGBA", canvas, background + (255,))
    x = round((cw - size[0]) / 2 * (1 + offset[0]))
    y = round((ch - size[1]) / 2 * (1 + offset[1]))
    image.alpha_composite(stamp, (max(0, x), max(0, y)))
    return image.convert("RGB")


def plan_unseen_object(rng, ctx):
    group = "unseen-object"
    folder = getattr(ctx, "stamps", DEFAULT_STAMPS)
    files = stamp_files(folder)  # none when the folder is absent: os.walk yields nothing
    if not files:
        ctx.warn(group, f"Tux Paint stamps {folder} not found or empty (Debian package {PACKAGE}); group skipped")
        return []
    prefix = source_prefix(group, getattr(ctx, "partition", "report"))
    jobs = []
    for name in files:
        canvas, background = pick(rng, CANVASES), pick(rng, BACKGROUNDS)
        fill = float(rng.uniform(*OBJECT_FILL))
        offset = (float(rng.uniform(-0.5, 0.5)), float(rng.uniform(-0.5, 0.5)))
        desc = (f"on {canvas[0]}x{canvas[1]} {rgb_text(background)}, {fill:.0%} of the short side, "
                f"offset ({offset[0]:+.2f}, {offset[1]:+.2f})")
        path = os.path.join(folder, name)
        jobs.append(Job(f"{prefix}{PACKAGE}:{name} {desc}", "jpg",
                        lambda p=path, c=canvas, b=background, f=fill, o=offset: on_canvas(p, c, b, f, o)))
    return jobs
