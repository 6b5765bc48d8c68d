"""The figures reported for a split: point estimates plus 95% bootstrap intervals."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import metrics as m
from .labels import CODES, MALIGNANT_MASK


def decide(probs: np.ndarray, priors: np.ndarray, exponent: float) -> np.ndarray:
    """The shipped decision rule: argmax over c of p(c) / prior(c)^exponent."""
    return np.argmax(probs / np.power(priors, exponent)[None, :], axis=1)


def malignant_probability(probs: np.ndarray) -> np.ndarray:
    return probs[:, np.asarray(MALIGNANT_MASK)].sum(axis=1)


def _rounded(x: float) -> Optional[float]:
    return m.rounded(x)


def _with_ci(value: float, statistic, n: int, groups, reps: int) -> dict:
    lo, hi = m.bootstrap_ci(statistic, n, groups=groups, reps=reps)
    return {"value": _rounded(value), "ci95": [_rounded(lo), _rounded(hi)]}


def seven_class_report(
    y: np.ndarray,
    probs: np.ndarray,
    priors: np.ndarray,
    exponent: float,
    threshold: float,
    groups: Optional[Sequence[str]] = None,
    reps: int = 1000,
) -> Dict:
    """Everything the acceptance criteria name, for a split labelled with the seven classes."""
    k = len(CODES)
    pred = decide(probs, priors, exponent)
    malignant = np.asarray(MALIGNANT_MASK)[y]
    pmal = malignant_probability(probs)
    n = len(y)
    sens, spec = m.sensitivity_specificity(malignant, pmal, threshold)
    recalls = m.per_class_recall(y, pred, k)
    precisions = m.per_class_precision(y, pred, k)
    report = {
        "images": int(n),
        "accuracy": _with_ci(m.accuracy(y, pred), lambda i: m.accuracy(y[i], pred[i]), n, groups, reps),
        "balancedAccuracy": _with_ci(m.balanced_accuracy(y, pred, k), lambda i: m.balanced_accuracy(y[i], pred[i], k), n, groups, reps),
        "macroAuc": _with_ci(m.macro_auc(y, probs), lambda i: m.macro_auc(y[i], probs[i]), n, groups, reps),
        "malignantAuc": _with_ci(m.roc_auc(malignant, pmal), lambda i: m.roc_auc(malignant[i], pmal[i]), n, groups, reps),
        "malignantSensitivity": _with_ci(sens, lambda i: m.sensitivity_specificity(malignant[i], pmal[i], threshold)[0], n, groups, reps),
        "malignantSpecificity": _with_ci(spec, lambda i: m.sensitivity_specificity(malignant[i], pmal[i], threshold)[1], n, groups, reps),
        "ece15": _with_ci(m.expected_calibration_error(y, probs), lambda i: m.expected_calibration_error(y[i], probs[i]), n, groups, reps),
        "argmaxAccuracy": _rounded(m.accuracy(y, probs.argmax(1))),
        "argmaxBalancedAccuracy": _rounded(m.balanced_accuracy(y, probs.argmax(1), k)),
        "nll": _rounded(m.nll(y, probs)),
        "perClass": {
            code: {
                "support": int((y == c).sum()),
                "recall": _rounded(recalls[c]),
                "precision": _rounded(precisions[c]),
                "auc": _rounded(m.roc_auc(y == c, probs[:, c])),
            }
            for c, code in enumerate(CODES)
        },
        "confusionMatrix": m.confusion_matrix(y, pred, k).tolist(),
        "threshold": _rounded(threshold),
    }
    return report


def _melanoma_figures(mel: np.ndarray, probs: np.ndarray, threshold: float, reps: int) -> Tuple[dict, Optional[float], dict, dict]:
    """What both ISIC sets report on melanoma: the melanoma probability's AUC, the malignant probability's AUC, and
    sensitivity (melanomas) and specificity (the rest) of the malignant verdict at the threshold."""
    n = len(mel)
    p_mel = probs[:, CODES.index("mel")]
    pmal = malignant_probability(probs)
    sens, spec = m.sensitivity_specificity(mel, pmal, threshold)
    return (
        _with_ci(m.roc_auc(mel, p_mel), lambda i: m.roc_auc(mel[i], p_mel[i]), n, None, reps),
        _rounded(m.roc_auc(mel, pmal)),
        _with_ci(sens, lambda i: m.sensitivity_specificity(mel[i], pmal[i], threshold)[0], n, None, reps),
        _with_ci(spec, lambda i: m.sensitivity_specificity(mel[i], pmal[i], threshold)[1], n, None, reps),
    )


def isic2017_report(rows: List[dict], probs: np.ndarray, priors: np.ndarray, exponent: float, threshold: float, reps: int = 1000) -> Dict:
    """ISIC 2017 part 3: melanoma and seborrhoeic keratosis AUC, 3-class balanced accuracy."""
    mel = np.array([int(r["melanoma"]) for r in rows])
    sk = np.array([int(r["seborrheic_keratosis"]) for r in rows])
    three = ["mel", "bkl", "nv"]
    y3 = np.array([three.index(r["dx"]) for r in rows])
    cols = [CODES.index(c) for c in three]
    # Three-class decision: the shipped rule restricted to the three classes the set contains.
    adjusted = probs / np.power(priors, exponent)[None, :]
    pred3 = np.argmax(adjusted[:, cols], axis=1)
    n = len(rows)
    p_bkl = probs[:, CODES.index("bkl")]
    melanoma_auc, malignant_auc, sensitivity, specificity = _melanoma_figures(mel, probs, threshold, reps)
    return {
        "images": n,
        "melanomaAuc": melanoma_auc,
        "seborrheicKeratosisAuc": _with_ci(m.roc_auc(sk, p_bkl), lambda i: m.roc_auc(sk[i], p_bkl[i]), n, None, reps),
        "threeClassBalancedAccuracy": _with_ci(m.balanced_accuracy(y3, pred3, 3), lambda i: m.balanced_accuracy(y3[i], pred3[i], 3), n, None, reps),
        "melanomaAucOfMalignantProbability": malignant_auc,
        "melanomaSensitivityAtThreshold": sensitivity,
        "nonMelanomaSpecificityAtThreshold": specificity,
        "note": "three-class decision = shipped rule restricted to mel/bkl/nv; the set has no akiec, bcc, df or vasc",
    }


def isic2016_report(rows: List[dict], probs: np.ndarray, threshold: float, reps: int = 1000) -> Dict:
    mel = np.array([int(r["malignant"]) for r in rows])
    melanoma_auc, malignant_auc, sensitivity, specificity = _melanoma_figures(mel, probs, threshold, reps)
    return {
        "images": len(rows),
        "melanomaAuc": melanoma_auc,
        "melanomaAucOfMalignantProbability": malignant_auc,
        "melanomaSensitivityAtThreshold": sensitivity,
        "benignSpecificityAtThreshold": specificity,
        "note": "malignant = melanoma in this set; the model's malignant probability also counts bcc and akiec",
    }
