"""HAM10000 images upscaled to a camera's size: the evidence that reduced JPEG decoding leaves the figures alone.

HAM10000 holds 200x150 copies; a clinic uploads 12-24 megapixel JPEGs. Upscaling a split's images
(bicubic, then JPEG at a camera's quality) gives the served pipeline full-size files whose content is the
validation images, so the same split can be scored with large JPEGs decoded at reduced scale and in full
(docs/decisions/0013-reduced-jpeg-decoding.md). Evidence, never a tuning input.
"""
from __future__ import annotations

import csv
import io
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Dict, List, Sequence, Tuple

from PIL import Image

from .data import read_archive, read_csv


def upscale_jpeg(data: bytes, size: Tuple[int, int], quality: int) -> bytes:
    """One HAM10000 JPEG, bicubically upscaled to ``size`` and encoded as a camera would (4:2:0)."""
    with Image.open(io.BytesIO(data)) as image:
        large = image.convert("RGB").resize(size, Image.BICUBIC)
    encoded = io.BytesIO()
    large.save(encoded, "JPEG", quality=quality, subsampling=2)
    return encoded.getvalue()


def _write(task: Tuple[str, bytes, Tuple[int, int], int, str]) -> str:
    image_id, data, size, quality, out = task
    with open(os.path.join(out, image_id + ".jpg"), "wb") as handle:
        handle.write(upscale_jpeg(data, size, quality))
    return image_id


def render(archive: str, split_file: str, split: str, size: Tuple[int, int], quality: int, out: str,
           jobs: int = 1) -> List[dict]:
    """Writes <out>/<image_id>.jpg for every image of the split and <out>/labels.csv (lesion_id,image_id,dx)."""
    rows = [row for row in read_csv(split_file) if row["split"] == split]
    if not rows:
        raise ValueError(f"{split_file} has no images in split '{split}'")
    os.makedirs(out, exist_ok=True)
    images: Dict[str, bytes] = read_archive(archive, [row["image_id"] for row in rows])
    missing = sorted({row["image_id"] for row in rows} - set(images))
    if missing:
        raise ValueError(f"{archive} lacks {len(missing)} images of split '{split}', e.g. {missing[0]}")
    tasks: Sequence[Tuple[str, bytes, Tuple[int, int], int, str]] = [
        (row["image_id"], images[row["image_id"]], size, quality, out) for row in rows]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_write, tasks, chunksize=8))
    with open(os.path.join(out, "labels.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["lesion_id", "image_id", "dx"])
        writer.writerows([row["lesion_id"], row["image_id"], row["dx"]] for row in rows)
    return rows


FIGURES = (("balancedAccuracy", "balanced accuracy"), ("macroAuc", "macro AUC"), ("malignantAuc", "malignant AUC"),
           ("melanomaAuc", "melanoma AUC"), ("malignantSensitivity", "malignant sensitivity"),
           ("malignantSpecificity", "malignant specificity"), ("accuracy", "accuracy"), ("ece15", "ECE (15 bins)"))


def _figure(report: dict, key: str) -> dict:
    for item in report["headline"]:
        if item["key"] == key:
            return item
    raise KeyError(f"{report['dataset']['name']}: no headline figure {key}")


def _probabilities(folder: str) -> Dict[str, List[float]]:
    with open(os.path.join(folder, "predictions.csv"), newline="") as handle:
        return {row["image_id"]: [float(row[f"p_{code}"]) for code in ("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc")]
                for row in csv.DictReader(handle)}


def compare(folders: Sequence[str]) -> str:
    """A markdown table of evaluate reports side by side, then each report's largest per-image probability change
    against the first one and how many named classes differ from it."""
    import json

    reports = []
    for folder in folders:
        with open(os.path.join(folder, "report.json")) as handle:
            reports.append(json.load(handle))
    lines = ["| figure | " + " | ".join(r["dataset"]["title"] for r in reports) + " |",
             "| --- |" + " --- |" * len(reports)]
    for key, label in FIGURES:
        cells = []
        for report in reports:
            item = _figure(report, key)
            cells.append(f"{item['value']:.3f} ({item['ci95'][0]:.3f}–{item['ci95'][1]:.3f})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    assessed = [r["assessment"] for r in reports]
    lines.append("| accepted | " + " | ".join(f"{a['counts']['accepted']} of {a['images']}" for a in assessed) + " |")
    base = _probabilities(folders[0])
    changes, flips = [], []
    for folder in folders:
        other = _probabilities(folder)
        shared = sorted(set(base) & set(other))
        changes.append(max(max(abs(a - b) for a, b in zip(base[i], other[i])) for i in shared))
        named = lambda p: max(range(len(p)), key=p.__getitem__)  # noqa: E731
        flips.append(sum(named(base[i]) != named(other[i]) for i in shared))
    lines.append("| largest probability change vs the first column | " + " | ".join(f"{c:.4f}" for c in changes) + " |")
    lines.append("| images whose most probable class differs from the first column's | " + " | ".join(str(f) for f in flips) + " |")
    return "\n".join(lines)


def _size(text: str) -> Tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description="A HAM10000 split upscaled to a camera's size, as JPEGs plus labels.csv for the served "
                    "pipeline's evaluate command, and a side-by-side table of the reports "
                    "(docs/decisions/0013-reduced-jpeg-decoding.md).")
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("render", help="write the upscaled split")
    write.add_argument("--images", required=True, help="HAM10000 images.tar.gz")
    write.add_argument("--split-file", required=True, help="training/splits/ham10000.csv")
    write.add_argument("--split", default="validation", help="which split to upscale (default: validation)")
    write.add_argument("--size", type=_size, default=(4000, 3000), help="WIDTHxHEIGHT (default: 4000x3000, 12 MP)")
    write.add_argument("--quality", type=int, default=92, help="JPEG quality (default: 92, a camera's)")
    write.add_argument("--out", required=True, help="output folder (git-ignored, e.g. .data/upscaled/validation-4000x3000)")
    write.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: one per core)")
    table = commands.add_parser("compare", help="print evaluate reports side by side (markdown)")
    table.add_argument("reports", nargs="+", help="evaluate --out folders; the first is the reference")
    args = parser.parse_args(argv)
    if args.command == "compare":
        print(compare(args.reports))
        return 0
    rows = render(args.images, args.split_file, args.split, args.size, args.quality, args.out, args.jobs)
    print(f"upscale.py: {len(rows)} images of split '{args.split}' at {args.size[0]}x{args.size[1]} in {args.out}")
    return 0
