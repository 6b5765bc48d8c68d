"""Render HAM10000 training images as other clinics' dermoscopes and cameras show them.

The out-of-distribution check (training/ood.py) must accept dermoscopic images from other clinics,
yet HAM10000 comes from two sites with consistent framing. Images from elsewhere differ in ways that
say nothing about whether the picture is a skin lesion: colour-calibration stickers at the edge of
the field, rulers, the dark rim of a contact dermoscope, a closer field of view, another white
balance, and archives that were resized to a square without keeping the aspect ratio. This script
applies those changes to HAM10000 images so that ood.py can fit the embedding covariance on them too.

Only the HAM10000 training and validation splits are rendered; the test split and the external
sets (ISIC 2016/2017) are not read, so nothing here is tuned on a set the project reports.

Writes <out>/<image_id>_a<k>.jpg, <out>/labels.csv (image_id,dx) and <out>/split.csv
(image_id,lesion_id,dx,split, the split of the source image), for the C# evaluate command:

    /usr/bin/python3 training/acquisition.py --out .data/ood/acquisition
    dotnet run --project src/SkinLesion.Cli -c Release -- evaluate --images .data/ood/acquisition \\
        --labels .data/ood/acquisition/labels.csv --split train --split-file .data/ood/acquisition/split.csv \\
        --out .data/ood/acquisition-train --bootstrap 1 --embeddings .data/ood/acquisition-train.npy

Runs on Debian's Python (python3-numpy, python3-pil). Deterministic for a given --seed.
"""
from __future__ import annotations

import argparse
import csv
import io
import os

import numpy as np
from PIL import Image, ImageDraw

from .data import iter_archive, read_csv

# Sticker colours seen on calibration patches and dressings: saturated primaries, white, grey, black.
STICKERS = [(40, 110, 220), (30, 160, 70), (235, 220, 60), (238, 238, 238), (175, 175, 175),
            (200, 45, 45), (25, 25, 25), (120, 200, 230)]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--images", default="../shared/data/ham10000/images.tar.gz", help="HAM10000 images.tar.gz (default: %(default)s)")
    p.add_argument("--split-file", default="training/splits/ham10000.csv", help="committed lesion-level split (default: %(default)s)")
    p.add_argument("--out", default=".data/ood/acquisition", help="output folder (default: %(default)s)")
    p.add_argument("--variants", type=int, default=2, help="renderings per training image (default: %(default)s)")
    p.add_argument("--validation-variants", type=int, default=1, help="renderings per validation image (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    return p.parse_args(argv)


def colour(rng: np.random.Generator, rgb: np.ndarray) -> np.ndarray:
    """Another white balance and tone curve."""
    gains = rng.uniform(0.88, 1.12, size=3)
    gamma = rng.uniform(0.85, 1.15)
    x = (rgb.astype(np.float64) / 255.0) ** gamma * gains
    return np.clip(x * 255.0 + 0.5, 0, 255).astype(np.uint8)


def zoom(rng: np.random.Generator, image: Image.Image) -> Image.Image:
    """A closer field of view: a random crop of 60-90% of each side, back at the original size."""
    w, h = image.size
    f = rng.uniform(0.6, 0.9)
    cw, ch = round(w * f), round(h * f)
    x0 = int(rng.integers(0, w - cw + 1))
    y0 = int(rng.integers(0, h - ch + 1))
    return image.crop((x0, y0, x0 + cw, y0 + ch)).resize((w, h), Image.BICUBIC)


def sticker(rng: np.random.Generator, image: Image.Image) -> Image.Image:
    """A round calibration sticker entering the field from the left or right edge."""
    w, h = image.size
    r = rng.uniform(0.25, 0.45) * h
    right = rng.random() < 0.5
    cx = (w - rng.uniform(-0.6, 0.2) * r) if right else rng.uniform(-0.6, 0.2) * r
    cy = rng.uniform(0.2, 0.8) * h
    fill = np.array(STICKERS[int(rng.integers(len(STICKERS)))], dtype=np.float64)
    layer = np.broadcast_to(fill, (h, w, 3)) + rng.normal(0, 6, size=(h, w, 3))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    if rng.random() < 0.3:
        inner = np.array(STICKERS[int(rng.integers(len(STICKERS)))], dtype=np.float64)
        ri = r * rng.uniform(0.4, 0.7)
        inner_mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(inner_mask).ellipse((cx - ri, cy - ri, cx + ri, cy + ri), fill=255)
        m = np.asarray(inner_mask, dtype=np.float64)[..., None] / 255
        layer = layer * (1 - m) + (inner + rng.normal(0, 6, size=(h, w, 3))) * m
    sticker_image = Image.fromarray(np.clip(layer, 0, 255).astype(np.uint8))
    return Image.composite(sticker_image, image, mask)


def ruler(rng: np.random.Generator, image: Image.Image) -> Image.Image:
    """A millimetre ruler along one edge: a line with ticks, dark or light."""
    w, h = image.size
    draw = ImageDraw.Draw(image)
    ink = (30, 30, 30) if rng.random() < 0.6 else (230, 230, 230)
    step = rng.uniform(3.0, 6.0)
    horizontal = rng.random() < 0.5
    if horizontal:
        y = rng.uniform(0.8, 0.95) * h if rng.random() < 0.5 else rng.uniform(0.05, 0.2) * h
        x0, x1 = sorted(rng.uniform(0, w, size=2))
        x1 = max(x1, x0 + 0.4 * w)
        draw.line((x0, y, x1, y), fill=ink, width=1)
        for k, x in enumerate(np.arange(x0, x1, step)):
            draw.line((x, y, x, y - (6 if k % 5 == 0 else 3)), fill=ink, width=1)
    else:
        x = rng.uniform(0.85, 0.97) * w if rng.random() < 0.5 else rng.uniform(0.03, 0.15) * w
        y0, y1 = sorted(rng.uniform(0, h, size=2))
        y1 = max(y1, y0 + 0.4 * h)
        draw.line((x, y0, x, y1), fill=ink, width=1)
        for k, y in enumerate(np.arange(y0, y1, step)):
            draw.line((x, y, x - (6 if k % 5 == 0 else 3), y), fill=ink, width=1)
    return image


def rim(rng: np.random.Generator, image: Image.Image) -> Image.Image:
    """The dark rim of a contact dermoscope: black outside a centred circle."""
    w, h = image.size
    r = rng.uniform(0.55, 0.8) * np.hypot(w, h) / 2
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).ellipse((w / 2 - r, h / 2 - r, w / 2 + r, h / 2 + r), fill=255)
    return Image.composite(image, Image.new("RGB", (w, h), (int(rng.integers(0, 25)),) * 3), mask)


