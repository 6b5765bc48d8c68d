"""training/ood.py (skinlesion/ood.py, ood_fit.py, uncertainty.py): the detector's arithmetic, the texture measure,
the grid choice and the shipped artifact."""
import base64
import csv
import hashlib
import io
import json
import os
import tarfile

import numpy as np
import pytest
from conftest import REPO
from PIL import Image

from skinlesion import ood, ood_fit, uncertainty
from skinlesion.labels import CODES

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


def decoded(distance: dict, key: str, *shape: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(distance[key]), dtype="<f4").reshape(shape).astype(np.float64)


def score_from_artifact(distance: dict, x: np.ndarray) -> np.ndarray:
    """What a scorer that reads only the artifact computes: project out the nuisance directions, then the squared
    Mahalanobis distance to the nearest of the distance's means."""
    d, k = distance["dimension"], distance["components"]
    nuisance = decoded(distance, "nuisanceBasis", distance["nuisanceComponents"], d)
    x = x.astype(np.float64)
    x = x - (x @ nuisance.T) @ nuisance
    differences = x[:, None, :] - decoded(distance, "means", distance["meanCount"], d)[None]
    projected = differences @ decoded(distance, "basis", k, d).T
    explained = (projected ** 2 / decoded(distance, "variances", k)).sum(axis=-1)
    residual = ((differences ** 2).sum(axis=-1) - (projected ** 2).sum(axis=-1)).clip(min=0) / distance["residualVariance"]
    return (explained + residual).min(axis=1)


def assert_one_shape(distance: dict) -> None:
    """Every distance decodes the same way: meanCount means, components basis rows, orthonormal nuisance rows."""
    d, k = distance["dimension"], distance["components"]
    assert [k for k in distance if k != "refuses"] == DISTANCE_KEYS  # schema 5 may add `refuses`
    for key, size in (("means", distance["meanCount"] * d), ("basis", k * d), ("variances", k),
                      ("nuisanceBasis", distance["nuisanceComponents"] * d)):
        assert len(base64.b64decode(distance[key])) == 4 * size, key
    nuisance = decoded(distance, "nuisanceBasis", distance["nuisanceComponents"], d)
    np.testing.assert_allclose(nuisance @ nuisance.T, np.eye(len(nuisance)), atol=1e-5)


DISTANCE_KEYS = ["output", "method", "dimension", "components", "meanCount", "means", "basis", "variances",
                 "residualVariance", "nuisanceComponents", "nuisanceBasis", "threshold", "trainScorePercentiles"]


def key_layout(value):
    """The artifact's keys, in order, all the way down (list entries by their first element's keys)."""
    if isinstance(value, dict):
        return [(k, key_layout(v)) for k, v in value.items()]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [key_layout(value[0])]
    return None


def test_shipped_artifact_is_the_one_the_manifest_lists_and_fits_the_shipped_model():
    with open(os.path.join(MODELS, "skin-lesion-mobilenetv2.json")) as f:
        manifest = json.load(f)
    listed = manifest["outOfDistribution"]
    with open(os.path.join(MODELS, listed["file"]), "rb") as f:
        raw = f.read()
    assert hashlib.sha256(raw).hexdigest() == listed["sha256"]
    artifact = json.loads(raw)
    assert artifact["schemaVersion"] in (ood.SCHEMA_VERSION, ood.HEAD_SCHEMA_VERSION)
    assert artifact["modelSha256"] == manifest["sha256"]
    if artifact["schemaVersion"] == ood.HEAD_SCHEMA_VERSION:
        # The served screening is the head: its features are both outputs, projected as the distances project them.
        head = artifact["head"]
        assert head["features"] == ["embedding", "earlyStatistics"]
        assert head["dimension"] == artifact["distances"]["embedding"]["dimension"] + artifact["distances"]["early"]["dimension"]
        assert all("headScore" in r for r in artifact["reference"])
    embedding, early = artifact["distances"]["embedding"], artifact["distances"]["early"]
    assert embedding["output"] == manifest["outputs"]["embedding"]
    assert early["output"] == manifest["outputs"]["earlyStatistics"]
    assert embedding["meanCount"] == len(artifact["labels"]) == len(manifest["labels"]) and early["meanCount"] == 1
    assert early["components"] == early["dimension"]
    assert_one_shape(embedding)
    assert_one_shape(early)
    assert artifact["validation"]["passRate"] >= 0.97
    assert manifest["uncertainty"]["borderlineFrom"] == manifest["malignantThreshold"]["value"]
    assert all("earlyScore" in r for r in artifact["reference"])


