"""Reading the image archives into memory (no extraction to disk)."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import tarfile
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, Iterable, Iterator, List, Sequence, Tuple

import numpy as np
from PIL import Image

from .preprocess import HEIGHT, WIDTH, to_model_geometry


IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


def sha256(path: str) -> str:
    """A file's sha256, read in 1 MB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def iter_archive(path: str, wanted: Iterable[str] | None = None) -> Iterator[Tuple[str, bytes]]:
    """(image id, encoded bytes) of every image in a tar archive, in archive order: the id is the file name
    without extension. Streaming, so a caller that works image by image holds one image, not the archive."""
    wanted_set = set(wanted) if wanted is not None else None
    with tarfile.open(path) as tar:
        for member in tar:
            if not member.isfile():
                continue
            name = os.path.basename(member.name)
            stem, ext = os.path.splitext(name)
            # "._" files are macOS resource forks that archives made on a Mac carry beside each image.
            if ext.lower() not in IMAGE_EXTENSIONS or name.startswith("._"):
                continue
            if wanted_set is not None and stem not in wanted_set:
                continue
            yield stem, tar.extractfile(member).read()


def read_archive(path: str, wanted: Sequence[str] | None = None) -> Dict[str, bytes]:
    """Map image id -> encoded bytes, for every image in a tar archive (or the wanted ones)."""
    return dict(iter_archive(path, wanted))


def decode(data: bytes) -> np.ndarray:
    """Encoded PNG or JPEG -> uint8 [150, 200, 3] by the shared geometry rule.

    Only the two formats the service accepts (docs/model-contract.md): Pillow would also open GIF, WebP, TIFF or BMP,
    and a reference or a fit made on one would describe images the service refuses.
    """
    image = Image.open(io.BytesIO(data))
    if image.format not in ("JPEG", "MPO", "PNG"):  # MPO: a camera JPEG with multi-picture data, decoded as its first picture
        raise ValueError(f"a {image.format or 'unknown'} image; the shared geometry rule takes PNG or JPEG only")
    return to_model_geometry(image)


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
