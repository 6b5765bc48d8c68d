"""The screening and the clinical study leave out the near-duplicates the classifier's training leaves out."""
import os

from conftest import HERE

from skinlesion import screening_prepare, sources

SPLITS = os.path.join(os.path.dirname(HERE), "splits")


def test_source_labels_drop_the_left_out_images_of_the_part():
    rows = [{"image_id": "a", "dx": "mel", "split": "train"}, {"image_id": "b", "dx": "nv", "split": "train"},
            {"image_id": "c", "dx": "nv", "split": "validation"}, {"image_id": "d", "dx": "nv", "split": "excluded"}]

    assert screening_prepare.source_labels(rows, "train", {"b": "twin of evaluation image isic2017-test x"}) == [("a", "mel")]
    assert screening_prepare.source_labels(rows, "validation", {}) == [("c", "nv")]


def test_committed_files_leave_out_the_twins_of_test_images_from_both_isic2017_parts():
    # ADR 0052: copies of ISIC 2016 and 2017 test images sat in the ISIC 2017 training set's train and validation parts.
    left = sources.left_out_by_near_duplicates(SPLITS, os.path.join(SPLITS, "ham10000.csv"))["isic2017-train"]
    rows = sources.read_split(os.path.join(SPLITS, "isic2017-train.csv"))
    part = {r["image_id"]: r["split"] for r in rows}

    assert {"ISIC_0014795", "ISIC_0014846"} <= set(left)
    assert {part[i] for i in left} <= {"train", "validation"}
    kept = {i for i, _ in screening_prepare.source_labels([dict(r, dx="nv") for r in rows], "validation", left)}
    assert "ISIC_0014795" not in kept and len(kept) == sum(p == "validation" for p in part.values()) - sum(part[i] == "validation" for i in left)
