"""Train ensemble members in parallel worker processes on one GPU.

One member of MobileNetV2 at 150x200 keeps an H100 mostly idle: each step is bounded by Python and
kernel launches, not by the GPU. Several processes fill those gaps (the GPU time-slices between
them), so a pool of members trains in roughly half the wall time without changing any member:
each member's result depends only on its seed and recipe, exactly as when trained in-process.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from typing import Dict, List, Sequence, Tuple

import numpy as np
import torch

from .trainer import TrainConfig, train_member

# (member index, seed, recipe name, config)
Job = Tuple[int, int, str, TrainConfig]


def save_checkpoint(path: str, state: Dict[str, torch.Tensor], history, best_epoch: int, seconds: float,
                    seed: int, recipe: str) -> None:
    # Stored in fp16 (half the size; the shipped weights are fp16 anyway).
    torch.save({"state": {k: (v.half() if v.is_floating_point() else v) for k, v in state.items()},
                "history": history, "bestEpoch": best_epoch, "seconds": seconds, "seed": seed, "recipe": recipe}, path)


def _worker(job: Job, weights: str, arrays: str, out_dir: str, log_path: str, device: str) -> str:
    index, seed, recipe, cfg = job
    torch.backends.cudnn.benchmark = False
    started = time.time()
    with open(log_path, "a", buffering=1) as f:
        def log(*parts):
            line = f"[member {index} {time.time() - started:6.1f}s] " + " ".join(str(x) for x in parts)
            print(line, flush=True)
            f.write(line + "\n")

        dev = torch.device(device)
        train_x = torch.from_numpy(np.load(os.path.join(arrays, "train_x.npy"))).to(dev)
        train_y = torch.from_numpy(np.load(os.path.join(arrays, "train_y.npy"))).to(dev)
        val_x = torch.from_numpy(np.load(os.path.join(arrays, "val_x.npy"))).to(dev)
        val_y = np.load(os.path.join(arrays, "val_y.npy"))
        teacher_path = os.path.join(arrays, "teacher.npy")
        teacher = torch.from_numpy(np.load(teacher_path)).to(dev) if os.path.exists(teacher_path) else None
        log(f"training, recipe {recipe}, seed {seed}" + (", distilled" if teacher is not None else ""))
        result = train_member(weights, train_x, train_y, val_x, val_y, seed, cfg, log, teacher)
        path = os.path.join(out_dir, f"member{index}.pt")
        save_checkpoint(path, result.state, result.history, result.best_epoch, result.seconds, seed, recipe)
        log(f"done in {result.seconds:.0f} s, best epoch {result.best_epoch}")
        return path


def train_in_parallel(jobs: Sequence[Job], workers: int, weights: str, train_x: np.ndarray, train_y: np.ndarray,
                      val_x: np.ndarray, val_y: np.ndarray, out_dir: str, log_path: str, device: str,
                      teacher: np.ndarray | None = None) -> List[str]:
    """Trains every job in `workers` spawned processes; returns the checkpoint paths in job order. With `teacher`
    (logits of the training images) the members are distilled from it."""
    arrays = os.path.join(out_dir, "arrays")
    os.makedirs(arrays, exist_ok=True)
    named = [("train_x", train_x), ("train_y", train_y), ("val_x", val_x), ("val_y", val_y)]
    if teacher is not None:
        named.append(("teacher", teacher))
    for name, value in named:
        np.save(os.path.join(arrays, f"{name}.npy"), value)
    # CUDA cannot be re-initialised in a forked child, hence spawn.
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=min(workers, len(jobs))) as pool:
        pending = [pool.apply_async(_worker, (job, weights, arrays, out_dir, log_path, device)) for job in jobs]
        paths = [p.get() for p in pending]
    for name, _ in named:
        os.remove(os.path.join(arrays, f"{name}.npy"))
    return paths

