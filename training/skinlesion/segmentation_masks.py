"""The HAM10000 lesion masks, packed for the GPU machine.

The masks archive holds 10,015 PNGs (12 MB); the device call that trains the segmenter carries the
images archive too and its working tree is capped at 64 MiB, so the masks travel as one bit-packed
array (about 2.3 MB). The masks are downsized copies with anti-aliased edges (grey values 1..254 on
about 1.4% of pixels): lesion = grey >= 128, the rule the C# evaluation applies too.
"""
from __future__ import annotations

import io
import os
import tarfile
from typing import Dict, Sequence

import numpy as np
from PIL import Image

from .preprocess import HEIGHT, WIDTH

SUFFIX = "_segmentation.png"
LESION_LEVEL = 128  # grey level from which a mask pixel is lesion


def read_masks_archive(path: str) -> Dict[str, np.ndarray]:
    """image id -> bool [150, 200] lesion mask, from the masks archive."""
    masks = {}
    with tarfile.open(path) as tar:
        for member in tar:
            name = os.path.basename(member.name)
            if not member.isfile() or not name.endswith(SUFFIX) or name.startswith("._"):
                continue
            grey = np.array(Image.open(io.BytesIO(tar.extractfile(member).read())).convert("L"))
            if grey.shape != (HEIGHT, WIDTH):
                raise ValueError(f"{name}: mask is {grey.shape[1]}x{grey.shape[0]}, expected {WIDTH}x{HEIGHT}")
            masks[name[: -len(SUFFIX)]] = grey >= LESION_LEVEL
    return masks


def pack(masks: Dict[str, np.ndarray], path: str) -> None:
    ids = sorted(masks)
    bits = np.packbits(np.stack([masks[i] for i in ids]), axis=-1)
    np.savez_compressed(path, ids=np.array(ids), bits=bits, height=HEIGHT, width=WIDTH)


def unpack(path: str, wanted: Sequence[str]) -> np.ndarray:
    """bool [len(wanted), 150, 200] masks of the wanted image ids, in that order."""
    with np.load(path) as packed:
        ids = {str(i): k for k, i in enumerate(packed["ids"])}
        width = int(packed["width"])
        missing = [i for i in wanted if i not in ids]
        if missing:
            raise KeyError(f"{len(missing)} masks missing from {path}, e.g. {missing[:3]}")
        bits = packed["bits"][[ids[i] for i in wanted]]
    return np.unpackbits(bits, axis=-1, count=width).astype(bool)
