"""training/negatives.py and skinlesion/negatives/: the generated negative (non-dermoscopic) image set."""

import csv
import os
import re
import subprocess
import sys

import pytest
from conftest import HERE
from PIL import Image

from skinlesion.negatives import common, generate, screenshot

SCRIPT = os.path.join(os.path.dirname(HERE), "negatives.py")
FAST = ["solid", "gradient", "noise", "text", "photo", "medical"]
PER_GROUP = 12  # every kind of each generated group appears within its first 12 images


def _run(out, *extra, groups=FAST, per_group=PER_GROUP, seed=3):
    args = ["--out", str(out), "--seed", str(seed), "--groups", ",".join(groups), "--jobs", "2"]
    if per_group:
        args += ["--max-per-group", str(per_group)]
    assert generate.main(args + list(extra)) == 0
    return out


def _labels(out):
    with open(os.path.join(out, "labels.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, list(reader)


def _images(out):
    return sorted(n for n in os.listdir(out) if n != "labels.csv")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("negatives"))


def test_labels_list_every_file_once_with_unique_ids(generated):
    header, rows = _labels(generated)
    assert header == ["image_id", "group", "source"]
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids))
    by_id = {os.path.splitext(n)[0]: n for n in _images(generated)}
    assert len(by_id) == len(_images(generated)) and sorted(by_id) == sorted(ids)
    for image_id, group, source in rows:
        assert re.fullmatch(r"[a-z]+-\d{3}", image_id) and image_id.startswith(group + "-")
        assert source.strip()
    counts = {g: sum(r[1] == g for r in rows) for g in FAST}
    assert counts == {g: PER_GROUP for g in FAST}


def test_every_image_opens_and_is_within_the_service_limits(generated):
    for name in _images(generated):
        path = os.path.join(generated, name)
        assert os.path.getsize(path) <= common.MAX_BYTES, name
        with Image.open(path) as im:
            im.verify()
        with Image.open(path) as im:
            assert im.format == {".png": "PNG", ".jpg": "JPEG"}[os.path.splitext(name)[1]], name
            assert im.mode in ("RGB", "L"), (name, im.mode)
            assert 64 <= min(im.size) and max(im.size) <= 4000, (name, im.size)
            im.load()


def test_sizes_and_aspect_ratios_vary(generated):
    sizes = set()
    for name in _images(generated):
        with Image.open(os.path.join(generated, name)) as im:
            sizes.add(im.size)
    assert len(sizes) >= 20
    assert any(w > h for w, h in sizes) and any(w < h for w, h in sizes) and any(w == h for w, h in sizes)


def test_the_same_seed_gives_byte_identical_files(generated, tmp_path):
    again = _run(tmp_path / "again")
    assert _images(again) == _images(generated)
    for name in _images(generated) + ["labels.csv"]:
        with open(os.path.join(generated, name), "rb") as a, open(os.path.join(again, name), "rb") as b:
            assert a.read() == b.read(), name


def test_a_group_does_not_depend_on_other_groups_or_the_cap(generated, tmp_path):
    alone = _run(tmp_path / "alone", groups=["noise"], per_group=5)
    assert _images(alone) == [f"noise-{i:03d}.png" for i in range(1, 6)]
    for name in _images(alone):
        with open(os.path.join(generated, name), "rb") as a, open(os.path.join(alone, name), "rb") as b:
            assert a.read() == b.read(), name


def test_another_seed_gives_other_images(generated, tmp_path):
    other = _run(tmp_path / "other", groups=["gradient"], per_group=4, seed=4)
    for name in _images(other):
        with open(os.path.join(generated, name), "rb") as a, open(os.path.join(other, name), "rb") as b:
            assert a.read() != b.read(), name


def test_missing_sources_are_skipped_with_a_warning(tmp_path, capsys):
    none = str(tmp_path / "absent")
    out = _run(tmp_path / "out", "--skimage-data", none, "--fonts", none, "--backgrounds", none,
               "--chromium", os.path.join(none, "chromium"),
               groups=["text", "screenshot", "photo", "medical", "wallpaper"], per_group=None)
    err = capsys.readouterr().err
    for group in ["text", "screenshot", "photo", "medical", "wallpaper"]:
        assert f"warning: {group}:" in err
    assert _images(out) == []
    assert _labels(out) == (["image_id", "group", "source"], [])


def test_earlier_negatives_are_replaced_and_other_files_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "solid-999.png").write_bytes(b"stale")
    (out / "notes.txt").write_text("mine")
    _run(out, groups=["solid"], per_group=2)
    assert sorted(os.listdir(out)) == ["labels.csv", "notes.txt", "solid-001.png", "solid-002.png"]


@pytest.mark.skipif(screenshot.find_chromium(None) is None, reason="chromium absent")
def test_screenshots_have_the_window_size(tmp_path):
    out = _run(tmp_path / "shots", groups=["screenshot"], per_group=2)
    _, rows = _labels(out)
    assert len(rows) == 2
    for image_id, _, source in rows:
        w, h = map(int, re.search(r"window (\d+)x(\d+)", source).groups())
        with Image.open(os.path.join(out, image_id + ".png")) as im:
            assert im.size == (w, h) and im.mode in ("RGB", "L")
            assert len(set(im.convert("L").getdata())) > 10  # a rendered page, not a blank


@pytest.mark.skipif(not os.path.isdir(common.DEFAULT_BACKGROUNDS), reason="gnome-backgrounds absent")
def test_wallpapers_are_downscaled(tmp_path):
    out = _run(tmp_path / "wall", groups=["wallpaper"], per_group=3)
    for name in _images(out):
        with Image.open(os.path.join(out, name)) as im:
            assert max(im.size) <= 2048 and min(im.size) >= 64


def test_help_explains_every_group_and_option():
    text = subprocess.run([sys.executable, SCRIPT, "--help"], capture_output=True, text=True, check=True).stdout
    for word in common.GROUPS + ["--out", "--seed", "--groups", "--max-per-group", "labels.csv", "chromium"]:
        assert word in text


def test_a_chromium_that_fails_skips_the_group_with_a_warning(tmp_path, capsys):
    out = _run(tmp_path / "out", "--chromium", "/bin/false", groups=["screenshot", "solid"], per_group=3)
    assert "warning: screenshot: first image failed" in capsys.readouterr().err
    assert _images(out) == ["solid-001.png", "solid-002.png", "solid-003.png"]
