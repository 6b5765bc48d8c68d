"""Near-duplicate images across the shared image sets, which the id-based splits cannot see (ADR 0052).

The ISIC sets were cut from one archive by image id, but the archive holds some photographs twice under two ids:
byte copies, re-encodings, and colour-corrected versions of its earliest images. A test image whose twin was trained
on is not a test image.

The criterion: each image is squashed to a 32x32 thumbnail (box filter over the whole frame, aspect not kept, as the
ISIC 2016/2017 copies were squashed to 256x256), turned to luma (ITU-R BT.601 weights); the distance of two images is
1 - r, r the Pearson correlation of their thumbnails' 1024 values. Correlation ignores brightness and contrast, so a
colour-corrected copy stays close; two images are near-duplicates when the distance is below THRESHOLD, and the pairs
of CONFIRMED_BY_EYE (copies seen by eye just above it) are written too, at their measured distance. Only pairs
that could leak are compared: images of different sets, or of one set on different sides of its split, except inside
HAM10000 (its split keeps every lesion's images together by the data set's own lesion ids, and its images from one
dermatoscope look alike to this criterion while showing different lesions). The ISIC 2017 training images that are
the ISIC 2016 test set (`in_isic2016_test=1`) are not searched: they are excluded from training already.

The search is exact and brute force: unit-length centred thumbnails, so r is a dot product, by blocks of a matrix
product (about half a minute for the 13,400 images on two cores).
"""
from __future__ import annotations

import argparse
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import numpy as np
from PIL import Image

from . import data, sources, split

SIDE = 32
LUMA = (0.299, 0.587, 0.114)
# The nearest-neighbour distances have a trough from 0.015 to 0.03 between the copies and the rising bulk of
# look-alike lesions from the same equipment (ADR 0052 gives the histogram); 0.03 is the trough's upper end.
THRESHOLD = 0.03
# Copies with more colour work than THRESHOLD lets through, each seen to be the same photograph by eye (ADR 0052, amended
# 2026-12-03): written with the pairs the search finds, at their measured distance, so training and every choice leave
# them out like the rest. Above 0.03 the distance alone would also take unrelated look-alikes out of training.
CONFIRMED_BY_EYE = (
    ("isic2017-validation", "ISIC_0014946", "isic2017-train", "ISIC_0000157"),
    ("isic2017-test", "ISIC_0015395", "isic2017-train", "ISIC_0000182"),
    ("isic2017-test", "ISIC_0015310", "isic2017-train", "ISIC_0000184"),
)
COLUMNS = ["set_a", "image_a", "set_b", "image_b", "distance"]
FILE_NAME = "near-duplicates.csv"
HAM = "ham10000"
EVALUATION_SETS = ("isic2017-test", "isic2017-validation", "isic2016-test")
# The order a pair is written in: the evaluation image first, then HAM10000, then the extra training sources.
SET_ORDER = list(EVALUATION_SETS) + [HAM] + [s.name for s in sources.SOURCES]
PART_ORDER = ["", "test", "validation", "train"]


@dataclass
class ImageSet:
    """One folder's images in a fixed order, with the part of its split each lies in ('' for an evaluation set)."""
    name: str
    archive: str
    ids: List[str]
    parts: List[str]


def image_sets(root: str, splits_folder: str) -> List[ImageSet]:
    """Every image set of the shared data, by its labels or committed split; the ISIC 2016 test twins left out."""
    ham = split.read_split(os.path.join(splits_folder, "ham10000.csv"))
    out = [ImageSet(HAM, os.path.join(root, HAM, "images.tar.gz"), [r["image_id"] for r in ham], [r["split"] for r in ham])]
    for source in sources.SOURCES:
        rows = [r for r in sources.read_split(sources.split_path(splits_folder, source)) if r["split"] != "excluded"]
        out.append(ImageSet(source.name, source.images_path(root), [r["image_id"] for r in rows], [r["split"] for r in rows]))
    for name in EVALUATION_SETS:
        rows = data.read_csv(os.path.join(root, name, "labels.csv"))
        out.append(ImageSet(name, os.path.join(root, name, "images.tar.gz"), [r["image_id"] for r in rows], [""] * len(rows)))
    return out


