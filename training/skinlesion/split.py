"""A lesion-grouped, diagnosis-stratified train/validation/test split of HAM10000.

Several images often show one lesion; splitting by image would put near-duplicates of training
images into the test set. Lesions are therefore shuffled within each diagnosis (every lesion has
one diagnosis) and cut 70/15/15 by lesion count, so class proportions are kept per split.
"""
from __future__ import annotations

import csv
import random
from collections import defaultdict
from typing import Dict, List, Sequence

FRACTIONS = (("train", 0.70), ("validation", 0.15), ("test", 0.15))
COLUMNS = ["image_id", "lesion_id", "dx", "split"]


def read_metadata(path: str) -> List[dict]:
    with open(path, newline="") as f:
        return [row for row in csv.DictReader(f)]


def make_split(rows: Sequence[dict], seed: int = 20261126) -> List[dict]:
    """Return rows (image_id, lesion_id, dx, split) in the metadata's order."""
    lesion_dx: Dict[str, str] = {}
    for row in rows:
        previous = lesion_dx.setdefault(row["lesion_id"], row["dx"])
        if previous != row["dx"]:
            raise ValueError(f"lesion {row['lesion_id']} has two diagnoses: {previous}, {row['dx']}")

    by_dx: Dict[str, List[str]] = defaultdict(list)
    for lesion, dx in sorted(lesion_dx.items()):
        by_dx[dx].append(lesion)

    rng = random.Random(seed)
    assignment: Dict[str, str] = {}
    for dx in sorted(by_dx):
        lesions = by_dx[dx]
        rng.shuffle(lesions)
        n = len(lesions)
        n_train = round(n * FRACTIONS[0][1])
        n_val = round(n * FRACTIONS[1][1])
        for i, lesion in enumerate(lesions):
            assignment[lesion] = "train" if i < n_train else "validation" if i < n_train + n_val else "test"

    return [
        {"image_id": r["image_id"], "lesion_id": r["lesion_id"], "dx": r["dx"], "split": assignment[r["lesion_id"]]}
        for r in rows
    ]


def write_split(rows: Sequence[dict], path: str, columns: Sequence[str] = COLUMNS) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_split(path: str) -> List[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))
