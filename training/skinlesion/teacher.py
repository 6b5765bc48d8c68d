"""The teacher of a distilled run (train.py --distill-from): the deployed graph's fixed logits of the training images,
or the check that its PyTorch rebuild (graph_teacher.py, --distill-mode consistent) answers as the graph does."""
from __future__ import annotations

import argparse
import hashlib
import os
import time
from typing import Callable

import numpy as np
import torch

from . import graph_teacher, onnxcheck
from .data import sha256


def check_graph_teacher(args: argparse.Namespace, images: np.ndarray, device: torch.device, log: Callable[..., None], count: int = 256) -> None:
    """The PyTorch rebuild of --distill-from must give the graph's logits and embedding (onnxruntime) before members
    learn from it."""
    started = time.time()
    pick = np.random.default_rng(0).choice(len(images), min(count, len(images)), replace=False)
    tf32 = torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    try:
        teacher = graph_teacher.load(args.distill_from, args.distill_size)
        difference, embedding = graph_teacher.agreement(teacher, args.distill_from, images[np.sort(pick)], device)
    finally:
        torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32 = tf32
    log(f"teacher {args.distill_from} rebuilt in PyTorch ({len(teacher.members)} members at {args.distill_size} px): largest "
        f"logit difference from onnxruntime on {len(pick)} training images {difference:.2e}, embedding {embedding:.2e} "
        f"({time.time() - started:.0f} s)")
    if max(difference, embedding) > 1e-2:
        raise SystemExit(f"the PyTorch teacher differs from {args.distill_from} by {difference:.3g} in a logit and "
                         f"{embedding:.3g} in the embedding (limit 0.01): wrong --distill-size, or a graph this rebuild "
                         "does not understand")


def teacher_logits(graph: str, images: np.ndarray, work: str, log: Callable[..., None], batch: int = 64) -> np.ndarray:
    """The deployed graph's `logits` output (before its temperature) on each training image, as served: float32 [N, C].
    Kept in ``work`` under the graph's and the images' digests, so a pool spread over several calls computes them once."""
    key = f"{sha256(graph)[:16]}-{hashlib.sha256(np.ascontiguousarray(images).data).hexdigest()[:16]}"
    cached = os.path.join(work, f"teacher-{key}.npy")
    if os.path.exists(cached):
        log(f"teacher {graph}: logits of {len(images)} training images reused from {cached}")
        return np.load(cached)
    started = time.time()
    out = onnxcheck.run(graph, images, threads=os.cpu_count() or 4, batch=batch)["logits"].astype(np.float32)
    os.makedirs(work, exist_ok=True)
    np.save(cached, out)
    log(f"teacher {graph}: logits of {len(images)} training images in {time.time() - started:.0f} s (kept in {cached})")
    return out
