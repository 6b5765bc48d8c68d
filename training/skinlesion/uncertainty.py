"""The uncertainty band: which accepted images the service flags as uncertain, chosen on the validation split."""
from __future__ import annotations

import numpy as np

from .labels import MALIGNANT_MASK

# A malignant verdict below this calibrated malignant probability is more likely benign than not.
BORDERLINE_TO = 0.5


def choose_min_top(top: np.ndarray, correct: np.ndarray, target: float) -> tuple[float, list[dict]]:
    grid = [round(v, 2) for v in np.arange(0.20, 0.801, 0.05)]
    table = []
    chosen = None
    for tau in grid:
        kept = top >= tau
        accuracy = float(correct[kept].mean()) if kept.any() else float("nan")
        table.append({"minTopProbability": tau, "coverage": round(float(kept.mean()), 4), "accuracyKept": round(accuracy, 4)})
        if chosen is None and accuracy >= target:
            chosen = tau
    if chosen is None:
        raise SystemExit(f"no minimum top probability on the grid reaches validation accuracy {target}")
    return chosen, table


def uncertainty_band(probabilities: np.ndarray, predicted: np.ndarray, labels: np.ndarray, malignant: np.ndarray,
                     passes: np.ndarray, threshold_malignant: float, target_accuracy: float) -> dict:
    """The manifest's `uncertainty` section, from the validation images the out-of-distribution check accepts."""
    top = probabilities[np.arange(len(probabilities)), predicted]
    correct = predicted == labels
    min_top, grid = choose_min_top(top[passes], correct[passes], target_accuracy)
    is_malignant = np.asarray(MALIGNANT_MASK)[labels]
    low = top < min_top
    borderline = (malignant >= threshold_malignant) & (malignant < BORDERLINE_TO)
    uncertain = passes & (low | borderline)
    confident = passes & ~uncertain
    return {
        "minTopProbability": min_top,
        "borderlineFrom": threshold_malignant,
        "borderlineTo": BORDERLINE_TO,
        "chosenOn": "validation",
        "description": "Uncertain when the reported class's calibrated probability is below minTopProbability (the smallest "
                       f"grid value whose confident validation images reach accuracy {target_accuracy}), or when the "
                       "verdict is malignant by the threshold while the calibrated malignant probability is below 0.5.",
        "validation": {
            "accepted": int(passes.sum()),
            "uncertainRate": round(float(uncertain.sum() / passes.sum()), 4),
            "lowConfidenceRate": round(float((passes & low).sum() / passes.sum()), 4),
            "borderlineRate": round(float((passes & borderline).sum() / passes.sum()), 4),
            "accuracyConfident": round(float(correct[confident].mean()), 4),
            "accuracyUncertain": round(float(correct[uncertain].mean()), 4),
            "malignantFractionBorderline": round(float(is_malignant[passes & borderline].mean()), 4),
            "grid": grid,
        },
    }
