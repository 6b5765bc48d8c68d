"""The committed artifacts under models/ agree with each other and with the committed split."""
import hashlib
import json
import os

import pytest
from conftest import REPO

from skinlesion.labels import CODES, MALIGNANT

MODELS = os.path.join(REPO, "models")
MANIFEST = os.path.join(MODELS, "skin-lesion-mobilenetv2.json")


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@pytest.fixture(scope="module")
def manifest():
    with open(MANIFEST) as f:
        return json.load(f)


def test_manifest_sha256_matches_the_model_file(manifest):
    path = os.path.join(MODELS, manifest["file"])
    assert _sha256(path) == manifest["sha256"]
    assert os.path.getsize(path) == manifest["sizeBytes"] < 15_000_000


def test_manifest_split_sha256_matches_the_committed_split(manifest):
    assert _sha256(os.path.join(REPO, manifest["split"]["file"])) == manifest["split"]["sha256"]


def test_manifest_labels_threshold_and_rule(manifest):
    assert [label["code"] for label in manifest["labels"]] == CODES
    assert {label["code"] for label in manifest["labels"] if label["malignant"]} == MALIGNANT
    assert 0 < manifest["malignantThreshold"]["value"] < 1
    assert manifest["malignantThreshold"]["validationSensitivity"] >= manifest["malignantThreshold"]["targetSensitivity"]
    assert manifest["decisionRule"]["type"] in ("argmax", "prior-adjusted-argmax")
    assert sum(manifest["decisionRule"]["priors"]) == pytest.approx(1.0, abs=1e-4)
    assert manifest["input"]["height"] == 150 and manifest["input"]["width"] == 200


def test_reference_predictions_belong_to_the_shipped_model(manifest):
    with open(os.path.join(MODELS, "reference-predictions.json")) as f:
        ref = json.load(f)
    assert ref["sha256"] == manifest["sha256"]
    # A swap renames the candidate's version (the run wrote its own); the fixture must say the served one.
    assert ref["version"] == manifest["version"]
    assert ref["labels"] == CODES
    assert len(ref["images"]) == 64
    for image in ref["images"]:
        assert len(image["probabilities"]) == len(CODES)
        assert sum(image["probabilities"]) == pytest.approx(1.0, abs=1e-4)


def test_shipped_figures_exist(manifest):
    for file in manifest["figures"].values():
        assert os.path.getsize(os.path.join(MODELS, file)) > 10_000
