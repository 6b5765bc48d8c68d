"""onnxruntime checks of an exported model: agreement with PyTorch and CPU latency."""
from __future__ import annotations

import platform
import statistics
import time
from typing import Dict

import numpy as np


def session(path: str, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def run(path: str, images: np.ndarray, threads: int = 4, batch: int = 16) -> Dict[str, np.ndarray]:
    sess = session(path, threads)
    names = [o.name for o in sess.get_outputs()]
    parts = {n: [] for n in names}
    for i in range(0, len(images), batch):
        for n, v in zip(names, sess.run(None, {sess.get_inputs()[0].name: images[i : i + batch]})):
            parts[n].append(v)
    return {n: np.concatenate(v) for n, v in parts.items()}


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def latency_ms(path: str, image: np.ndarray, threads: int = 2, warmup: int = 5, runs: int = 50) -> Dict:
    """Median and spread of one-image session.run time (batch 1) with ``threads`` intra-op threads."""
    sess = session(path, threads)
    feed = {sess.get_inputs()[0].name: image[None] if image.ndim == 3 else image}
    for _ in range(warmup):
        sess.run(None, feed)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        sess.run(None, feed)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "medianMs": round(statistics.median(times), 2),
        "p90Ms": round(times[int(0.9 * (len(times) - 1))], 2),
        "runs": runs,
        "intraOpThreads": threads,
        "cpu": cpu_name(),
    }