def thumbnail(encoded: bytes) -> np.ndarray:
    """uint8 [SIDE, SIDE, 3]: the whole frame, each pixel the mean of the area it covers."""
    with Image.open(io.BytesIO(encoded)) as im:
        return np.asarray(im.convert("RGB").resize((SIDE, SIDE), Image.BOX), dtype=np.uint8)


def thumbnails(image_set: ImageSet, workers: int = 2) -> np.ndarray:
    blobs = dict(data.iter_archive(image_set.archive, image_set.ids))
    missing = [i for i in image_set.ids if i not in blobs]
    if missing:
        raise FileNotFoundError(f"{len(missing)} images missing from {image_set.archive}, e.g. {missing[:3]}")
    with ThreadPoolExecutor(workers) as pool:
        return np.stack(list(pool.map(lambda i: thumbnail(blobs[i]), image_set.ids)))


def features(thumbs: np.ndarray) -> np.ndarray:
    """float64 [N, SIDE*SIDE]: each thumbnail's luma, centred and scaled to unit length (a flat image stays zero)."""
    luma = thumbs.reshape(len(thumbs), -1, 3).astype(np.float64) @ np.array(LUMA)
    luma -= luma.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(luma, axis=1, keepdims=True)
    return luma / np.where(norm > 0, norm, 1.0)


def comparable(keys: Sequence[Tuple[str, str]], within_not_searched: Sequence[str] = (HAM,)) -> np.ndarray:
    """bool [K, K] over (set, part) keys: may images of these two keys leak into each other?"""
    k = len(keys)
    out = np.zeros((k, k), dtype=bool)
    for a, (set_a, part_a) in enumerate(keys):
        for b, (set_b, part_b) in enumerate(keys):
            out[a, b] = set_a != set_b or (part_a != part_b and set_a not in within_not_searched)
    return out


def search(x: np.ndarray, groups: np.ndarray, allowed: np.ndarray, threshold: float = THRESHOLD, block: int = 512
           ) -> Tuple[np.ndarray, np.ndarray, List[Tuple[int, int, float]]]:
    """Exact nearest neighbour of every row of x (unit-length centred features) among the rows it may be compared
    with (allowed[groups[i], groups[j]]), and every such pair closer than `threshold`.
    Returns (nearest distance, nearest index; inf and -1 where nothing may be compared), pairs (i < j, distance)."""
    n = len(x)
    x32 = x.astype(np.float32)
    nearest, nearest_index = np.full(n, np.inf), np.full(n, -1)
    pairs = []
    for start in range(0, n, block):
        rows = np.arange(start, min(n, start + block))
        # Each pair once: the columns from this block on, and only those some row here may be compared with.
        cols = np.arange(start, n)
        cols = cols[allowed[np.unique(groups[rows])][:, groups[cols]].any(axis=0)]
        if not len(cols):
            continue
        # Clipped: in float32 two copies can come out a hair below 0, which the histogram's first bin would miss.
        d = np.maximum(1.0 - x32[rows] @ x32[cols].T, 0.0)
        d[~allowed[groups[rows][:, None], groups[cols][None, :]] | (rows[:, None] >= cols[None, :])] = np.inf
        for axis, who, other in ((1, rows, cols), (0, cols, rows)):
            k = np.argmin(d, axis=axis)
            best = np.take_along_axis(d, np.expand_dims(k, axis), axis).squeeze(axis).astype(np.float64)
            closer = best < nearest[who]
            nearest[who[closer]], nearest_index[who[closer]] = best[closer], other[k[closer]]
        # float32 products decide only which pairs to recompute in float64, with a margin for their rounding.
        for r, c in zip(*np.nonzero(d < threshold + 1e-4)):
            i, j = int(rows[r]), int(cols[c])
            exact = max(0.0, 1.0 - float(x[i] @ x[j]))
            if exact < threshold:
                pairs.append((i, j, exact))
    return nearest, nearest_index, pairs


def _rank(set_name: str, part: str, image_id: str) -> tuple:
    return SET_ORDER.index(set_name) if set_name in SET_ORDER else len(SET_ORDER), PART_ORDER.index(part), image_id


