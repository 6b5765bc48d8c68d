"""The stress set's selection and files: which HAM10000 test images, rendered how, written where (stress.py renders)."""
from __future__ import annotations

import csv
import os
import random
from typing import Callable, Iterable, List, Sequence, Tuple

from . import data, labels, split
from .stress import BENIGN_SAMPLE, BENIGN_SEED, BY_NAME, RENDERINGS, SEED, render_file, upscale


# ---------------------------------------------------------------------------------------------
# Selection and writing


SPLITS = ("test", "validation")


def select(metadata: Sequence[dict], split_rows: Sequence[dict], benign: int = BENIGN_SAMPLE,
           seed: int = BENIGN_SEED, split_name: str = "test") -> List[dict]:
    """The stress set's images: every malignant image of ``split_name`` plus ``benign`` benign ones drawn with ``seed``.

    The test split's renderings are the reported evidence; the validation split's are the same renderings of images
    that may inform choices (which model, which recipe), so robustness can be weighed without looking at the test
    split. Returns rows (image_id, lesion_id, dx) sorted by image id. Diagnoses and lesion ids come from the
    metadata; the split file must agree with it.
    """
    if split_name not in SPLITS:
        raise ValueError(f"split {split_name!r}: the stress set renders one of {', '.join(SPLITS)}")
    meta = {r["image_id"]: r for r in metadata}
    in_split = []
    for row in split_rows:
        if row["split"] != split_name:
            continue
        m = meta.get(row["image_id"])
        if m is None:
            raise ValueError(f"{row['image_id']} is in the split file but not in the metadata")
        if (m["dx"], m["lesion_id"]) != (row["dx"], row["lesion_id"]):
            raise ValueError(f"{row['image_id']}: split file and metadata disagree on dx/lesion_id")
        if m["dx"] not in labels.INDEX:
            raise ValueError(f"{row['image_id']}: unknown diagnosis {m['dx']!r}")
        in_split.append({"image_id": m["image_id"], "lesion_id": m["lesion_id"], "dx": m["dx"]})
    malignant = [r for r in in_split if r["dx"] in labels.MALIGNANT]
    benign_rows = sorted((r for r in in_split if r["dx"] not in labels.MALIGNANT), key=lambda r: r["image_id"])
    if benign > len(benign_rows):
        raise ValueError(f"{benign} benign images asked for, the {split_name} split has {len(benign_rows)}")
    chosen = random.Random(seed).sample(benign_rows, benign)
    return sorted(malignant + chosen, key=lambda r: r["image_id"])


LABEL_COLUMNS = ["image_id", "lesion_id", "dx"]


def write_labels(rows: Iterable[dict], path: str) -> None:
    """image_id,lesion_id,dx: the evaluate command reads it as HAM10000 metadata (intervals resample lesions)."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=LABEL_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _render_one(job: Tuple[str, bytes, str, Tuple[str, ...], int]) -> str:
    image_id, blob, out, names, seed = job
    image = upscale(data.decode(blob))
    for name in names:
        with open(os.path.join(out, name, image_id + ".jpg"), "wb") as f:
            f.write(render_file(name, image, image_id, seed))
    return image_id


def render_set(images: str, metadata: str, split_file: str, out: str, names: Sequence[str] | None = None,
               jobs: int = 1, seed: int = SEED, benign: int = BENIGN_SAMPLE, limit: int | None = None,
               log: Callable[[str], None] = print, split_name: str = "test") -> List[dict]:
    """Writes <out>/<rendering>/<image_id>.jpg and <out>/<rendering>/labels.csv; returns the selected rows.

    Files of an earlier run in a rendering's folder (*.jpg, labels.csv) are removed first. ``limit`` keeps
    the first N selected images (a smoke run).
    """
    names = list(names) if names else [r.name for r in RENDERINGS]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        raise ValueError(f"unknown renderings {unknown}; known: {[r.name for r in RENDERINGS]}")
    rows = select(split.read_metadata(metadata), split.read_split(split_file), benign=benign, split_name=split_name)
    if limit is not None:
        rows = rows[:limit]
    blobs = data.read_archive(images, [r["image_id"] for r in rows])
    missing = [r["image_id"] for r in rows if r["image_id"] not in blobs]
    if missing:
        raise FileNotFoundError(f"{len(missing)} images missing from {images}, e.g. {missing[:3]}")
    for name in names:
        folder = os.path.join(out, name)
        os.makedirs(folder, exist_ok=True)
        for f in os.listdir(folder):
            if f.endswith(".jpg") or f == "labels.csv":
                os.remove(os.path.join(folder, f))
    work = [(r["image_id"], blobs[r["image_id"]], out, tuple(names), seed) for r in rows]
    if jobs > 1:
        from multiprocessing import Pool

        with Pool(jobs) as pool:
            for i, _ in enumerate(pool.imap_unordered(_render_one, work, chunksize=4), 1):
                if i % 100 == 0:
                    log(f"{i}/{len(work)} images rendered")
    else:
        for i, job in enumerate(work, 1):
            _render_one(job)
            if i % 100 == 0:
                log(f"{i}/{len(work)} images rendered")
    for name in names:
        write_labels(rows, os.path.join(out, name, "labels.csv"))
    return rows
