"""Training sources beyond HAM10000, and their fixed train/validation split.

HAM10000 comes from two clinics; a model fitted to it alone learns their cameras. The ISIC 2017
training set (many clinics) and the ISIC archive extras (mostly melanoma) add other equipment.
Each is split once, stratified by diagnosis with a fixed seed, and the split is committed
(training/splits/<source>.csv), so validation is drawn from every source and stays fixed.

The 305 ISIC 2016 test images are inside the ISIC 2017 training set (`in_isic2016_test=1`): they
are marked `excluded` and never enter training or any choice, so ISIC 2016 test stays a test set.
Neither set has lesion ids, so two images of one lesion can fall on both sides of the split; the
archive extras may even repeat a lesion of another set (shared/data/README.md). Validation figures
on these sources are therefore optimistic upper bounds, not test figures.

The id-based splits cannot see one photograph stored under two ids. training/splits/near-duplicates.csv (made by
skinlesion/duplicates.py, ADR 0052) lists such pairs, and `near_duplicates_left_out` applies it when the splits are
read, so the committed split files, and model 2.2.0 which was trained on them as they are, stay unchanged.
"""
from __future__ import annotations

import csv
import os
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

from . import split
from .labels import INDEX

VALIDATION_FRACTION = 0.2
SEED = 20261129
COLUMNS = ["image_id", "dx", "split"]
NEAR_DUPLICATES = "near-duplicates.csv"
HAM = "ham10000"


@dataclass(frozen=True)
class Source:
    """One external training source: its folder under the data root and how its labels read."""

    name: str
    folder: str
    excluded_column: str | None = None  # a 0/1 column whose 1s must stay out of training and choices

    def labels_path(self, root: str) -> str:
        return os.path.join(root, self.folder, "labels.csv")

    def images_path(self, root: str) -> str:
        return os.path.join(root, self.folder, "images.tar.gz")


SOURCES = [
    Source("isic2017-train", "isic2017-train", excluded_column="in_isic2016_test"),
    Source("isic-archive-extra", "isic-archive-extra"),
]


def read_labels(source: Source, root: str) -> List[dict]:
    """Rows (image_id, dx, excluded) of a source's labels.csv; dx is one of the seven HAM10000 codes."""
    with open(source.labels_path(root), newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        if row["dx"] not in INDEX:
            raise ValueError(f"{source.name}: {row['image_id']} has dx '{row['dx']}', not a HAM10000 class")
        flag = row[source.excluded_column].strip() if source.excluded_column else "0"
        if flag not in ("0", "1"):
            # Anything but 0 or 1 would silently count as "keep": an ISIC 2016 test image could reach training.
            raise ValueError(f"{source.name}: {row['image_id']} has {source.excluded_column} '{flag}', not 0 or 1")
        excluded = flag == "1"
        out.append({"image_id": row["image_id"], "dx": row["dx"], "excluded": excluded})
    return out


def make_split(rows: Sequence[dict], seed: int = SEED, fraction: float = VALIDATION_FRACTION) -> List[dict]:
    """Rows (image_id, dx, split) in the labels' order: split is train, validation or excluded."""
    by_dx: Dict[str, List[str]] = defaultdict(list)
    for row in rows:
        if not row["excluded"]:
            by_dx[row["dx"]].append(row["image_id"])
    rng = random.Random(seed)
    assignment: Dict[str, str] = {}
    for dx in sorted(by_dx):
        ids = sorted(by_dx[dx])
        rng.shuffle(ids)
        n_validation = round(len(ids) * fraction)
        for i, image_id in enumerate(ids):
            assignment[image_id] = "validation" if i < n_validation else "train"
    return [{"image_id": r["image_id"], "dx": r["dx"], "split": assignment.get(r["image_id"], "excluded")} for r in rows]


def split_path(splits_folder: str, source: Source) -> str:
    return os.path.join(splits_folder, f"{source.name}.csv")


def write_split(rows: Sequence[dict], path: str) -> None:
    split.write_split(rows, path, COLUMNS)


read_split = split.read_split


def near_duplicates_left_out(pairs: Sequence[dict], ham_rows: Sequence[dict], source_rows: Dict[str, Sequence[dict]]
                             ) -> Dict[str, Dict[str, str]]:
    """The source images that near-duplicate pairs (rows of near-duplicates.csv) leave out, {source: {image_id: why}}.

    An evaluation image is one of a set that is neither HAM10000 nor a source (the ISIC test and validation sets) or
    one of HAM10000's validation and test splits. A source image twinned with an evaluation image leaves training and
    every choice. A source image of a validation part twinned with a training image (HAM10000's or a source's) leaves
    validation: HAM10000's split is fixed, so the validation side is the one that can always give way, and training
    keeps every image it can."""
    part: Dict[Tuple[str, str], str] = {(HAM, r["image_id"]): "train" if r["split"] == "train" else "evaluation" for r in ham_rows}
    for name, rows in source_rows.items():
        part.update({(name, r["image_id"]): r["split"] for r in rows})

    def role(set_name: str, image_id: str) -> str | None:
        if set_name != HAM and set_name not in source_rows:
            return "evaluation"
        return part.get((set_name, image_id))

    left: Dict[str, Dict[str, str]] = {name: {} for name in source_rows}
    for pair in pairs:
        a, b = (pair["set_a"], pair["image_a"]), (pair["set_b"], pair["image_b"])
        for (name, image_id), other in ((a, b), (b, a)):
            if name not in source_rows or role(name, image_id) not in ("train", "validation"):
                continue
            if role(*other) == "evaluation":
                left[name][image_id] = f"twin of evaluation image {other[0]} {other[1]}"
            elif role(name, image_id) == "validation" and role(*other) == "train":
                left[name].setdefault(image_id, f"validation twin of training image {other[0]} {other[1]}")
    return left


def left_out_by_near_duplicates(splits_folder: str, ham_split: str) -> Dict[str, Dict[str, str]]:
    """near_duplicates_left_out of the committed files: near-duplicates.csv and the splits in splits_folder."""
    return near_duplicates_left_out(split.read_split(os.path.join(splits_folder, NEAR_DUPLICATES)), split.read_split(ham_split),
                                    {s.name: read_split(split_path(splits_folder, s)) for s in SOURCES})
