"""The image sets of the screening head's fitting, development and report: one C# evaluate run each (training/fit-screening.sh)."""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass

import numpy as np


# -------------------------------------------------------------------------------------------- sets


@dataclass
class ImageSet:
    """One evaluate run: embeddings, early statistics and predictions.csv rows (same order)."""

    name: str
    embedding: np.ndarray
    early: np.ndarray
    rows: list

    def status(self) -> np.ndarray:
        return np.array([r["status"] for r in self.rows])

    def reasons(self) -> list:
        return [r["reasons"] for r in self.rows]

    def column(self, name: str) -> np.ndarray:
        return np.array([r[name] for r in self.rows])


def read_set(folder: str, name: str) -> ImageSet:
    """<folder>/<name>.npy, <name>.early.npy and <name>/predictions.csv as written by training/screening-study.sh."""
    emb = np.load(os.path.join(folder, f"{name}.npy"))
    early = np.load(os.path.join(folder, f"{name}.early.npy"))
    with open(os.path.join(folder, name, "predictions.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    if not (len(emb) == len(early) == len(rows)):
        raise SystemExit(f"{name}: {len(emb)} embeddings, {len(early)} early rows, {len(rows)} predictions")
    return ImageSet(name, emb, early, rows)


def subset(s: ImageSet, keep: np.ndarray, name: str | None = None) -> ImageSet:
    idx = np.flatnonzero(keep)
    return ImageSet(name or s.name, s.embedding[idx], s.early[idx], [s.rows[i] for i in idx])


def concat(sets: list, name: str) -> ImageSet:
    return ImageSet(name, np.vstack([s.embedding for s in sets]), np.vstack([s.early for s in sets]),
                    [r for s in sets for r in s.rows])