def write_evaluate_outputs(root, rng: np.random.Generator) -> dict:
    """Synthetic stand-ins for what fit-ood.sh gathers: evaluate reports and .npy files for the training split,
    the validation split and the renderings, with early-stage statistics, plus the validation images' archive."""
    train_ids = [f"ISIC_{n:07d}" for n in range(140)]
    val_ids = [f"ISIC_{n:07d}" for n in range(140, 200)]
    rendered_ids = [f"{i}_a{k}" for i in train_ids[::2] for k in range(2)]
    train_y = np.arange(len(train_ids)) % 7
    vectors = {}
    for name, ids, labels in (("ham-train", train_ids, train_y), ("ham-validation", val_ids, rng.integers(0, 7, len(val_ids))),
                              ("acquisition-train", rendered_ids, np.zeros(len(rendered_ids), dtype=int))):
        os.makedirs(root / name)
        with open(root / name / "predictions.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["image_id", "label", "predicted", *[f"p_{c}" for c in CODES], "malignant_probability"])
            for image_id, y in zip(ids, labels):
                p = np.full(7, 0.05)
                p[y] = 0.7
                w.writerow([image_id, CODES[y], CODES[y], *p, rng.uniform()])
    for suffix, dimension in (("", 20), (".early", 10)):
        train_x = rng.normal(size=(len(train_ids), dimension)) + train_y[:, None]
        sources = train_x[[train_ids.index(r.rsplit("_a", 1)[0]) for r in rendered_ids]]
        arrays = {"ham-train": train_x, "ham-validation": rng.normal(size=(len(val_ids), dimension)) + 3,
                  "acquisition-train": sources + rng.normal(size=(len(rendered_ids), 1)) * rng.normal(size=dimension)}
        for name, x in arrays.items():
            np.save(root / f"{name}{suffix}.npy", x.astype(np.float32))
        vectors[suffix] = arrays["ham-validation"].astype(np.float32)
    with tarfile.open(root / "images.tar.gz", "w:gz") as tar:
        for image_id in val_ids:
            encoded = io.BytesIO()
            Image.fromarray(rng.integers(0, 256, (150, 200, 3), dtype=np.uint8)).save(encoded, "PNG")
            member = tarfile.TarInfo(f"images/{image_id}.png")
            member.size = encoded.tell()
            tar.addfile(member, io.BytesIO(encoded.getvalue()))
    return {"val_ids": val_ids, "embedding": vectors[""], "early": vectors[".early"]}


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    root = tmp_path_factory.mktemp("ood")
    written = write_evaluate_outputs(root, np.random.default_rng(5))
    manifest = {"name": "m", "sha256": "0" * 64, "labels": [{"code": c} for c in CODES],
                "outputs": {"embedding": "embedding", "earlyStatistics": "early_statistics"},
                "split": {"file": "training/splits/ham10000.csv", "sha256": "1" * 64}, "malignantThreshold": {"value": 0.3}}
    with open(root / "m.json", "w") as f:
        json.dump(manifest, f)
    assert ood_fit.main(["--embeddings", str(root), "--images", str(root / "images.tar.gz"), "--manifest", str(root / "m.json"),
                         "--components", "6", "--nuisance-components", "2", "--early-nuisance-components", "3",
                         "--pass-quantile", "100", "--target-accuracy", "0.5", "--references", "5"]) == 0
    with open(root / "m-ood.json", "rb") as f:
        raw = f.read()
    with open(root / "m.json") as f:
        return {**written, "raw": raw, "artifact": json.loads(raw), "manifest": json.load(f)}


def schema_4_part(artifact: dict) -> dict:
    """A shipped schema-5 artifact without what training/screening_head.py adds to the schema 4 that ood.py writes."""
    out = {k: v for k, v in artifact.items() if k != "head"}
    out["distances"] = {k: {f: x for f, x in d.items() if f != "refuses"} for k, d in artifact["distances"].items()}
    out["reference"] = [{f: x for f, x in r.items() if f != "headScore"} for r in artifact["reference"]]
    return out


def test_a_fit_writes_schema_4_laid_out_as_the_shipped_artifact(fitted):
    artifact = fitted["artifact"]
    assert artifact["schemaVersion"] == 4
    with open(os.path.join(MODELS, "skin-lesion-mobilenetv2-ood.json")) as f:
        shipped = json.load(f)
    assert key_layout(artifact) == key_layout(schema_4_part(shipped))
    embedding, early = artifact["distances"]["embedding"], artifact["distances"]["early"]
    assert (embedding["dimension"], embedding["components"], embedding["meanCount"], embedding["nuisanceComponents"]) == (20, 6, 7, 2)
    assert (early["dimension"], early["components"], early["meanCount"], early["nuisanceComponents"]) == (10, 10, 1, 3)
    assert_one_shape(embedding)
    assert_one_shape(early)
    listed = fitted["manifest"]["outOfDistribution"]
    assert listed["sha256"] == hashlib.sha256(fitted["raw"]).hexdigest() and listed["version"] == artifact["version"]


def test_scores_recomputed_from_the_artifact_alone_are_the_reference_scores(fitted):
    artifact = fitted["artifact"]
    rows = [fitted["val_ids"].index(r["imageId"]) for r in artifact["reference"]]
    for distance, vectors, key in (("embedding", fitted["embedding"], "score"), ("early", fitted["early"], "earlyScore")):
        scores = score_from_artifact(artifact["distances"][distance], vectors[rows])
        np.testing.assert_allclose(scores, [r[key] for r in artifact["reference"]], rtol=1e-6)


def test_a_fit_without_the_early_check_writes_only_the_embedding_distance(tmp_path):
    write_evaluate_outputs(tmp_path, np.random.default_rng(6))
    with open(tmp_path / "m.json", "w") as f:
        json.dump({"name": "m", "sha256": "0" * 64, "labels": [{"code": c} for c in CODES], "outputs": {"embedding": "embedding"},
                   "split": {"file": "s.csv", "sha256": "1" * 64}, "malignantThreshold": {"value": 0.3}}, f)
    assert ood_fit.main(["--embeddings", str(tmp_path), "--images", str(tmp_path / "images.tar.gz"), "--manifest",
                         str(tmp_path / "m.json"), "--components", "6", "--early", "", "--pass-quantile", "100",
                         "--target-accuracy", "0.5", "--references", "3"]) == 0
    with open(tmp_path / "m-ood.json") as f:
        artifact = json.load(f)
    assert list(artifact["distances"]) == ["embedding"]
    assert "passRateEarly" not in artifact["validation"] and all("earlyScore" not in r for r in artifact["reference"])
