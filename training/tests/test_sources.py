"""training/skinlesion/sources.py: the external sources' split keeps ISIC 2016 test out and is the committed one."""
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
