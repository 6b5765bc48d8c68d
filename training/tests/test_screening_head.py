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


# ------------------------------------------------------------------ schema 5: the head in the OOD artifact

import csv
import hashlib
import json
import os

from skinlesion import ood
from skinlesion.screening_fixture import apply_merge_patch, merge_patch, parity_fixture
from skinlesion.screening_head import (DEV_POSITIVE, FIT_POSITIVE, SERVED_FEATURES, features, head_dict,
                                      head_from_dict, main)


def tiny_artifact(rng, de=6, dl=4, ne=2, nl=1):
    """A schema-4 artifact with small dimensions and orthonormal nuisance bases (the head needs only those)."""
    def distance(d, n):
        q, _ = np.linalg.qr(rng.normal(size=(d, d)))
        return {"output": "x", "dimension": d, "components": d, "meanCount": 1, "means": ood.b64(np.zeros(d)),
                "basis": ood.b64(np.eye(d)), "variances": ood.b64(np.ones(d)), "residualVariance": 1.0,
                "nuisanceComponents": n, "nuisanceBasis": ood.b64(q[:n]), "threshold": 10.0}
    return {"schemaVersion": 4, "name": "m-ood", "version": "1.2.0", "modelSha256": "ab" * 32, "labels": ["a"],
            "textureMinimum": 0.5, "distances": {"embedding": distance(de, ne), "early": distance(dl, nl)},
            "reference": [{"imageId": "H3", "score": 1.0, "texture": 2.0}]}


def test_head_dict_round_trips_through_the_artifact_format():
    x, y = blobs(4, dim=10)
    head = fit_head(x, y)
    fields = json.loads(json.dumps(head_dict(head, 1.5, "projected+early", {"note": "n"})))
    assert fields["features"] == ["embedding", "earlyStatistics"] and fields["dimension"] == 10
    assert fields["threshold"] == 1.5 and fields["fit"]["note"] == "n" and fields["fit"]["variant"] == "projected+early"
    back = head_from_dict(fields)
    np.testing.assert_array_equal(back.weights, head.weights.astype(np.float32))
    np.testing.assert_array_equal(back.scale, head.scale.astype(np.float32))
    assert back.bias == head.bias
    # float32 arrays: the served score is the fitted one up to float32 rounding
    np.testing.assert_allclose(back.score(x), head.score(x), rtol=1e-5, atol=1e-5)


def test_unprojected_embedding_variant_cannot_be_served():
    x, y = blobs(5, dim=4)
    with pytest.raises(ValueError):
        head_dict(fit_head(x, y), 0.0, "embedding")


