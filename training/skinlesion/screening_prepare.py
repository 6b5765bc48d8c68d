"""Label files and acquisition renderings the screening head is fitted and developed on (`screening_head.py prepare`)."""
from __future__ import annotations

import argparse
import csv
import io
import os

import numpy as np


# ---------------------------------------------------------------------------------------- prepare


def _write_labels(path: str, rows: list) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image_id", "dx"])
        w.writerows(rows)


def _write_rows(path: str, rows: list) -> None:
    """Label rows with the columns they were read with (ISIC 2017 ground truth stays ISIC 2017 ground truth)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def source_labels(split_rows: list, part: str, left_out: dict) -> list:
    """(image_id, dx) of one part (train, validation) of a source's committed split, less the images its near-duplicate
    pairs leave out (sources.near_duplicates_left_out): a copy of an evaluation image may not fit or choose the
    screening any more than it may train the classifier."""
    return [(r["image_id"], r["dx"]) for r in split_rows if r["split"] == part and r["image_id"] not in left_out]


# The sets reported and never chosen on: a development image that is a copy of one of theirs would choose on them.
TEST_SETS = ("isic2017-test", "isic2016-test")


def without_test_twins(set_name: str, label_rows: list, pairs: list) -> tuple:
    """The rows of an evaluation set used for development (its labels file's rows, any columns) less the images that
    near-duplicates.csv pairs with a test-set image, and the ids left out: ISIC 2017 validation holds three copies of
    ISIC 2017 test images, which set the screening's threshold beside the acceptance the release gate reads on test."""
    twins = set()
    for pair in pairs:
        a, b = (pair["set_a"], pair["image_a"]), (pair["set_b"], pair["image_b"])
        for (image_set, image), (other_set, _) in ((a, b), (b, a)):
            if image_set == set_name and other_set in TEST_SETS:
                twins.add(image)
    return [r for r in label_rows if r["image_id"] not in twins], sorted(twins)


RENDER_MODES = ("black-border", "circular-field", "grid", "zoom-out", "mixed")


def _render_config(mode: str):
    from .acquisition_augment import AcquisitionConfig

    off = AcquisitionConfig.off()
    wb = dict(white_balance=0.5)
    if mode == "black-border":
        return AcquisitionConfig(**{**off.__dict__, **wb, "border": 1.0})
    if mode == "circular-field":
        return AcquisitionConfig(**{**off.__dict__, **wb, "circle": 1.0})
    if mode == "grid":
        return AcquisitionConfig(**{**off.__dict__, **wb, "grid": 1.0})
    if mode == "zoom-out":
        return AcquisitionConfig(**{**off.__dict__, **wb, "zoom_out": 1.0, "aspect": 0.3})
    return AcquisitionConfig()                                          # mixed: the training defaults


def render(archive: str, ids: list, dx: dict, out: str, seed: int, upscale: int = 3, batch: int = 16) -> list:
    """Acquisition renderings of HAM10000 images: image i gets mode RENDER_MODES[i % 5], on the image upscaled
    x`upscale` (bicubic); written as <out>/<id>_r<mode>.jpg (quality 92). Returns the label rows."""
    import torch
    from PIL import Image

    from .acquisition_augment import apply
    from .data import read_archive

    torch.set_num_threads(2)
    os.makedirs(out, exist_ok=True)
    blobs = read_archive(archive, ids)
    gen = torch.Generator().manual_seed(seed)
    rows = []
    for m, mode in enumerate(RENDER_MODES):
        chosen = [i for n, i in enumerate(ids) if n % len(RENDER_MODES) == m]
        cfg = _render_config(mode)
        for start in range(0, len(chosen), batch):
            part = chosen[start:start + batch]
            arrays = []
            for image_id in part:
                im = Image.open(io.BytesIO(blobs[image_id])).convert("RGB")
                im = im.resize((im.width * upscale, im.height * upscale), Image.BICUBIC)
                arrays.append(np.asarray(im))
            x = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float()
            y = apply(x, cfg, gen).round().clamp(0, 255).byte().permute(0, 2, 3, 1).numpy()
            for image_id, a in zip(part, y):
                new_id = f"{image_id}_r{mode}"
                Image.fromarray(a).save(os.path.join(out, new_id + ".jpg"), quality=92)
                rows.append((new_id, dx[image_id]))
    rows.sort()
    _write_labels(os.path.join(out, "labels.csv"), rows)
    return rows


def prepare(args: argparse.Namespace) -> int:
    from .data import read_csv

    rng = np.random.default_rng(args.seed)
    split = read_csv(args.ham_split)
    train = sorted(r["image_id"] for r in split if r["split"] == "train")
    val = sorted(r["image_id"] for r in split if r["split"] == "validation")
    dx = {r["image_id"]: r["dx"] for r in split}
    sample = sorted(rng.choice(train, size=min(args.ham_train, len(train)), replace=False).tolist())
    _write_labels(os.path.join(args.out, "ham-train-sample.csv"), [(i, dx[i]) for i in sample])
    from . import sources

    left_out = sources.left_out_by_near_duplicates(os.path.dirname(args.isic_split), args.ham_split)
    for name, split_file, prefix in (("isic2017-train", args.isic_split, "isic2017"), ("isic-archive-extra", args.archive_split, "archive")):
        rows = read_csv(split_file)
        for part in ("train", "validation"):
            kept = source_labels(rows, part, left_out[name])
            _write_labels(os.path.join(args.out, f"{prefix}-{part}.csv"), kept)
            print(f"{prefix}-{part}: {len(kept)} images, {sum(r['split'] == part for r in rows) - len(kept)} left out as near-duplicates")
    validation = read_csv(args.validation_labels)
    pairs = read_csv(os.path.join(os.path.dirname(args.isic_split), sources.NEAR_DUPLICATES))
    kept, twins = without_test_twins("isic2017-validation", validation, pairs)
    _write_rows(os.path.join(args.out, "isic2017-validation-dev.csv"), kept)
    print(f"isic2017-validation-dev: {len(kept)} images, {len(twins)} left out as copies of test images ({', '.join(twins)})")
    # renderings: fitting from the training subsample, development from the validation split
    render_fit = sorted(rng.choice(sample, size=min(args.renders, len(sample)), replace=False).tolist())
    render_dev = sorted(rng.choice(val, size=min(args.renders_dev, len(val)), replace=False).tolist())
    for name, ids, seed in (("render-fit", render_fit, args.seed), ("render-dev", render_dev, args.seed + 1)):
        rows = render(args.images, ids, dx, os.path.join(args.out, name), seed)
        print(f"{name}: {len(rows)} renderings -> {os.path.join(args.out, name)}")
    print(f"HAM10000 training sample {len(sample)}, ISIC 2017 and archive train/validation label files in {args.out}")
    return 0
