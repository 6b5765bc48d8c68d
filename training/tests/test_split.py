import os
from collections import Counter

import pytest
from conftest import HAM, REPO

from skinlesion import split


def _synthetic_metadata(n_lesions=400, seed=1):
    import random

    rng = random.Random(seed)
    dxs = ["nv"] * 60 + ["mel"] * 15 + ["bkl"] * 12 + ["bcc"] * 6 + ["akiec"] * 4 + ["vasc"] * 2 + ["df"] * 1
    rows = []
    for i in range(n_lesions):
        dx = rng.choice(dxs)
        for j in range(rng.choice([1, 1, 1, 2, 3])):
            rows.append({"lesion_id": f"L{i}", "image_id": f"I{i}_{j}", "dx": dx})
    return rows


def test_split_never_puts_one_lesion_in_two_splits():
    rows = split.make_split(_synthetic_metadata())
    where = {}
    for r in rows:
        assert where.setdefault(r["lesion_id"], r["split"]) == r["split"]


def test_split_keeps_class_proportions_and_fractions():
    meta = _synthetic_metadata(2000)
    rows = split.make_split(meta)
    lesions = {(r["lesion_id"], r["dx"], r["split"]) for r in rows}
    for dx in {r["dx"] for r in meta}:
        per = Counter(s for _, d, s in lesions if d == dx)
        total = sum(per.values())
        if total >= 40:
            assert abs(per["train"] / total - 0.70) < 0.02
            assert abs(per["validation"] / total - 0.15) < 0.02


def test_split_is_deterministic_and_rejects_lesions_with_two_diagnoses():
    meta = _synthetic_metadata()
    assert split.make_split(meta) == split.make_split(meta)
    bad = meta + [{"lesion_id": meta[0]["lesion_id"], "image_id": "X", "dx": "df" if meta[0]["dx"] != "df" else "nv"}]
    with pytest.raises(ValueError, match="two diagnoses"):
        split.make_split(bad)


def test_committed_split_is_grouped_and_reproducible():
    path = os.path.join(REPO, "training", "splits", "ham10000.csv")
    rows = split.read_split(path)
    where = {}
    for r in rows:
        assert where.setdefault(r["lesion_id"], r["split"]) == r["split"]
    assert Counter(r["split"] for r in rows) == Counter({"train": 6993, "validation": 1494, "test": 1528})
    metadata = os.path.join(HAM, "HAM10000_metadata.csv")
    if not os.path.exists(metadata):
        pytest.skip("../shared/data/ham10000 absent: cannot regenerate the split from the metadata")
    assert split.make_split(split.read_metadata(metadata)) == rows


def test_training_refuses_a_missing_split_file_unless_asked_to_make_one(tmp_path):
    import argparse

    from skinlesion import pipeline

    args = argparse.Namespace(data=str(tmp_path), split=str(tmp_path / "mistyped.csv"), create_split=False, quick=False)
    with pytest.raises(SystemExit, match="mistyped.csv does not exist; give the committed split file, or --create-split"):
        pipeline.read_split(args, print)
    assert not (tmp_path / "mistyped.csv").exists()


def test_external_sets_asked_for_but_absent_stop_the_run(tmp_path):
    from skinlesion import dataset

    with pytest.raises(SystemExit, match="external set isic2017-test: .* is absent"):
        dataset.load_external(str(tmp_path), print)
    assert dataset.load_external("", print) == {}
