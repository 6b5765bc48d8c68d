import math

import numpy as np
import pytest

from skinlesion import metrics as m
from skinlesion import evaluation


def test_auc_hand_computed_with_ties():
    # positives 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4)=1, (0.8>0.1)=1, (0.4=0.4)=0.5, (0.4>0.1)=1 -> 3.5/4
    assert m.roc_auc([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1]) == pytest.approx(0.875)


def test_auc_perfect_inverse_and_single_class():
    assert m.roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert m.roc_auc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4]) == 0.0
    assert math.isnan(m.roc_auc([1, 1, 1], [0.1, 0.2, 0.3]))


def test_macro_auc_skips_classes_without_positives():
    y = np.array([0, 0, 1, 1])
    probs = np.array([[0.9, 0.1, 0.0], [0.6, 0.4, 0.0], [0.3, 0.7, 0.0], [0.2, 0.8, 0.0]])
    assert m.macro_auc(y, probs) == pytest.approx(1.0)


def test_balanced_accuracy_and_recall_by_hand():
    y = [0, 0, 0, 0, 1, 1, 2]
    pred = [0, 0, 0, 1, 1, 0, 2]
    # recalls 3/4, 1/2, 1 -> mean 0.75; accuracy 5/7
    assert m.balanced_accuracy(y, pred, 3) == pytest.approx(0.75)
    assert m.accuracy(y, pred) == pytest.approx(5 / 7)
    assert m.per_class_precision(y, pred, 3).tolist() == pytest.approx([0.75, 0.5, 1.0])


def test_ece_by_hand():
    # Two bins in use: confidence 0.9 (2 samples, 1 correct) and 0.6 (2 samples, 2 correct).
    probs = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.4, 0.6]])
    y = [0, 1, 0, 1]
    expected = 0.5 * abs(0.5 - 0.9) + 0.5 * abs(1.0 - 0.6)
    assert m.expected_calibration_error(y, probs, bins=15) == pytest.approx(expected)


def test_sensitivity_specificity_and_roc_curve():
    sens, spec = m.sensitivity_specificity([1, 1, 0, 0], [0.9, 0.2, 0.3, 0.1], 0.25)
    assert (sens, spec) == (0.5, 0.5)
    fpr, tpr = m.roc_curve([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])
    assert fpr.tolist() == [0.0, 0.0, 0.5, 0.5, 1.0]
    assert tpr.tolist() == [0.0, 0.5, 0.5, 1.0, 1.0]


def test_prior_adjusted_decision_prefers_rare_classes():
    probs = np.array([[0.45, 0.55]])
    priors = np.array([0.1, 0.9])
    assert evaluation.decide(probs, priors, 0.0).tolist() == [1]
    assert evaluation.decide(probs, priors, 0.5).tolist() == [0]


def test_bootstrap_interval_contains_the_estimate_and_groups_resample_together():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    lo, hi = m.bootstrap_ci(lambda i: float(y[i].mean()), len(y), reps=300)
    assert lo <= y.mean() <= hi and hi - lo < 0.15
    groups = [str(i // 4) for i in range(400)]
    glo, ghi = m.bootstrap_ci(lambda i: float(y[i].mean()), len(y), groups=groups, reps=300)
    assert glo <= y.mean() <= ghi


def test_bootstrap_groups_of_identical_images_count_as_one_observation_each():
    # 100 lesions photographed 4 times alike: the interval is that of 100 observations, about twice as wide as 400
    # independent images would give; resampling images instead of lesions would make it look as narrow as 400.
    rng = np.random.default_rng(1)
    per_lesion = rng.integers(0, 2, 100)
    y = per_lesion.repeat(4)
    groups = [str(i // 4) for i in range(400)]
    statistic = lambda i: float(y[i].mean())  # noqa: E731

    glo, ghi = m.bootstrap_ci(statistic, len(y), groups=groups, reps=1000)
    lo, hi = m.bootstrap_ci(statistic, len(y), reps=1000)
    independent = per_lesion  # 100 independent observations of the same rate
    ilo, ihi = m.bootstrap_ci(lambda i: float(independent[i].mean()), len(independent), reps=1000)

    assert abs((ghi - glo) - (ihi - ilo)) < 0.03
    assert (ghi - glo) > 1.6 * (hi - lo)


def test_sensitivity_and_specificity_are_nan_where_the_set_lacks_the_class():
    sens, spec = m.sensitivity_specificity([0, 0], [0.9, 0.1], 0.5)
    assert math.isnan(sens) and spec == 0.5
    sens, spec = m.sensitivity_specificity([1, 1], [0.9, 0.1], 0.5)
    assert sens == 0.5 and math.isnan(spec)


def test_bootstrap_skips_resamples_without_the_class_and_is_nan_when_none_has_it():
    y = np.array([1, 1] + [0] * 18)
    score = np.array([0.9, 0.2] + [0.1] * 18)
    values = []

    def sensitivity(i):
        values.append(m.sensitivity_specificity(y[i], score[i], 0.5)[0])
        return values[-1]

    lo, hi = m.bootstrap_ci(sensitivity, len(y), reps=300)
    assert np.isnan(values).any() and 0.0 <= lo <= hi <= 1.0  # about 1 in 8 resamples draws no malignant image
    lo, hi = m.bootstrap_ci(lambda i: float("nan"), 5, reps=20)
    assert math.isnan(lo) and math.isnan(hi)


def test_a_set_without_melanoma_reports_null_sensitivity_and_writes_strict_json():
    import json

    from skinlesion.manifest import json_ready

    rows = [{"malignant": "0"} for _ in range(6)]
    probs = np.full((6, 7), 1 / 7)
    report = evaluation.isic2016_report(rows, probs, 0.5, reps=20)
    assert report["melanomaSensitivityAtThreshold"] == {"value": None, "ci95": [None, None]}
    assert report["benignSpecificityAtThreshold"]["value"] == 1.0
    json.dumps(report, allow_nan=False)
    assert json_ready({"a": [float("nan"), 1.0], "b": {"c": float("inf")}, "d": np.float64("nan")}) == {
        "a": [None, 1.0], "b": {"c": None}, "d": None}
