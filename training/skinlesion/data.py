"""Reading the image archives into memory (no extraction to disk)."""
from __future__ import annotations

import csv
import io
import os
import tarfile
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Sequence

import numpy as np
from PIL import Image

from .preprocess import HEIGHT, WIDTH, to_model_geometry


def read_archive(path: str, wanted: Sequence[str] | None = None) -> Dict[str, bytes]:
    """Map image id (file name without extension) -> encoded bytes, for every image in a .tar.gz."""
    wanted_set = set(wanted) if wanted is not None else None
    out: Dict[str, bytes] = {}
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            name = os.path.basename(member.name)
            stem, ext = os.path.splitext(name)
            if ext.lower() not in (".jpg", ".jpeg", ".png") or name.startswith("._"):
                continue
            if wanted_set is not None and stem not in wanted_set:
                continue
            out[stem] = tar.extractfile(member).read()
    return out


def decode(data: bytes) -> np.ndarray:
    """Encoded image -> uint8 [150, 200, 3] by the shared geometry rule."""
    return to_model_geometry(Image.open(io.BytesIO(data)))


def load_images(archive: str, ids: Sequence[str], workers: int = 8) -> np.ndarray:
    blobs = read_archive(archive, ids)
    missing = [i for i in ids if i not in blobs]
    if missing:
        raise FileNotFoundError(f"{len(missing)} images missing from {archive}, e.g. {missing[:3]}")
    with ThreadPoolExecutor(workers) as pool:
        arrays = list(pool.map(lambda i: decode(blobs[i]), ids))
    out = np.stack(arrays)
    assert out.shape[1:] == (HEIGHT, WIDTH, 3)
    return out


def read_csv(path: str) -> List[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))
