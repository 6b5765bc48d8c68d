"""The fixed validation images whose ONNX probabilities the C# pipeline must reproduce."""
from __future__ import annotations

import random
from typing import List, Sequence

from .labels import CODES

COUNT = 64


def pick_reference_rows(split_rows: Sequence[dict], count: int = COUNT, seed: int = 64) -> List[dict]:
    """Up to ``count // 7`` validation images of each class (seeded), topped up with nevi."""
    validation = [r for r in split_rows if r["split"] == "validation"]
    rng = random.Random(seed)
    per_class = count // len(CODES)
    chosen: List[dict] = []
    for code in CODES:
        rows = sorted((r for r in validation if r["dx"] == code), key=lambda r: r["image_id"])
        chosen.extend(rng.sample(rows, min(per_class, len(rows))))
    rest = sorted((r for r in validation if r not in chosen), key=lambda r: r["image_id"])
    chosen.extend(rng.sample(rest, count - len(chosen)))
    return sorted(chosen, key=lambda r: r["image_id"])