def test_scores_from_the_artifact_equal_head_score_on_projected_features():
    rng = np.random.default_rng(6)
    artifact = tiny_artifact(rng)
    bases = {k: ood.distance_nuisance(v) for k, v in artifact["distances"].items()}
    emb, early = rng.normal(size=(80, 6)), rng.normal(size=(80, 4))
    y = (emb[:, 0] + early[:, 1] > 0).astype(float)
    for variant in SERVED_FEATURES:
        x = features(variant, emb, early, bases)
        head = fit_head(x, y)
        served = ood.with_head(artifact, head_dict(head, 0.25, variant), "2.0.0")
        scores = ood.head_score(served, {"embedding": emb, "earlyStatistics": early})
        np.testing.assert_allclose(scores, head_from_dict(served["head"]).score(x), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(scores, head.score(x), rtol=1e-5, atol=1e-5)


def test_with_head_makes_schema_5_and_keeps_the_early_distance_as_information():
    rng = np.random.default_rng(7)
    artifact = tiny_artifact(rng)
    x, y = rng.normal(size=(40, 10)), np.r_[np.ones(20), np.zeros(20)]
    out = ood.with_head(artifact, head_dict(fit_head(x, y), 0.0, "projected+early"), "2.0.0")
    assert out["schemaVersion"] == 5 and out["version"] == "2.0.0"
    assert out["distances"]["embedding"]["refuses"] is True and out["distances"]["early"]["refuses"] is False
    assert artifact["schemaVersion"] == 4 and "head" not in artifact        # the input is not modified
    wrong = head_dict(fit_head(x[:, :9], y), 0.0, "projected+early")
    with pytest.raises(ValueError, match="dimension"):
        ood.with_head(artifact, wrong, "2.0.0")
    no_early = {**artifact, "distances": {"embedding": artifact["distances"]["embedding"]}}
    with pytest.raises(ValueError, match="no distance"):
        ood.with_head(no_early, head_dict(fit_head(x, y), 0.0, "projected+early"), "2.0.0")
    with pytest.raises(ValueError, match="schemaVersion"):
        ood.with_head({**artifact, "schemaVersion": 3}, out["head"], "2.0.0")


def test_merge_patch_round_trip():
    a = {"x": 1, "d": {"k": 1, "gone": 2}, "same": [1, 2]}
    b = {"x": 2, "d": {"k": 1, "new": {"n": 1}}, "same": [1, 2], "added": "y"}
    assert apply_merge_patch(a, merge_patch(a, b)) == b


def test_parity_fixture_patch_rebuilds_the_artifact_whose_scores_it_lists():
    rng = np.random.default_rng(8)
    artifact = tiny_artifact(rng, de=12, dl=8)
    artifact["distances"]["embedding"]["meanCount"] = 2
    artifact["distances"]["embedding"]["means"] = ood.b64(rng.normal(size=(2, 12)))
    fixture = parity_fixture(artifact, "00" * 32, n_fit=40, n_cases=2)
    rebuilt = apply_merge_patch(artifact, fixture["patch"])
    assert rebuilt["schemaVersion"] == 5 and rebuilt["head"]["dimension"] == 20
    for case in fixture["cases"]:
        outputs = {k: ood.decode(case[k], n)[None] for k, n in (("embedding", 12), ("earlyStatistics", 8))}
        assert ood.head_score(rebuilt, outputs)[0] == case["headScore"]


def _write_set(folder, name, emb, early, labels):
    np.save(os.path.join(folder, f"{name}.npy"), emb.astype(np.float32))
    np.save(os.path.join(folder, f"{name}.early.npy"), early.astype(np.float32))
    os.makedirs(os.path.join(folder, name))
    with open(os.path.join(folder, name, "predictions.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image_id", "label", "status", "reasons"])
        w.writerows([(f"{name[0].upper()}{i}", labels[i], "classified", "") for i in range(len(emb))])


def test_fit_command_writes_a_schema_5_artifact_and_the_manifest_entry(tmp_path):
    rng = np.random.default_rng(9)
    artifact = tiny_artifact(rng)
    models = tmp_path / "models"
    models.mkdir()
    (models / "m-ood.json").write_text(ood.artifact_json(artifact))
    manifest = {"name": "m", "sha256": artifact["modelSha256"],
                "outOfDistribution": {"file": "m-ood.json", "sha256": "x", "version": "1.2.0", "description": "d"}}
    (models / "m.json").write_text(json.dumps(manifest))
    emb_dir = tmp_path / "emb"
    emb_dir.mkdir()
    for name in FIT_POSITIVE + DEV_POSITIVE:
        _write_set(str(emb_dir), name, rng.normal(size=(30, 6)) + 3, rng.normal(size=(30, 4)) + 3, ["nv"] * 30)
    for name in ("neg-a", "neg-b"):
        _write_set(str(emb_dir), name, rng.normal(size=(20, 6)) - 3, rng.normal(size=(20, 4)) - 3, ["photo"] * 20)

    labels = tmp_path / "neg-a-labels.csv"
    labels.write_text("image_id,group,source\n" + "".join(f"N{i},photo,fit [half] skimage:p{i % 4}.png crop {i}\n" for i in range(20)))

    rc = main(["fit", "--embeddings", str(emb_dir), "--manifest", str(models / "m.json"), "--fit-negatives", "neg-a",
               "--dev-negatives", "neg-b", "--labels", str(labels), "--version", "2.0.0", "--head-out", str(tmp_path / "head.json")])

    assert rc == 0
    text = (models / "m-ood.json").read_text()
    out, written = json.loads(text), json.loads((models / "m.json").read_text())
    assert out["schemaVersion"] == 5 and out["version"] == "2.0.0" and out["distances"]["early"]["refuses"] is False
    assert written["outOfDistribution"]["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert written["outOfDistribution"]["version"] == "2.0.0" and "screening head" in written["outOfDistribution"]["description"]
    fit_info = out["head"]["fit"]
    assert fit_info["variant"] == "projected+early" and fit_info["development"]["negativesRefused"]["all"] == 1.0
    # every training source's dermoscopy is fitted on, and its validation split sets the threshold
    assert set(fit_info["fitting"]["positive"]) == {"ham-train-sample", "isic2017-train", "archive-train", "render-fit"}
    assert set(fit_info["development"]["accepted"]) == {"ham-validation", "isic2017-trainval", "isic2017-validation",
                                                         "archive-validation"}
    # the threshold accepts >= 99% of the pooled development dermoscopy, by the served (float32) head
    dev = [ood.head_score(out, {"embedding": np.load(emb_dir / f"{n}.npy"), "earlyStatistics": np.load(emb_dir / f"{n}.early.npy")})
           for n in DEV_POSITIVE]
    assert np.mean(np.concatenate(dev) >= out["head"]["threshold"]) >= 0.99
    assert out["reference"][0]["headScore"] == pytest.approx(dev[0][3], rel=1e-12)     # H3 is ham-validation's row 3
    # a site may lower the threshold, down to the floor the four left-out photo sources allow (ADR 0034)
    assert out["head"]["siteThresholdFloor"] <= out["head"]["threshold"]
    assert fit_info["siteThresholdFloor"]["leftOutRefused"]["atFloor"] >= 0.9 and "4 sources" in fit_info["siteThresholdFloor"]["rule"]

    # attach: the saved head, into the schema-4 original, written elsewhere without touching the manifest
    (tmp_path / "orig.json").write_text(ood.artifact_json(artifact))
    assert main(["attach", "--head", str(tmp_path / "head.json"), "--manifest", str(models / "m.json"), "--artifact",
                 str(tmp_path / "orig.json"), "--version", "2.0.1", "--out", str(tmp_path / "again.json")]) == 0
    again = json.loads((tmp_path / "again.json").read_text())
    assert again["head"] == out["head"] and again["version"] == "2.0.1"
    assert json.loads((models / "m.json").read_text()) == written


@pytest.mark.parametrize("script", ["fit-screening.sh", "screening-study.sh"])
def test_the_screening_scripts_embed_every_set_the_head_is_fitted_and_thresholded_on(script):
    # The sets are named in Python and embedded by the scripts; a set added to one and not the other fails at the
    # fit, after the embeddings of every other set have been computed.
    path = os.path.join(os.path.dirname(__file__), "..", script)
    with open(path) as f:
        embedded = {line.split()[1] for line in f if line.startswith("embed ")}
    assert set(FIT_POSITIVE + DEV_POSITIVE) <= embedded
