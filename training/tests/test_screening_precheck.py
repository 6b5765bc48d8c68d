"""screening-precheck.sh's manifest and figures table (skinlesion/screening_precheck.py)."""
import json

from skinlesion import screening_precheck as sp


def test_candidate_manifest_takes_what_it_does_not_own_and_drops_what_is_refitted():
    candidate = {"version": "9.9.9", "outOfDistribution": {"version": "old"}, "uncertainty": {"minTopProbability": 0.3}, "clinical": {"mine": 1}}
    shipped = {"segmentation": {"file": "seg.onnx"}, "clinical": {"shipped": 1}, "outOfDistribution": {"version": "2.4.0"}}

    merged = sp.candidate_manifest(candidate, shipped)

    assert merged == {"version": "9.9.9", "clinical": {"mine": 1}, "segmentation": {"file": "seg.onnx"}}
    assert "outOfDistribution" in candidate  # the candidate's own dictionary is left as it was


def _write(folder, sha, threshold, refused):
    head = {"threshold": threshold, "fit": {"development": {"negativesRefused": {"all": 0.99, **refused}, "accepted": {"ham": 0.999, "isic": 0.994}}}}
    (folder / f"precheck-{sha}-ood.json").write_text(json.dumps({"head": head}))
    units = {"python3-sklearn:china.jpg": {"refused": 0.9}, "lomiri-wallpapers-20.04:a": {"refused": 1.0}, "other:b": {"refused": 0.5}}
    (folder / f"generalisation-{sha}.json").write_text(json.dumps({"1000.0": {"mean": 0.95, "units": units}}))


def test_table_sets_the_candidate_beside_the_shipped_model(tmp_path):
    _write(tmp_path, "cand", 0.374, {"medical": 0.949, "photo": 0.97})
    _write(tmp_path, "ship", 0.252, {"medical": 0.974, "photo": 0.99})

    lines = sp.table(str(tmp_path), "cand", "ship").splitlines()

    assert lines[0] == "| development figure | candidate cand | shipped ship |"
    assert lines[2] == "| head threshold (logit) | 0.374 | 0.252 |"
    assert lines[4] == "| lowest development group | medical 0.949 | medical 0.974 |"
    assert lines[6] == "| the same, photo-extra sources | 0.950 | 0.950 |"
    assert lines[7] == "| development dermoscopy accepted | 0.999 / 0.994 | 0.999 / 0.994 |"


def test_table_says_when_the_shipped_model_has_no_figures_yet(tmp_path):
    _write(tmp_path, "cand", 0.374, {"medical": 0.949})

    assert "(run this script on models/)" in sp.table(str(tmp_path), "cand", "ship")
