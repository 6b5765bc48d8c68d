"""training/ood.py (skinlesion/ood.py, ood_fit.py, uncertainty.py): the detector's arithmetic, the texture measure,
the grid choice and the shipped artifact."""
import base64
import hashlib
import json
import os

import numpy as np
import pytest
from conftest import REPO

from skinlesion import ood, uncertainty

MODELS = os.path.join(REPO, "models")


def test_full_rank_score_equals_mahalanobis_distance_to_nearest_class_mean():
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(7), 40)
    x = rng.normal(size=(len(labels), 12)) + labels[:, None] * 0.5
    detector = ood.Detector(x, labels, shrinkage=0.2, components=12)
    means = np.stack([x[labels == c].mean(0) for c in range(7)])
    centred = x - means[labels]
    cov = centred.T @ centred / len(x)
    shrunk = 0.8 * cov + 0.2 * np.trace(cov) / 12 * np.eye(12)
    precision = np.linalg.inv(shrunk)
    query = rng.normal(size=(5, 12)) * 3
    expected = np.min([np.einsum("ij,jk,ik->i", query - m, precision, query - m) for m in means], axis=0)
    np.testing.assert_allclose(detector.score(query), expected, rtol=1e-4)


def test_truncated_score_treats_the_dropped_components_as_one_residual_variance():
    rng = np.random.default_rng(1)
    labels = np.repeat(np.arange(7), 30)
    x = rng.normal(size=(len(labels), 10))
    x[:, 0] += labels * 50  # classes far apart, so the nearest mean stays the one the point started at
    detector = ood.Detector(x, labels, shrinkage=0.1, components=4)
    assert detector.basis.shape == (4, 10)
    assert detector.residual > 0
    # A point at a class mean scores zero; moving it along a dropped direction costs |step|^2 / residual.
    mean = detector.means[3].astype(np.float64)
    assert detector.score(mean[None, :])[0] == pytest.approx(0, abs=1e-3)
    full = ood.Detector(x, labels, shrinkage=0.1, components=10)
    dropped = full.basis[9].astype(np.float64)
    moved = detector.score((mean + 2 * dropped)[None, :])[0]
    assert moved == pytest.approx(4 / detector.residual, rel=1e-3)


def test_nuisance_basis_spans_the_rendering_shift_and_projecting_it_out_ignores_moves_along_it():
    rng = np.random.default_rng(2)
    train = rng.normal(size=(50, 8))
    shift = np.zeros(8)
    shift[2] = 1.0
    rendered = train + rng.normal(size=(50, 1)) * 3 * shift  # renderings move only along axis 2
    basis = ood.nuisance_basis([f"i{n}" for n in range(50)], train, [f"i{n}_a0" for n in range(50)], rendered, 1)
    assert basis.shape == (1, 8) and basis.dtype == np.float32
    np.testing.assert_allclose(np.abs(basis[0]), shift, atol=1e-6)
    x = rng.normal(size=(4, 8))
    np.testing.assert_allclose(ood.project_out(x + 5 * shift, basis), ood.project_out(x, basis), atol=1e-5)
    np.testing.assert_allclose(ood.project_out(x, basis)[:, 2], 0, atol=1e-6)
    np.testing.assert_allclose(ood.project_out(x, basis[:0]), x)


def test_nuisance_basis_refuses_renderings_without_a_source():
    with pytest.raises(SystemExit, match="no source"):
        ood.nuisance_basis(["a"], np.zeros((1, 3)), ["b_a0"], np.zeros((1, 3)), 1)


def test_texture_is_zero_for_a_flat_image_and_the_mean_neighbour_difference_otherwise():
    assert ood.texture(np.full((150, 200, 3), 90, dtype=np.uint8)) == 0
    stripes = np.zeros((150, 200, 3), dtype=np.uint8)
    stripes[:, 1::2] = 10  # every horizontal neighbour differs by 10, no vertical one does
    assert ood.texture(stripes) == pytest.approx(5.0, rel=1e-6)


def test_min_top_probability_is_the_smallest_grid_value_reaching_the_target():
    top = np.array([0.25, 0.35, 0.45, 0.9, 0.9, 0.9])
    correct = np.array([False, False, True, True, True, True])
    chosen, table = uncertainty.choose_min_top(top, correct, target=0.99)
    assert chosen == 0.40
    assert table[0]["minTopProbability"] == 0.20


def test_shipped_artifact_is_the_one_the_manifest_lists_and_fits_the_shipped_model():
    with open(os.path.join(MODELS, "skin-lesion-mobilenetv2.json")) as f:
        manifest = json.load(f)
    listed = manifest["outOfDistribution"]
    path = os.path.join(MODELS, listed["file"])
    with open(path, "rb") as f:
        raw = f.read()
    assert hashlib.sha256(raw).hexdigest() == listed["sha256"]
    artifact = json.loads(raw)
    assert artifact["modelSha256"] == manifest["sha256"]
    d, k = artifact["dimension"], artifact["components"]
    assert len(base64.b64decode(artifact["basis"])) == 4 * d * k
    assert len(base64.b64decode(artifact["classMeans"])) == 4 * d * 7
    assert artifact["validation"]["passRate"] >= 0.97
    assert artifact["schemaVersion"] == ood.SCHEMA_VERSION
    n = artifact["nuisanceComponents"]
    nuisance = np.frombuffer(base64.b64decode(artifact["nuisanceBasis"]), dtype="<f4").reshape(n, d)
    np.testing.assert_allclose(nuisance @ nuisance.T, np.eye(n), atol=1e-5)
    assert manifest["uncertainty"]["borderlineFrom"] == manifest["malignantThreshold"]["value"]
    early = artifact["early"]
    assert early["output"] == manifest["outputs"]["earlyStatistics"]
    e, ke, ne = early["dimension"], early["components"], early["nuisanceComponents"]
    assert early["meanCount"] == 1 and ke == e
    assert len(base64.b64decode(early["means"])) == 4 * e
    assert len(base64.b64decode(early["basis"])) == 4 * e * ke
    early_nuisance = np.frombuffer(base64.b64decode(early["nuisanceBasis"]), dtype="<f4").reshape(ne, e)
    np.testing.assert_allclose(early_nuisance @ early_nuisance.T, np.eye(ne), atol=1e-5)
    assert all("earlyScore" in r for r in artifact["reference"])
