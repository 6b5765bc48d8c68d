"""Fitting and measuring the clinical fusion (skinlesion/clinical.py) on validation-honest terms.

The image model's probabilities come from the served pipeline (`evaluate`'s predictions.csv), so what is measured
is what the service would answer. The classifier trained on the training split, so its outputs there are
over-confident; the fusion is therefore fitted on the validation split only (HAM10000 validation plus the
ISIC 2017 validation images, which have age and sex), each field masked at random so a missing field is a state
it has seen. Whether it ships is decided by lesion-grouped cross-validation on that validation data; the test
splits are scored once, for the report.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Sequence

import numpy as np
import torch

from . import evaluation, metrics
from .clinical import FIELDS, ClinicalFusion
from .labels import CODES, INDEX, MALIGNANT_MASK

SUBSETS = [(), ("age",), ("sex",), ("site",), ("age", "sex"), ("age", "sex", "site")]


@dataclass
class Cases:
    """Images with the served image probabilities, the three fields (raw graph inputs) and labels."""
    probabilities: np.ndarray  # float32 [N,7]
    fields: Dict[str, np.ndarray]  # age float32 (-1 = not given), sex and site int64 (0 = not given)
    y: np.ndarray  # class index [N]
    groups: List[str]  # lesion ids (bootstrap and cross-validation units)

    def take(self, idx: np.ndarray) -> "Cases":
        return Cases(self.probabilities[idx], {k: v[idx] for k, v in self.fields.items()}, self.y[idx],
                     [self.groups[i] for i in idx])

    def only(self, kept: Sequence[str]) -> Dict[str, np.ndarray]:
        """The fields with those not in `kept` set to "not given"."""
        return {k: (v if k in kept else np.full_like(v, -1 if k == "age" else 0)) for k, v in self.fields.items()}


def concatenate(parts: Sequence[Cases]) -> Cases:
    return Cases(np.concatenate([p.probabilities for p in parts]),
                 {k: np.concatenate([p.fields[k] for p in parts]) for k in FIELDS},
                 np.concatenate([p.y for p in parts]), sum((p.groups for p in parts), []))


def read_predictions(rows: List[dict]) -> Dict[str, np.ndarray]:
    """image id -> the served probabilities, from evaluate's predictions.csv rows."""
    return {r["image_id"]: np.array([float(r[f"p_{c}"]) for c in CODES], np.float32) for r in rows}


def fit(cases: Cases, l2: float, copies: int = 8, mask_probability: float = 0.3, seed: int = 0) -> ClinicalFusion:
    """Maximum likelihood with an L2 penalty on the field weights; each copy of the data masks each field at random."""
    rng = np.random.default_rng(seed)
    n = len(cases.y)
    fields = {k: np.concatenate([v] * copies) for k, v in cases.fields.items()}
    for k in FIELDS:
        drop = rng.random(n * copies) < mask_probability
        fields[k] = np.where(drop, -1 if k == "age" else 0, fields[k]).astype(fields[k].dtype)
    p = torch.from_numpy(np.concatenate([cases.probabilities] * copies))
    age, sex, site = (torch.from_numpy(fields[k]) for k in FIELDS)
    y = torch.from_numpy(np.concatenate([cases.y] * copies)).long()
    model = ClinicalFusion(p.shape[1])
    optimiser = torch.optim.LBFGS(model.parameters(), lr=0.5, max_iter=300, line_search_fn="strong_wolfe")

    def closure():
        optimiser.zero_grad()
        _, logits = model(p, age, sex, site)
        loss = torch.nn.functional.cross_entropy(logits, y) + l2 * (model.weight ** 2).sum()
        loss.backward()
        return loss

    optimiser.step(closure)
    return model.eval()


@torch.no_grad()
def predict(model: ClinicalFusion, probabilities: np.ndarray, fields: Dict[str, np.ndarray]) -> np.ndarray:
    out, _ = model(torch.from_numpy(probabilities), *(torch.from_numpy(fields[k]) for k in FIELDS))
    return out.numpy()


def headline(y: np.ndarray, probs: np.ndarray, priors: np.ndarray, exponent: float, threshold: float) -> dict:
    malignant = np.asarray(MALIGNANT_MASK)[y]
    pmal = evaluation.malignant_probability(probs)
    sens, spec = metrics.sensitivity_specificity(malignant, pmal, threshold)
    return {"balancedAccuracy": round(metrics.balanced_accuracy(y, evaluation.decide(probs, priors, exponent), len(CODES)), 4),
            "macroAuc": round(metrics.macro_auc(y, probs), 4), "malignantAuc": round(metrics.roc_auc(malignant, pmal), 4),
            "malignantSensitivity": metrics.rounded(sens), "malignantSpecificity": metrics.rounded(spec),
            "ece15": round(metrics.expected_calibration_error(y, probs), 4), "nll": round(metrics.nll(y, probs), 4)}


def folds(groups: List[str], k: int, seed: int) -> List[np.ndarray]:
    """k folds of image indices, whole lesions together."""
    unique = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[j]: i % k for i, j in enumerate(order)}
    assignment = np.array([fold_of[g] for g in groups])
    return [np.flatnonzero(assignment == i) for i in range(k)]


def cross_validate(cases: Cases, scored: np.ndarray, l2: float, priors, exponent, threshold, k: int = 5, seed: int = 0) -> dict:
    """Out-of-fold fused probabilities of the `scored` cases (e.g. HAM10000 validation) for every field subset,
    and the image-only figures on the same cases."""
    out = {subset: np.zeros_like(cases.probabilities) for subset in SUBSETS}
    for test_idx in folds(cases.groups, k, seed):
        train_idx = np.setdiff1d(np.arange(len(cases.y)), test_idx)
        model = fit(cases.take(train_idx), l2, seed=seed)
        held = cases.take(test_idx)
        for subset in SUBSETS:
            out[subset][test_idx] = predict(model, held.probabilities, held.only(subset))
    y = cases.y[scored]
    figures = {"image only (no fusion)": headline(y, cases.probabilities[scored], priors, exponent, threshold)}
    for subset in SUBSETS:
        figures["fusion, " + ("no field" if not subset else " + ".join(subset))] = headline(y, out[subset][scored], priors, exponent, threshold)
    return figures


def labels_of(rows: List[dict]) -> np.ndarray:
    return np.array([INDEX[r["dx"]] for r in rows])


def subsets_report(model: ClinicalFusion, cases: Cases, priors, exponent, threshold, subsets=SUBSETS) -> dict:
    report = {"image only (no fusion)": headline(cases.y, cases.probabilities, priors, exponent, threshold)}
    for subset in subsets:
        report["fusion, " + ("no field" if not subset else " + ".join(subset))] = headline(
            cases.y, predict(model, cases.probabilities, cases.only(subset)), priors, exponent, threshold)
    return report


def l2_by_cross_validation(cases: Cases, grid=(1e-4, 1e-3, 1e-2, 1e-1), k: int = 5, seed: int = 0) -> Dict[float, float]:
    """Out-of-fold log-loss with every field given, per penalty."""
    losses = {}
    for l2 in grid:
        total = 0.0
        for test_idx in folds(cases.groups, k, seed):
            model = fit(cases.take(np.setdiff1d(np.arange(len(cases.y)), test_idx)), l2, seed=seed)
            held = cases.take(test_idx)
            total += metrics.nll(held.y, predict(model, held.probabilities, held.fields)) * len(test_idx)
        losses[l2] = round(total / len(cases.y), 5)
    return losses


