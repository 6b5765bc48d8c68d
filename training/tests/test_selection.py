"""The choices train.py makes on validation: temperature, prior exponent, malignant threshold (overall and per source)."""
import numpy as np

from skinlesion import metrics, selection
from skinlesion.labels import CODES


def test_threshold_is_the_largest_that_keeps_the_target_sensitivity():
    # 20 malignant scores 0.05 .. 1.00; 0.90 of 20 is 18, so the 18th highest (0.15) is kept, rounded down.
    pmal = np.r_[np.arange(1, 21) / 20, np.full(10, 0.12)]
    y = np.r_[np.ones(20), np.zeros(10)].astype(int)

    threshold, sensitivity, specificity = selection.choose_threshold(y, pmal, 0.90)

    assert threshold == 0.15
    assert sensitivity == 0.90
    assert specificity == 1.0


def test_threshold_is_stored_rounded_down_so_the_chosen_positives_stay_above_it():
    pmal = np.array([0.9, 0.1234567891, 0.01])
    y = np.array([1, 1, 0])

    threshold, sensitivity, _ = selection.choose_threshold(y, pmal, 1.0)

    assert threshold == 0.123456
    assert sensitivity == 1.0


def test_per_source_threshold_is_the_lowest_source_choice_among_sources_with_enough_malignant_images():
    # Source 0 needs 0.15 for 0.90 of its 20 melanomas, source 1 needs 0.30; source 2 has 5 (below 20) and a very
    # low score, which would pull the threshold down if it counted.
    a = np.arange(1, 21) / 20
    b = 0.15 + np.arange(1, 21) / 20 * 0.85
    c = np.array([0.001] * 5)
    pmal = np.r_[a, b, c]
    y = np.ones(len(pmal), dtype=int)
    sources = np.r_[np.zeros(20), np.ones(20), np.full(5, 2)].astype(int)

    threshold = selection.choose_threshold_per_source(y, pmal, sources, 0.90)

    assert threshold == selection.choose_threshold(y[sources == 0], a, 0.90)[0] == 0.15
    assert threshold < selection.choose_threshold(y[sources == 1], b, 0.90)[0]


def test_per_source_threshold_falls_back_to_the_pooled_choice_without_a_source_large_enough():
    pmal = np.arange(1, 11) / 10
    y = np.ones(10, dtype=int)

    assert selection.choose_threshold_per_source(y, pmal, np.zeros(10, dtype=int), 0.90) == selection.choose_threshold(y, pmal, 0.90)[0]


def test_temperature_recovers_the_one_that_made_the_labels():
    # Labels drawn from softmax(logits / 2): the likelihood is highest near T = 2, not at 1.
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, size=(20000, len(CODES)))
    p = metrics.softmax(logits, 2.0)
    y = np.array([rng.choice(len(CODES), p=row) for row in p])

    assert abs(selection.fit_temperature(y, logits) - 2.0) < 0.1


def test_exponent_zero_when_the_plain_argmax_is_already_the_best_rule():
    # Probabilities that put every image's true class on top: any prior adjustment can only lose balanced accuracy.
    y = np.arange(len(CODES)).repeat(10)
    probs = np.full((len(y), len(CODES)), 0.01)
    probs[np.arange(len(y)), y] = 0.94
    priors = np.linspace(0.02, 0.5, len(CODES))
    priors /= priors.sum()

    assert selection.choose_exponent(y, probs, priors) == 0.0


def test_exponent_above_zero_when_dividing_by_the_priors_recovers_a_rare_class():
    # A rare class (10 images) the network under-ranks against a common one (90 images): argmax names none of the rare
    # images; divided by the priors to a power near 0.5 both classes are named right.
    y = np.r_[np.zeros(10), np.ones(90)].astype(int)
    probs = np.full((100, len(CODES)), 0.0)
    probs[:10, :2] = [0.3, 0.7]
    probs[10:, :2] = [0.1, 0.9]
    priors = np.full(len(CODES), 0.01)
    priors[:2] = [0.1, 0.9]

    exponent = selection.choose_exponent(y, probs, priors)

    assert 0.0 < exponent < 1.0
