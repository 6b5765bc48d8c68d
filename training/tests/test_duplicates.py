"""skinlesion/duplicates.py finds copies across sets and splits; sources.py and dataset.py leave them out of training
(ADR 0052). Synthetic images and small fixtures; the one test that re-runs the search needs ../shared."""
import argparse
import io
import os
import tarfile

import numpy as np
import pytest
from PIL import Image

from skinlesion import dataset, duplicates, sources, split

SPLITS = os.path.join(os.path.dirname(__file__), "..", "splits")
ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")


def blobs(n, seed=0):
    """n unrelated smooth images (uint8 [n, 32, 32, 3]): a random blob each on a random background."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:32, 0:32]
    out = []
    for _ in range(n):
        cy, cx, r = rng.uniform(6, 26), rng.uniform(6, 26), rng.uniform(3, 9)
        inside = ((yy - cy) ** 2 + (xx - cx) ** 2 < r * r)[..., None]
        background, lesion = rng.uniform(120, 230, 3), rng.uniform(20, 110, 3)
        out.append(np.where(inside, lesion, background) + rng.normal(0, 6, (32, 32, 3)))
    return np.clip(out, 0, 255).astype(np.uint8)


def test_a_colour_corrected_copy_is_found_and_unrelated_images_are_not():
    thumbs = blobs(40)
    # Image 39 is image 3 brightened, with less contrast and a little re-encoding noise: a colour-corrected copy.
    noise = np.random.default_rng(1).normal(0, 2, thumbs[3].shape)
    thumbs[39] = np.clip(thumbs[3] * 0.7 + 60 + noise, 0, 255).astype(np.uint8)
    x = duplicates.features(thumbs)
    keys = [("isic2017-test", ""), ("isic2017-train", "train")]
    groups = np.array([0] * 20 + [1] * 20)  # 3 is an evaluation image, 39 a training image
    nearest, index, pairs = duplicates.search(x, groups, duplicates.comparable(keys), block=7)
    assert [(i, j) for i, j, _ in pairs] == [(3, 39)]
    assert pairs[0][2] < duplicates.THRESHOLD / 3
    # Exact nearest neighbours, against brute force over the pairs that may be compared.
    d = 1 - x @ x.T
    d[groups[:, None] == groups[None, :]] = np.inf
    assert index.tolist() == d.argmin(axis=1).tolist()
    assert np.allclose(nearest, d.min(axis=1), atol=1e-5)


def test_byte_copies_are_at_distance_zero_and_every_image_is_counted():
    # Many byte copies: in float32, 1 - x.x comes out a hair below 0 for some, which the histogram's [0, 0.005) bin
    # would leave out of every bin (ADR 0052's table once summed to 13,077 of 13,081 images).
    thumbs = np.concatenate([blobs(60, seed=3)] * 2)
    groups = np.array([0] * 60 + [1] * 60)
    keys = [("isic2017-test", ""), ("isic2017-train", "train")]
    nearest, _, pairs = duplicates.search(duplicates.features(thumbs), groups, duplicates.comparable(keys), block=16)
    assert len(pairs) == 60 and min(d for _, _, d in pairs) >= 0
    assert nearest.min() >= 0 and np.allclose(nearest, 0, atol=1e-5)
    lines = duplicates.distribution(nearest)
    assert sum(int(line.split()[-1]) for line in lines[:-1]) == 120
    assert lines[-1].startswith("120 images")


def test_only_pairs_that_could_leak_are_compared():
    keys = [("ham10000", "test"), ("ham10000", "train"), ("isic2017-train", "train"), ("isic2017-train", "validation"),
            ("isic2017-test", "")]
    allowed = duplicates.comparable(keys)
    assert not allowed[0, 1] and not allowed[1, 0]  # HAM10000's own split is by lesion: not searched
    assert allowed[2, 3] and not allowed[2, 2]  # a source across its split, not inside one part
    assert allowed[0, 2] and allowed[1, 4] and allowed[2, 4]
    thumbs = blobs(4)
    thumbs[1] = thumbs[0]
    thumbs[3] = thumbs[2]
    groups = np.array([1, 1, 2, 3])  # 0 and 1 in one part: not a pair; 2 and 3 across a split: a pair
    _, _, pairs = duplicates.search(duplicates.features(thumbs), groups, allowed)
    assert [(i, j) for i, j, _ in pairs] == [(2, 3)]


def test_a_thumbnail_is_the_whole_frame_squashed():
    im = np.zeros((48, 64, 3), dtype=np.uint8)
    im[:, 32:] = 200  # right half bright
    buffer = io.BytesIO()
    Image.fromarray(im).save(buffer, format="PNG")
    thumb = duplicates.thumbnail(buffer.getvalue())
    assert thumb.shape == (32, 32, 3)
    assert (thumb[:, :16] == 0).all() and (thumb[:, 16:] == 200).all()


def test_a_flat_image_has_no_direction_and_is_nobodys_twin():
    thumbs = blobs(3)
    thumbs[2] = 128
    x = duplicates.features(thumbs)
    assert not x[2].any()
    _, _, pairs = duplicates.search(x, np.array([0, 1, 1]), duplicates.comparable([("a", ""), ("b", "")]))
    assert pairs == []


# --- leaving them out -----------------------------------------------------------------------------

HAM_ROWS = [{"image_id": "H1", "split": "train"}, {"image_id": "H2", "split": "validation"}, {"image_id": "H3", "split": "test"}]
SOURCE_ROWS = {
    "isic2017-train": [{"image_id": f"S{i}", "dx": "nv", "split": s} for i, s in enumerate(
        ["train", "train", "validation", "validation", "train", "validation", "excluded", "train", "validation"])],
    "isic-archive-extra": [{"image_id": f"A{i}", "dx": "mel", "split": s} for i, s in enumerate(["train", "validation", "train", "validation"])],
}


def pair(set_a, image_a, set_b, image_b):
    return {"set_a": set_a, "image_a": image_a, "set_b": set_b, "image_b": image_b, "distance": "0.0100"}


PAIRS = [
    pair("isic2017-test", "T1", "isic2017-train", "S0"),  # training image twinned with a test image: out
    pair("isic2016-test", "T2", "isic2017-train", "S2"),  # validation image twinned with a test image: out
    pair("ham10000", "H3", "isic-archive-extra", "A0"),  # HAM10000 test is an evaluation image too
    pair("isic2017-train", "S3", "isic2017-train", "S1"),  # across the split: the validation side goes
    pair("ham10000", "H1", "isic2017-train", "S5"),  # HAM10000 training image: the source's validation twin goes
    pair("isic2017-train", "S4", "isic-archive-extra", "A1"),  # across sources and split: the validation side goes
    pair("isic2017-test", "T3", "isic2017-train", "S6"),  # already excluded (ISIC 2016 test): nothing to do
    pair("isic2017-test", "T4", "isic2017-validation", "V1"),  # two evaluation images: nothing to do
    pair("ham10000", "H1", "isic2016-test", "T5"),  # HAM10000's split is fixed: nothing to do
    pair("ham10000", "H2", "isic2017-train", "S7"),  # HAM10000 validation is evaluation: the training twin goes
]


def test_the_rule_leaves_out_evaluation_twins_and_the_validation_side_of_a_split():
    left = sources.near_duplicates_left_out(PAIRS, HAM_ROWS, SOURCE_ROWS)
    assert sorted(left["isic2017-train"]) == ["S0", "S2", "S3", "S5", "S7"]
    assert sorted(left["isic-archive-extra"]) == ["A0", "A1"]
    assert left["isic2017-train"]["S0"] == "twin of evaluation image isic2017-test T1"
    assert left["isic2017-train"]["S3"] == "validation twin of training image isic2017-train S1"


def test_an_evaluation_twin_is_named_as_such_even_when_it_also_crosses_a_split():
    pairs = [pair("isic2017-train", "S2", "isic2017-train", "S0"), pair("isic2017-test", "T1", "isic2017-train", "S2")]
    assert sources.near_duplicates_left_out(pairs, HAM_ROWS, SOURCE_ROWS)["isic2017-train"] == {
        "S2": "twin of evaluation image isic2017-test T1"}


def fixture_folders(tmp_path):
    """Source splits, a HAM10000 split, near-duplicates.csv and image archives for both sources, as train.py reads them."""
    splits, data_root = tmp_path / "splits", tmp_path / "data"
    splits.mkdir()
    for source in sources.SOURCES:
        rows = SOURCE_ROWS[source.name]
        sources.write_split(rows, sources.split_path(str(splits), source))
        folder = data_root / source.folder
        folder.mkdir(parents=True)
        with tarfile.open(folder / "images.tar.gz", "w:gz") as tar:
            for k, row in enumerate(rows):
                buffer = io.BytesIO()
                Image.fromarray(np.full((30, 40, 3), 10 * k, dtype=np.uint8)).save(buffer, format="PNG")
                info = tarfile.TarInfo(f"images/{row['image_id']}.png")
                info.size = len(buffer.getvalue())
                tar.addfile(info, io.BytesIO(buffer.getvalue()))
    split.write_split([dict(r, lesion_id=r["image_id"], dx="nv") for r in HAM_ROWS], str(splits / "ham10000.csv"))
    duplicates.write_pairs(PAIRS, str(splits / sources.NEAR_DUPLICATES))
    return argparse.Namespace(sources=str(data_root), source_splits=str(splits), split=str(splits / "ham10000.csv"),
                              quick=False, keep_near_duplicates=False)


def loaded_counts(args):
    return {(name, part): len(y) for name, part, _, y in dataset.load_sources(args, lambda *a: None)}


def test_training_reads_the_splits_less_the_near_duplicates_unless_told_to_keep_them(tmp_path):
    args = fixture_folders(tmp_path)
    assert loaded_counts(args) == {("isic2017-train", "train"): 2, ("isic2017-train", "validation"): 1,
                                ("isic-archive-extra", "train"): 1, ("isic-archive-extra", "validation"): 1}
    args.keep_near_duplicates = True
    assert loaded_counts(args) == {("isic2017-train", "train"): 4, ("isic2017-train", "validation"): 4,
                                ("isic-archive-extra", "train"): 2, ("isic-archive-extra", "validation"): 2}


# --- the committed list ---------------------------------------------------------------------------

def test_the_committed_pairs_name_images_of_the_committed_splits():
    rows = duplicates.read_pairs(os.path.join(SPLITS, duplicates.FILE_NAME))
    assert rows and list(rows[0]) == duplicates.COLUMNS
    listed = {s.name: {r["image_id"] for r in sources.read_split(sources.split_path(SPLITS, s)) if r["split"] != "excluded"}
              for s in sources.SOURCES}
    listed["ham10000"] = {r["image_id"] for r in split.read_split(os.path.join(SPLITS, "ham10000.csv"))}
    for row in rows:
        assert row["set_a"] in duplicates.SET_ORDER and row["set_b"] in duplicates.SET_ORDER
        confirmed = (row["set_a"], row["image_a"], row["set_b"], row["image_b"]) in duplicates.CONFIRMED_BY_EYE
        assert 0 <= float(row["distance"]) < (1.0 if confirmed else duplicates.THRESHOLD)
        for set_name, image_id in ((row["set_a"], row["image_a"]), (row["set_b"], row["image_b"])):
            assert set_name not in listed or image_id in listed[set_name], (set_name, image_id)


def test_the_committed_pairs_are_what_the_shared_images_give(tmp_path):
    if not os.path.isdir(os.path.join(ROOT, "isic2017-test")):
        pytest.skip(f"{ROOT} is absent (no ../shared next to the repository)")
    out = tmp_path / duplicates.FILE_NAME
    assert duplicates.main(["--data", ROOT, "--splits", SPLITS, "--out", str(out)]) == 0
    with open(out) as a, open(os.path.join(SPLITS, duplicates.FILE_NAME)) as b:
        assert a.read() == b.read()


def test_pairs_confirmed_by_eye_are_added_at_their_distance_unless_the_search_found_them(monkeypatch):
    # Two copies the thumbnails put far apart (colour work), one pair the search found, one pair of another data root.
    monkeypatch.setattr(duplicates, "CONFIRMED_BY_EYE", (
        ("isic2017-test", "T1", "isic2017-train", "A1"),
        ("isic2017-test", "T2", "isic2017-train", "A2"),
        ("isic2017-test", "T9", "isic2017-train", "A9"),
    ))
    x = np.eye(4)[[0, 1, 2, 2]].astype(np.float64)
    names = ["isic2017-test", "isic2017-train", "isic2017-test", "isic2017-train"]
    ids = ["T1", "A1", "T2", "A2"]
    said = []

    added = duplicates.confirmed_pairs(x, names, ids, found={(2, 3)}, log=said.append)

    assert added == [(0, 1, 1.0)]
    assert said == ["confirmed pair isic2017-test T9 = isic2017-train A9: not in these sets, skipped"]


def test_committed_pairs_hold_every_pair_confirmed_by_eye():
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "splits", duplicates.FILE_NAME)
    pairs = {(r["set_a"], r["image_a"], r["set_b"], r["image_b"]) for r in duplicates.read_pairs(path)}
    assert set(duplicates.CONFIRMED_BY_EYE) <= pairs
