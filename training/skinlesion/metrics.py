"""Classification, ranking and calibration metrics, written out so they can be checked by hand."""
from __future__ import annotations

from typing import Callable, Dict, Optional, Sequence

import numpy as np


def _average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ties given the mean of the ranks they span."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    ranks = np.empty(len(values), dtype=np.float64)
    i = 0
    n = len(values)
    while i < n:
        j = i
        while j + 1 < n and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def roc_auc(y_true: Sequence[int], score: Sequence[float]) -> float:
    """Area under the ROC curve (Mann-Whitney U); NaN when one class is absent."""
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(score, dtype=np.float64)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = _average_ranks(s)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def roc_curve(y_true: Sequence[int], score: Sequence[float]):
    """False- and true-positive rates at every distinct threshold, from (0,0) to (1,1)."""
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(score, dtype=np.float64)
    order = np.argsort(-s, kind="mergesort")
    y, s = y[order], s[order]
    distinct = np.r_[np.where(np.diff(s))[0], len(s) - 1]
    tps = np.cumsum(y)[distinct]
    fps = (distinct + 1) - tps
    tpr = np.r_[0.0, tps / max(y.sum(), 1)]
    fpr = np.r_[0.0, fps / max((~y).sum(), 1)]
    return fpr, tpr


def confusion_matrix(y_true: Sequence[int], y_pred: Sequence[int], n_classes: int) -> np.ndarray:
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return cm


def per_class_recall(y_true, y_pred, n_classes: int) -> np.ndarray:
    cm = confusion_matrix(y_true, y_pred, n_classes)
    support = cm.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(support > 0, np.diag(cm) / support, np.nan)


def per_class_precision(y_true, y_pred, n_classes: int) -> np.ndarray:
    cm = confusion_matrix(y_true, y_pred, n_classes)
    predicted = cm.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(predicted > 0, np.diag(cm) / predicted, np.nan)


def balanced_accuracy(y_true, y_pred, n_classes: int) -> float:
    """Mean recall over the classes present in y_true."""
    return float(np.nanmean(per_class_recall(y_true, y_pred, n_classes)))


def accuracy(y_true, y_pred) -> float:
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def macro_auc(y_true, probs: np.ndarray) -> float:
    """Mean one-vs-rest AUC over the classes that have both positives and negatives."""
    y = np.asarray(y_true)
    aucs = [roc_auc(y == c, probs[:, c]) for c in range(probs.shape[1])]
    return float(np.nanmean(aucs))


def expected_calibration_error(y_true, probs: np.ndarray, bins: int = 15) -> float:
    """Top-label ECE with equal-width confidence bins (Guo et al., 2017)."""
    y = np.asarray(y_true)
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    # Bin i holds confidences in (edges[i], edges[i+1]]; confidence 0 joins the first bin.
    index = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(ece)


def reliability(y_true, probs: np.ndarray, bins: int = 15):
    """Per-bin (mean confidence, accuracy, count) for a reliability diagram."""
    y = np.asarray(y_true)
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, bins - 1)
    rows = []
    for b in range(bins):
        mask = index == b
        rows.append((float(confidence[mask].mean()) if mask.any() else float("nan"),
                     float(correct[mask].mean()) if mask.any() else float("nan"), int(mask.sum())))
    return edges, rows


def nll(y_true, probs: np.ndarray) -> float:
    y = np.asarray(y_true)
    return float(-np.mean(np.log(np.clip(probs[np.arange(len(y)), y], 1e-12, 1.0))))


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sensitivity_specificity(y_malignant, score, threshold: float):
    """Sensitivity and specificity at the threshold; NaN where the set has no positives (or no negatives), so that a
    missing class reads as unknown rather than as a model that finds none of them."""
    y = np.asarray(y_malignant).astype(bool)
    pred = np.asarray(score) >= threshold
    positives, negatives = int(y.sum()), int((~y).sum())
    sens = float((pred & y).sum() / positives) if positives else float("nan")
    spec = float((~pred & ~y).sum() / negatives) if negatives else float("nan")
    return sens, spec


def rounded(value, digits: int = 4) -> Optional[float]:
    """A figure as the reports write it: rounded, and None (JSON null) where it is NaN or absent."""
    return None if value is None or np.isnan(value) else round(float(value), digits)


def bootstrap_ci(
    statistic: Callable[[np.ndarray], float],
    n: int,
    groups: Optional[Sequence[str]] = None,
    reps: int = 1000,
    seed: int = 0,
    alpha: float = 0.05,
):
    """Percentile interval of ``statistic(indices)`` over bootstrap resamples.

    With ``groups`` (e.g. lesion ids) whole groups are resampled, so several images of one lesion
    count as the one observation they are.
    """
    rng = np.random.default_rng(seed)
    if groups is None:
        members = [np.array([i]) for i in range(n)]
    else:
        by_group: Dict[str, list] = {}
        for i, g in enumerate(groups):
            by_group.setdefault(g, []).append(i)
        members = [np.array(v) for v in by_group.values()]
    values = np.empty(reps)
    for r in range(reps):
        pick = rng.integers(0, len(members), len(members))
        idx = np.concatenate([members[k] for k in pick])
        values[r] = statistic(idx)
    # A resample without one class has no value (NaN): the interval is taken over the others; NaN when none has one.
    if np.isnan(values).all():
        return float("nan"), float("nan")
    lo, hi = np.nanpercentile(values, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(lo), float(hi)