def render(rng: np.random.Generator, source: Image.Image) -> Image.Image:
    image = source.convert("RGB")
    if rng.random() < 0.7:
        image = Image.fromarray(colour(rng, np.asarray(image)))
    if rng.random() < 0.4:
        image = zoom(rng, image)
    changed = False
    for probability, change in ((0.35, sticker), (0.25, ruler), (0.25, rim)):
        if rng.random() < probability:
            image = change(rng, image)
            changed = True
    # Archives resized to a square without keeping the aspect ratio (ISIC 2016/2017 as shipped).
    if not changed or rng.random() < 0.5:
        image = image.resize((256, 256), Image.BICUBIC)
    return image

def render_archive(args: argparse.Namespace, rows: dict[str, dict]) -> tuple[list[tuple], list[tuple]]:
    """Renders every training and validation image of the archive; returns the labels and split rows written."""
    counts = {"train": args.variants, "validation": args.validation_variants}
    labels, splits = [], []
    # Archive order, so the gzip stream is read once; the seed comes from the image id, not the order.
    for image_id, encoded in iter_archive(args.images):
        row = rows.get(image_id)
        if row is None or row["split"] not in counts:
            continue
        with Image.open(io.BytesIO(encoded)) as source:
            source.load()
            for k in range(counts[row["split"]]):
                rng = np.random.default_rng([args.seed, int("".join(filter(str.isdigit, image_id))), k])
                name = f"{image_id}_a{k}"
                render(rng, source).save(os.path.join(args.out, name + ".jpg"), quality=90)
                labels.append((name, row["dx"]))
                splits.append((name, row["lesion_id"], row["dx"], row["split"]))
    return labels, splits


def write_csv(path: str, header: list[str], rows: list[tuple]) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(sorted(rows))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows = {r["image_id"]: r for r in read_csv(args.split_file)}
    os.makedirs(args.out, exist_ok=True)
    labels, splits = render_archive(args, rows)
    write_csv(os.path.join(args.out, "labels.csv"), ["image_id", "dx"], labels)
    write_csv(os.path.join(args.out, "split.csv"), ["image_id", "lesion_id", "dx", "split"], splits)
    print(f"{len(labels)} images in {args.out}")
    return 0
