"""Every choice train.py makes, all on the validation split: which members and views ship, the temperature,
the decision-rule exponent and the malignant threshold."""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Dict, List, Sequence

import numpy as np

from . import evaluation, metrics
from .labels import CODES, MALIGNANT_MASK

TARGET_SENSITIVITY = 0.90
VIEW_COUNTS = (1, 2, 4, 8)


def combine(logits: np.ndarray, members, views: int) -> np.ndarray:
    """Mean over the listed members and the first ``views`` views: [M,V,N,C] -> [N,C]."""
    return logits[list(members), :views].mean(axis=(0, 1))


def fit_temperature(y, logits) -> float:
    grid = np.exp(np.linspace(np.log(0.25), np.log(6.0), 600))
    losses = [metrics.nll(y, metrics.softmax(logits, t)) for t in grid]
    return float(grid[int(np.argmin(losses))])


def choose_exponent(y, probs, priors) -> float:
    best_a, best = 0.0, -1.0
    for a in np.round(np.arange(0.0, 2.0001, 0.05), 2):
        score = metrics.balanced_accuracy(y, evaluation.decide(probs, priors, a), len(CODES))
        if score > best + 1e-12:
            best_a, best = float(a), score
    return best_a


def choose_threshold(y_malignant, pmal, target: float):
    """Largest t whose sensitivity is >= target (so specificity is as high as it can be)."""
    positives = np.sort(pmal[y_malignant.astype(bool)])[::-1]
    k = math.ceil(target * len(positives))
    t = float(positives[k - 1])
    t = math.floor(t * 1e6) / 1e6  # stored rounded down, so the chosen positives stay above it
    sens, spec = metrics.sensitivity_specificity(y_malignant, pmal, t)
    return t, sens, spec


def ensemble_candidates(val_logits: np.ndarray, yv: np.ndarray, priors: np.ndarray, per_view_ms: Dict[int, float],
                        max_members: int, budget_ms: float, max_views: int = max(VIEW_COUNTS)) -> List[dict]:
    """Every member subset (up to max_members) and view count (up to max_views) within the CPU budget (one member
    with one view always), with the shipped rule fitted to it, best first. Balanced accuracy and macro AUC count equally;
    ties go to the cheaper graph."""
    y_malignant = np.asarray(MALIGNANT_MASK)[yv]
    candidates = []
    for size in range(1, min(max_members, len(val_logits)) + 1):
        for subset in itertools.combinations(range(len(val_logits)), size):
            for v in (v for v in VIEW_COUNTS if v <= max_views):
                estimated = size * per_view_ms[v]
                if estimated > budget_ms and not (size == 1 and v == 1):
                    continue
                logits = combine(val_logits, subset, v)
                probs = metrics.softmax(logits, fit_temperature(yv, logits))
                bal = metrics.balanced_accuracy(yv, evaluation.decide(probs, priors, choose_exponent(yv, probs, priors)), len(CODES))
                auc = metrics.macro_auc(yv, probs)
                candidates.append({"members": list(subset), "views": v, "estimatedMs": round(estimated, 1),
                                   "valBalancedAccuracy": round(bal, 5), "valMacroAuc": round(auc, 5),
                                   "valMalignantAuc": round(metrics.roc_auc(y_malignant, evaluation.malignant_probability(probs)), 5),
                                   "score": round((bal + auc) / 2, 5)})
    candidates.sort(key=lambda c: (-c["score"], c["estimatedMs"]))
    return candidates


@dataclass
class Calibration:
    """The shipped ensemble's temperature, decision rule (training-split priors and exponent) and malignant threshold,
    with the validation probabilities they were fitted on (before and after the temperature)."""
    temperature: float
    priors: np.ndarray
    exponent: float
    threshold: float
    validation_sensitivity: float
    validation_specificity: float
    validation_before: np.ndarray
    validation_probs: np.ndarray


def calibrate(val_logits: np.ndarray, yv: np.ndarray, priors: np.ndarray, members: Sequence[int], views: int,
              sources: np.ndarray | None = None) -> Calibration:
    logits = combine(val_logits, members, views)
    temperature = fit_temperature(yv, logits)
    before = metrics.softmax(logits)
    probs = metrics.softmax(logits, temperature)
    exponent = choose_exponent(yv, probs, priors)
    malignant, pmal = np.asarray(MALIGNANT_MASK)[yv], evaluation.malignant_probability(probs)
    threshold = choose_threshold_per_source(malignant, pmal, np.zeros(len(yv), dtype=int) if sources is None else sources,
                                            TARGET_SENSITIVITY)
    sens, spec = metrics.sensitivity_specificity(malignant, pmal, threshold)
    return Calibration(temperature, priors, exponent, threshold, sens, spec, before, probs)


def choose_threshold_per_source(y_malignant: np.ndarray, pmal: np.ndarray, sources: np.ndarray, target: float,
                                min_malignant: int = 20) -> float:
    """The largest threshold at which every source with enough malignant validation images reaches the target
    sensitivity, so that no clinic's equipment pays for another's: the minimum of the per-source choices."""
    chosen = []
    for name in np.unique(sources):
        pick = sources == name
        if y_malignant[pick].sum() >= min_malignant:
            chosen.append(choose_threshold(y_malignant[pick], pmal[pick], target)[0])
    return min(chosen) if chosen else choose_threshold(y_malignant, pmal, target)[0]