def find(sets: Sequence[ImageSet], threshold: float = THRESHOLD, log=print) -> Tuple[List[dict], np.ndarray]:
    """The near-duplicate pairs (rows of the CSV, sorted) and every image's nearest-neighbour distance."""
    thumbs, names, ids, parts = [], [], [], []
    for s in sets:
        thumbs.append(thumbnails(s))
        names += [s.name] * len(s.ids)
        ids += s.ids
        parts += s.parts
        log(f"{s.name}: {len(s.ids)} thumbnails")
    keys = sorted(set(zip(names, parts)))
    groups = np.array([keys.index(k) for k in zip(names, parts)])
    x = features(np.concatenate(thumbs))
    nearest, _, pairs = search(x, groups, comparable(keys), threshold)
    pairs += confirmed_pairs(x, names, ids, {(min(i, j), max(i, j)) for i, j, _ in pairs}, log)
    rows = []
    for i, j, d in pairs:
        a, b = sorted((i, j), key=lambda k: _rank(names[k], parts[k], ids[k]))
        rows.append({"set_a": names[a], "image_a": ids[a], "set_b": names[b], "image_b": ids[b], "distance": f"{d:.4f}"})
    rows.sort(key=lambda r: (_rank(r["set_a"], "", ""), _rank(r["set_b"], "", ""), r["distance"], r["image_a"], r["image_b"]))
    return rows, nearest


def confirmed_pairs(x: np.ndarray, names: Sequence[str], ids: Sequence[str], found: set, log=print
                    ) -> List[Tuple[int, int, float]]:
    """The CONFIRMED_BY_EYE pairs the search did not find, with their distance; a pair whose image is not in the sets
    (another data root) is said and skipped."""
    where = {(n, i): k for k, (n, i) in enumerate(zip(names, ids))}
    out = []
    for set_a, image_a, set_b, image_b in CONFIRMED_BY_EYE:
        a, b = where.get((set_a, image_a)), where.get((set_b, image_b))
        if a is None or b is None:
            log(f"confirmed pair {set_a} {image_a} = {set_b} {image_b}: not in these sets, skipped")
            continue
        i, j = min(a, b), max(a, b)
        if (i, j) not in found:
            out.append((i, j, max(0.0, 1.0 - float(x[i] @ x[j]))))
    return out


EDGES = (0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05, 0.06, 0.08, 0.1, 0.2)


def distribution(nearest: np.ndarray, edges: Sequence[float] = EDGES) -> List[str]:
    """Lines counting the images whose nearest comparable neighbour lies in each distance bin."""
    finite = nearest[np.isfinite(nearest)]
    counts, _ = np.histogram(finite, bins=list(edges) + [np.inf])
    bins = [f"[{lo:g}, {hi:g})" for lo, hi in zip(edges, list(edges[1:]) + [np.inf])]
    q = np.percentile(finite, [1, 5, 25, 50])
    return [f"{b:>14} {c:6d}" for b, c in zip(bins, counts)] + [
        f"{len(finite)} images; percentiles 1/5/25/50: " + " / ".join(f"{v:.4f}" for v in q)]


def write_pairs(rows: Sequence[dict], path: str) -> None:
    split.write_split(rows, path, COLUMNS)


def read_pairs(path: str) -> List[dict]:
    return split.read_split(path)


def main(argv=None) -> int:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.path.normpath(os.path.join(here, "..", "..", "shared", "data")),
                   help="the shared data root (ham10000/, isic2017-train/, isic-archive-extra/, isic2017-test/, "
                        "isic2017-validation/, isic2016-test/); default ../shared/data beside the repository")
    p.add_argument("--splits", default=os.path.join(here, "splits"), help="folder of the committed split files")
    p.add_argument("--out", default=None, help=f"CSV of the pairs (default: {FILE_NAME} in --splits)")
    p.add_argument("--threshold", type=float, default=THRESHOLD,
                   help=f"largest thumbnail distance 1 - r of a near-duplicate, exclusive (default {THRESHOLD})")
    args = p.parse_args(argv)
    rows, nearest = find(image_sets(args.data, args.splits), args.threshold)
    print("images by the distance of their nearest comparable neighbour:")
    print("\n".join(distribution(nearest)))
    out = args.out or os.path.join(args.splits, FILE_NAME)
    write_pairs(rows, out)
    print("\n".join(",".join(r[c] for c in COLUMNS) for r in rows))
    print(f"{len(rows)} pairs written to {out}")
    return 0
