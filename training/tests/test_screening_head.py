"""The screening head (skinlesion/screening_head.py): a logistic regression that separates what it should,
a threshold rule that accepts the requested share, and determinism."""
import numpy as np
import pytest

from skinlesion.screening_head import Head, fit_head, project_out, threshold_for


def blobs(seed: int, n_pos: int = 300, n_neg: int = 60, dim: int = 20, gap: float = 12.0):
    rng = np.random.default_rng(seed)
    shift = np.zeros(dim)
    shift[0] = gap
    x = np.vstack([rng.normal(size=(n_pos, dim)) + shift, rng.normal(size=(n_neg, dim)) * 2.0])
    y = np.r_[np.ones(n_pos), np.zeros(n_neg)]
    return x, y


def test_separable_data_is_separated():
    x, y = blobs(0)
    head = fit_head(x, y, l2=1.0)
    s = head.score(x)
    assert s[y == 1].min() > s[y == 0].max()
    # and it generalises to fresh draws of the same two classes
    x2, y2 = blobs(1)
    s2 = head.score(x2)
    assert np.mean((s2 > 0) == (y2 == 1)) > 0.98


def test_class_balance_keeps_the_boundary_between_the_classes():
    x, y = blobs(2, n_pos=2000, n_neg=20)
    head = fit_head(x, y, l2=1.0)
    s = head.score(x)
    # the few negatives are still refused at the natural threshold 0
    assert np.mean(s[y == 0] < 0) >= 0.95 and np.mean(s[y == 1] > 0) >= 0.99


def test_fit_is_deterministic_and_input_order_free():
    x, y = blobs(3)
    a, b = fit_head(x, y), fit_head(x, y)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert a.bias == b.bias
    perm = np.random.default_rng(0).permutation(len(y))
    c = fit_head(x[perm], y[perm])
    np.testing.assert_allclose(c.weights, a.weights, rtol=1e-6, atol=1e-8)


def test_fit_refuses_a_single_class():
    with pytest.raises(ValueError):
        fit_head(np.zeros((5, 2)), np.ones(5))


@pytest.mark.parametrize("acceptance", [0.9, 0.95, 0.99, 0.995, 1.0])
@pytest.mark.parametrize("n", [150, 1000, 1983])
def test_threshold_accepts_at_least_the_requested_share_and_no_more_than_needed(acceptance, n):
    scores = np.random.default_rng(n).normal(size=n)
    t = threshold_for(scores, acceptance)
    accepted = np.mean(scores >= t)
    assert accepted >= acceptance
    # one step higher (the next larger score) would accept fewer than requested
    higher = np.sort(scores)[np.sort(scores) > t]
    if len(higher):
        assert np.mean(scores >= higher[0]) < acceptance


def test_threshold_examples():
    s = np.arange(100, dtype=float)          # 0..99
    assert threshold_for(s, 0.99) == 1.0      # refuses only 0
    assert threshold_for(s, 1.0) == 0.0
    assert threshold_for(s[::-1], 0.9) == 10.0
    with pytest.raises(ValueError):
        threshold_for(s, 0.0)


def test_head_score_is_the_standardised_linear_logit():
    head = Head(mean=np.array([1.0, 2.0]), scale=np.array([2.0, 4.0]), weights=np.array([1.0, -1.0]), bias=0.5)
    np.testing.assert_allclose(head.score(np.array([[3.0, 6.0], [1.0, 2.0]])), [1.0 - 1.0 + 0.5, 0.5])


def test_project_out_removes_the_nuisance_directions():
    rng = np.random.default_rng(0)
    basis, _ = np.linalg.qr(rng.normal(size=(10, 3)))
    basis = basis.T                           # 3 orthonormal rows
    x = rng.normal(size=(7, 10))
    p = project_out(x, basis)
    np.testing.assert_allclose(p @ basis.T, 0, atol=1e-12)
    np.testing.assert_allclose(project_out(p, basis), p, atol=1e-12)
