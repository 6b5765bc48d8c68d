"""The screening and the clinical study leave out the near-duplicates the classifier's training leaves out."""
import os

from conftest import HERE

from skinlesion import duplicates, screening_prepare, sources

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


def test_screening_development_set_drops_copies_of_test_images_only():
    rows = [{"image_id": i, "melanoma": "0.0", "seborrheic_keratosis": "0.0"} for i in ("V1", "V2", "V3", "V4")]
    pairs = [
        {"set_a": "isic2017-test", "image_a": "T1", "set_b": "isic2017-validation", "image_b": "V1", "distance": "0.0000"},
        {"set_a": "isic2017-validation", "image_a": "V2", "set_b": "isic2016-test", "image_b": "S2", "distance": "0.0100"},
        {"set_a": "isic2017-validation", "image_a": "V3", "set_b": "isic2017-train", "image_b": "A3", "distance": "0.0200"},
    ]

    kept, twins = screening_prepare.without_test_twins("isic2017-validation", rows, pairs)

    # V3's twin is a training image: the training image gives way (sources.near_duplicates_left_out), not V3.
    assert [r["image_id"] for r in kept] == ["V3", "V4"]
    assert twins == ["V1", "V2"]
    assert list(kept[0]) == ["image_id", "melanoma", "seborrheic_keratosis"]


def test_committed_pairs_take_three_isic2017_validation_images_out_of_the_screenings_development():
    pairs = duplicates.read_pairs(os.path.join(SPLITS, duplicates.FILE_NAME))
    rows = [{"image_id": f"ISIC_{n:07d}"} for n in range(12000, 17000)]

    _, twins = screening_prepare.without_test_twins("isic2017-validation", rows, pairs)

    assert twins == ["ISIC_0012221", "ISIC_0012222", "ISIC_0014597"]
