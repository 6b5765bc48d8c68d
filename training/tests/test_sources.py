"""training/skinlesion/sources.py: the external sources' split keeps ISIC 2016 test out and is the committed one."""
import csv
import os

import pytest

from skinlesion import sources

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
SPLITS = os.path.join(os.path.dirname(__file__), "..", "splits")


def rows(n_per_dx=10, excluded=0):
    out = [{"image_id": f"{dx}{i}", "dx": dx, "excluded": False} for dx in ("mel", "nv") for i in range(n_per_dx)]
    out += [{"image_id": f"x{i}", "dx": "mel", "excluded": True} for i in range(excluded)]
    return out


def test_split_is_stratified_and_excluded_rows_never_train_or_validate():
    split = sources.make_split(rows(10, excluded=3))
    by = {(r["dx"], r["split"]) for r in split if r["split"] != "excluded"}
    assert by == {("mel", "train"), ("mel", "validation"), ("nv", "train"), ("nv", "validation")}
    assert [r["split"] for r in split if r["image_id"].startswith("x")] == ["excluded"] * 3
    assert sum(r["split"] == "validation" for r in split) == 4


def test_split_does_not_depend_on_row_order():
    a = {r["image_id"]: r["split"] for r in sources.make_split(rows())}
    b = {r["image_id"]: r["split"] for r in sources.make_split(list(reversed(rows())))}
    assert a == b


@pytest.mark.parametrize("source", sources.SOURCES, ids=lambda s: s.name)
def test_committed_split_is_what_the_labels_give(source):
    if not os.path.exists(source.labels_path(ROOT)):
        pytest.skip(f"{source.labels_path(ROOT)} is absent (no ../shared next to the repository)")
    committed = sources.read_split(sources.split_path(SPLITS, source))
    assert committed == sources.make_split(sources.read_labels(source, ROOT))
    if source.excluded_column:
        excluded = {r["image_id"] for r in sources.read_labels(source, ROOT) if r["excluded"]}
        assert excluded and all(r["split"] == "excluded" for r in committed if r["image_id"] in excluded)


def test_isic2016_test_images_are_excluded_by_id_from_every_source():
    """The flag column is checked against the ISIC 2016 test set's own ids, and no split of any source trains on one."""
    test_labels = os.path.join(ROOT, "isic2016-test", "labels.csv")
    if not os.path.exists(test_labels):
        pytest.skip(f"{test_labels} is absent (no ../shared next to the repository)")
    with open(test_labels, newline="") as f:
        isic2016_test = {row[0] for row in csv.reader(f) if row and row[0].startswith("ISIC_")}
    assert isic2016_test, f"no image ids in {test_labels}"
    flagged = {r["image_id"] for r in sources.read_labels(sources.SOURCES[0], ROOT) if r["excluded"]}
    listed = {r["image_id"] for r in sources.read_labels(sources.SOURCES[0], ROOT)}
    assert flagged == isic2016_test & listed
    for source in sources.SOURCES:
        used = {r["image_id"] for r in sources.read_split(sources.split_path(SPLITS, source)) if r["split"] != "excluded"}
        assert not used & isic2016_test, f"{source.name} keeps ISIC 2016 test images: {sorted(used & isic2016_test)[:3]}"


def test_an_exclusion_flag_other_than_0_or_1_is_refused(tmp_path):
    source = sources.SOURCES[0]
    folder = tmp_path / source.folder
    folder.mkdir()
    (folder / "labels.csv").write_text(f"image_id,dx,{source.excluded_column}\nISIC_1,nv,0\nISIC_2,mel,yes\n")
    with pytest.raises(ValueError, match=f"ISIC_2 has {source.excluded_column} 'yes', not 0 or 1"):
        sources.read_labels(source, str(tmp_path))
