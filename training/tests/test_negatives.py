"""training/negatives.py and skinlesion/negatives/: the generated negative (non-dermoscopic) image set."""

import csv
import os
import re
import subprocess
import sys

import numpy as np
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


def test_strict_run_with_a_missing_source_exits_3_after_writing_the_rest(tmp_path, capsys):
    none = str(tmp_path / "absent")
    args = ["--out", str(tmp_path / "out"), "--seed", "3", "--groups", "solid,photo", "--jobs", "2", "--max-per-group", "2",
            "--skimage-data", none, "--strict"]
    assert generate.main(args) == 3
    assert "--strict allows none" in capsys.readouterr().err
    assert _images(tmp_path / "out") == ["solid-001.png", "solid-002.png"]


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


# --- partitions (skinlesion/negatives/partition.py) ---------------------------------------------------------------

from skinlesion.negatives import partition, text, unseen, webpages, words  # noqa: E402

GOLDEN = os.path.join(HERE, "data", "negatives-seed0-all.tsv")  # the plan of seed 0 before partitions existed
HASHED = {"solid", "gradient", "noise", "photo", "medical"}  # golden rendered bytes that depend on no font or package


def _plan(group, partition_name="all", seed=0, *extra):
    args = generate.parse_args(["--out", "unused", "--seed", str(seed), "--partition", partition_name,
                                "--chromium", "/bin/true", *extra])
    ctx = generate.Context(args)
    try:
        return generate.plan_group(group, seed, ctx)
    finally:
        for d in ctx.cleanup:
            import shutil
            shutil.rmtree(d, ignore_errors=True)


def _golden():
    rows = {}
    with open(GOLDEN, encoding="utf-8") as f:
        for line in f.read().splitlines():
            group, ext, digest, source = line.split("\t", 3)
            rows.setdefault(group, []).append((ext, digest, source))
    return rows


def _available(group):
    if group in ("photo", "medical"):
        return os.path.isdir(common.default_skimage_data())
    if group == "wallpaper":
        return os.path.isdir(common.DEFAULT_BACKGROUNDS)
    if group == "text":
        return os.path.isfile(os.path.join(common.DEFAULT_FONTS, "DejaVuSans.ttf"))
    return True


@pytest.mark.parametrize("group", common.groups_of("all"))
def test_partition_all_is_the_plan_of_before(group):
    if not _available(group):
        pytest.skip(f"source of {group} absent")
    expected = _golden()[group]
    jobs = _plan(group, "all")
    assert [(j.ext, j.source) for j in jobs] == [(e, s) for e, _, s in expected]
    if group in HASHED:
        import hashlib
        for job, (_, digest, _) in zip(jobs, expected):
            if digest:
                assert hashlib.sha256(generate.render(job)).hexdigest()[:16] == digest, job.source


def test_the_default_partition_is_all_without_the_unseen_groups():
    args = generate.parse_args(["--out", "x"])
    every = [g for g in common.GROUPS if g not in common.REPORT_ONLY + common.FIT_ONLY]
    assert args.partition == "all" and args.groups == every
    assert generate.parse_args(["--out", "x", "--partition", "report"]).groups == every[:8] + common.REPORT_ONLY
    assert generate.parse_args(["--out", "x", "--partition", "fit"]).groups == every + common.FIT_ONLY


@pytest.mark.parametrize("partition_name", ["all", "fit"])
def test_the_unseen_groups_are_refused_outside_report(partition_name):
    for group in common.REPORT_ONLY:
        with pytest.raises(SystemExit):
            generate.parse_args(["--out", "x", "--partition", partition_name, "--groups", group])


def _files(group, partition_name):
    pattern = {"photo": r"skimage:(\S+)", "medical": r"skimage:(\S+)"}[group]
    return {re.search(pattern, j.source).group(1) for j in _plan(group, partition_name)}


@pytest.mark.skipif(not os.path.isdir(common.default_skimage_data()), reason="skimage data absent")
@pytest.mark.parametrize("group", ["photo", "medical"])
def test_photo_and_medical_partitions_use_disjoint_files(group):
    fit, report, every = _files(group, "fit"), _files(group, "report"), _files(group, "all")
    assert fit and report and not fit & report
    assert fit | report == every
    split = partition.PHOTO_SPLIT if group == "photo" else partition.MEDICAL_SPLIT
    assert fit == set(split["fit"]) and report == set(split["report"])
    for p in ("fit", "report"):
        assert all(j.source.startswith(p + " [") for j in _plan(group, p))
        assert abs(len(_plan(group, p)) - len(_plan(group, "all"))) <= 2  # about the size of `all`


def test_wallpaper_partitions_use_disjoint_designs(tmp_path):
    names = ["adwaita-d.webp", "adwaita-l.webp", "grid-d.webp", "licorice-l.png", "pixels-d.jpg", "symbolic-d.webp",
             "truchet-l.webp", "vnc-d.webp", "wood-l.webp", "unknown-design.png", "other.jpg", "blobs-d.svg"]
    for name in names:
        if name.endswith(".svg"):
            (tmp_path / name).write_text("<svg/>")
        else:
            fmt = {"webp": "WEBP", "png": "PNG", "jpg": "JPEG"}[name.rsplit(".", 1)[1]]
            Image.new("RGB", (320, 200), (10, 20, 30)).save(tmp_path / name, fmt)
    used = {}
    for p in ("fit", "report"):
        jobs = _plan("wallpaper", p, 0, "--backgrounds", str(tmp_path))
        assert all(j.source.startswith(p + " [") for j in jobs)
        used[p] = {re.search(r"gnome-backgrounds:(\S+)", j.source).group(1) for j in jobs}
    designs = {p: {partition.wallpaper_design(n) for n in used[p]} for p in used}
    assert designs["fit"] and designs["report"] and not designs["fit"] & designs["report"]
    assert used["fit"] | used["report"] == {n for n in names if not n.endswith(".svg")}
    assert {"adwaita", "licorice", "symbolic", "vnc"} <= designs["fit"]
    assert {"grid", "pixels", "truchet", "wood"} <= designs["report"]
    assert not set(partition.WALLPAPER_SPLIT["fit"]) & set(partition.WALLPAPER_SPLIT["report"])


def test_text_partitions_use_disjoint_font_files_and_words():
    files = {p: set(partition.FONT_ROLES[p].values()) for p in ("fit", "report")}
    assert not files["fit"] & files["report"]
    assert set(partition.FONT_ROLES["fit"]) == set(partition.FONT_ROLES["report"]) == set(text.Fonts.NAMES)
    for p in ("fit", "report"):
        fonts = text.Fonts(common.DEFAULT_FONTS, p)
        assert {os.path.basename(path) for path in fonts.available.values()} <= files[p]
        assert partition.FONT_ROLES[p][fonts.fallback] in files[p]
    fit, report, every = words.Vocabulary("fit"), words.Vocabulary("report"), words.Vocabulary("all")
    for name in ("words", "first", "last", "tests", "units", "orgs", "titles"):
        a, b = set(getattr(fit, name)), set(getattr(report, name))
        assert a and b and not a & b, name
        assert a | b == set(getattr(every, name)), name


def test_screenshot_partitions_use_disjoint_templates_themes_and_fonts():
    seen = {}
    for p in ("fit", "report"):
        pages = webpages.html_pages(common.group_rng(1, "screenshot"), p)
        assert len(pages) == len(partition.TEMPLATE_SPLIT[p]) * partition.PAGE_DRAWS[p] == len(webpages.HTML_PAGES)
        templates = {name.rsplit("-", 1)[0] for name, _, _ in pages}
        themes = {theme["name"] for _, theme, _ in pages}
        assert templates == set(partition.TEMPLATE_SPLIT[p]) and themes <= set(partition.THEME_SPLIT[p])
        seen[p] = (templates, themes)
        for _, _, html in pages:
            family = partition.PAGE_FONTS[p][0]
            assert f"font-family: {family}" in html
        jobs = _plan("screenshot", p, 1)
        assert len(jobs) == 48 and all(j.source.startswith(p + " [") for j in jobs)
    assert not seen["fit"][0] & seen["report"][0] and not seen["fit"][1] & seen["report"][1]
    assert "DejaVu Serif" not in "".join(h for _, _, h in webpages.html_pages(common.group_rng(1, "screenshot"), "fit"))


@pytest.mark.parametrize("group", ["solid", "gradient", "noise"])
def test_synthetic_groups_only_say_their_partition(group):
    every = _plan(group, "all", 5)
    for p in ("fit", "report"):
        jobs = _plan(group, p, 5)
        prefix = partition.source_prefix(group, p)
        assert prefix.startswith(p + " [synthetic")
        assert [j.source for j in jobs] == [prefix + j.source for j in every]


@pytest.mark.skipif(not os.path.isdir(unseen.DEFAULT_MPL_DATA), reason="python-matplotlib-data absent")
def test_the_unseen_groups_appear_only_in_report(tmp_path):
    out = tmp_path / "report"
    _run(out, "--partition", "report", groups=["solid", "unseen-photo", "unseen-medical"], per_group=None, seed=3)
    _, rows = _labels(out)
    counts = {g: sum(r[1] == g for r in rows) for g in ("solid", "unseen-photo", "unseen-medical")}
    assert counts["unseen-photo"] + counts["unseen-medical"] >= 40
    assert counts["unseen-photo"] >= 20 and counts["unseen-medical"] >= 16
    for image_id, group, source in rows:
        assert source.startswith("report [") and image_id.startswith(group + "-")
        if group.startswith("unseen-"):
            assert "python-matplotlib-data:" in source
    for name in _images(out):
        with Image.open(os.path.join(out, name)) as im:
            assert im.mode in ("RGB", "L") and 64 <= min(im.size) and max(im.size) <= 4000
    # no other group, and no fit or all run, draws on matplotlib's sample data
    for p in ("all", "fit"):
        for group in generate.parse_args(["--out", "x", "--partition", p]).groups:
            if _available(group):
                assert not any("matplotlib" in j.source for j in _plan(group, p)), (p, group)


def test_missing_matplotlib_data_skips_the_unseen_groups_with_a_warning(tmp_path, capsys):
    out = _run(tmp_path / "out", "--partition", "report", "--mpl-data", str(tmp_path / "absent"),
               groups=["unseen-photo", "unseen-medical"], per_group=None)
    err = capsys.readouterr().err
    assert "warning: unseen-photo:" in err and "warning: unseen-medical:" in err and "python-matplotlib-data" in err
    assert _images(out) == []


# --- micrograph (skinlesion/negatives/micrograph.py) ----------------------------------------------------------------

from skinlesion.negatives import micrograph  # noqa: E402


@pytest.mark.parametrize("partition_name", ["all", "report"])
def test_the_micrograph_group_is_refused_outside_fit(partition_name, capsys):
    with pytest.raises(SystemExit):
        generate.parse_args(["--out", "x", "--partition", partition_name, "--groups", "micrograph"])
    assert "micrograph only with --partition fit" in capsys.readouterr().err


def test_micrographs_are_drawn_in_every_stain_within_the_service_limits(tmp_path):
    out = _run(tmp_path / "fit", "--partition", "fit", groups=["micrograph"], per_group=8, seed=1)
    _, rows = _labels(out)
    assert [r[0] for r in rows] == [f"micrograph-{i:03d}" for i in range(1, 9)]
    assert all(r[2].startswith("fit [synthetic, fit only] micrograph ") for r in rows)
    assert {kind for kind in micrograph.KINDS if any(f" {kind} " in r[2] for r in rows)} == set(micrograph.KINDS)
    for name in _images(out):
        with Image.open(os.path.join(out, name)) as im:
            assert im.mode == "RGB" and 200 <= min(im.size) and max(im.size) <= 2048
            # a drawn field of cells, not a flat colour: the channels vary across the image
            assert min(hi - lo for lo, hi in im.getextrema()) > 40, name
    again = _run(tmp_path / "again", "--partition", "fit", groups=["micrograph"], per_group=8, seed=1)
    assert all(open(os.path.join(out, n), "rb").read() == open(os.path.join(again, n), "rb").read() for n in _images(out))


def test_the_brightfield_stains_follow_beer_lambert():
    # no stain leaves the slide white; a dense haematoxylin spot is dark and bluish (absorbs red and green most)
    white = micrograph._beer_lambert({"h": np.zeros((1, 1))})[0, 0]
    dense = micrograph._beer_lambert({"h": np.full((1, 1), 1.5)})[0, 0]
    assert np.allclose(white, 255.0)
    assert dense[0] < 100 and dense[1] < 100 and dense[2] > dense[0] and dense[2] > dense[1]


# --- photo-extra (skinlesion/negatives/photo_extra.py) --------------------------------------------------------------

from skinlesion.negatives import photo_extra  # noqa: E402
from skinlesion.screening_generalisation import source_units  # noqa: E402

_PHOTO_EXTRA_FILES = [os.path.join(folder, name) for _, folder, names in photo_extra.SOURCES for name in names]


@pytest.mark.parametrize("partition_name", ["all", "report"])
def test_the_photo_extra_group_is_refused_outside_fit(partition_name, capsys):
    with pytest.raises(SystemExit):
        generate.parse_args(["--out", "x", "--partition", partition_name, "--groups", "photo-extra"])
    assert "photo-extra only with --partition fit (more photographs for the head" in capsys.readouterr().err


@pytest.mark.skipif(not all(os.path.isfile(p) for p in _PHOTO_EXTRA_FILES),
                    reason="plasma-workspace-wallpapers, lomiri-wallpapers-20.04 or python3-sklearn absent")
def test_photo_extra_is_every_listed_photograph_within_the_service_limits(tmp_path):
    out = _run(tmp_path / "fit", "--partition", "fit", groups=["photo-extra"], per_group=None, seed=1)
    _, rows = _labels(out)
    per_file = 1 + photo_extra.PHOTO_EXTRA_VARIANTS
    assert len(rows) == len(_PHOTO_EXTRA_FILES) * per_file == 80
    prefix = partition.source_prefix("photo-extra", "fit")
    assert all(r[1] == "photo-extra" and r[2].startswith(prefix) for r in rows)
    # every listed file is a source of its own, as leave-one-source-out reads the labels, in as many versions
    units = list(source_units([{"image_id": r[0]} for r in rows], os.path.join(out, "labels.csv")))
    assert sorted(set(units)) == sorted(f"{label}:{name}" for label, _, names in photo_extra.SOURCES for name in names)
    assert all(units.count(u) == per_file for u in set(units))
    for name in _images(out):
        with Image.open(os.path.join(out, name)) as im:
            assert im.mode in ("RGB", "L") and 64 <= min(im.size) and max(im.size) <= 4000
            assert os.path.getsize(os.path.join(out, name)) <= common.MAX_BYTES
    again = _run(tmp_path / "again", "--partition", "fit", groups=["photo-extra"], per_group=10, seed=1)
    assert all(open(os.path.join(out, n), "rb").read() == open(os.path.join(again, n), "rb").read() for n in _images(again))


def test_no_report_group_reads_the_photo_extra_files():
    # By path, not by label: every folder a report group reads by default (and everything under it) holds none of
    # the photo-extra files, and no report source names one of their files.
    args = generate.parse_args(["--out", "x", "--partition", "report"])
    report_folders = [args.skimage_data, args.backgrounds, args.mpl_data]
    for path in _PHOTO_EXTRA_FILES:
        real = os.path.realpath(path)
        for folder in report_folders:
            root = os.path.realpath(folder)
            assert os.path.commonpath([real, root]) != root, (path, folder)
    # Plasma's files are named by resolution (1920x1080.jpg), so its designs are kept apart by the path check alone.
    names = {name for label, _, files in photo_extra.SOURCES if label != "plasma-workspace-wallpapers" for name in files}
    for group in args.groups:
        if _available(group):
            assert not any(n in j.source for j in _plan(group, "report") for n in names), group


def test_a_missing_photo_extra_package_is_a_warning_and_its_images_are_skipped(tmp_path, capsys, monkeypatch):
    label, _, names = photo_extra.SOURCES[0]
    monkeypatch.setattr(photo_extra, "SOURCES", [(label, str(tmp_path / "absent"), names)])
    out = _run(tmp_path / "out", "--partition", "fit", groups=["photo-extra"], per_group=None)
    err = capsys.readouterr().err
    assert f"warning: photo-extra: {label}:{names[0]} unreadable or missing" in err
    assert _images(out) == []


# --- unseen-object (skinlesion/negatives/unseen_object.py) ----------------------------------------------------------

from skinlesion.negatives import unseen_object  # noqa: E402

_STAMPS = unseen_object.stamp_files(unseen_object.DEFAULT_STAMPS)


@pytest.mark.skipif(not _STAMPS, reason="tuxpaint-stamps-default absent")
def test_unseen_object_is_every_stamp_once_on_a_plain_canvas(tmp_path):
    out = _run(tmp_path / "report", "--partition", "report", groups=["unseen-object"], per_group=None, seed=3)
    _, rows = _labels(out)
    assert len(rows) == len(_STAMPS) >= 200
    prefix = partition.source_prefix("unseen-object", "report")
    assert all(r[1] == "unseen-object" and r[2].startswith(prefix) for r in rows)
    # each stamp is a source of its own, once
    units = list(source_units([{"image_id": r[0]} for r in rows], os.path.join(out, "labels.csv")))
    assert sorted(units) == sorted(f"tuxpaint-stamps-default:{name}" for name in _STAMPS)
    backgrounds = np.array(unseen_object.BACKGROUNDS, float)
    for image_id, _, _ in rows:
        with Image.open(os.path.join(out, image_id + ".jpg")) as im:
            assert im.format == "JPEG" and im.mode == "RGB" and im.size in unseen_object.CANVASES
            a = np.asarray(im, float)
        # the corners are one of the plain backgrounds (the object never reaches them) and the object is drawn on it
        corner = a[:8, :8].reshape(-1, 3).mean(axis=0)
        assert np.abs(backgrounds - corner).max(axis=1).min() < 4, image_id
        assert np.abs(a - corner).max() > 60, image_id
    again = _run(tmp_path / "again", "--partition", "report", groups=["unseen-object"], per_group=10, seed=3)
    assert all(open(os.path.join(out, n), "rb").read() == open(os.path.join(again, n), "rb").read() for n in _images(again))


def test_no_fit_group_reads_the_stamps():
    args = generate.parse_args(["--out", "x", "--partition", "fit"])
    stamps = os.path.realpath(args.stamps)
    for folder in [args.skimage_data, args.backgrounds, args.mpl_data] + [f for _, f, _ in photo_extra.SOURCES]:
        real = os.path.realpath(folder)
        assert os.path.commonpath([real, stamps]) not in (real, stamps), folder
    for group in args.groups:
        if _available(group):
            assert not any("tuxpaint" in j.source for j in _plan(group, "fit")), group


def test_missing_stamps_skip_the_unseen_object_group_with_a_warning(tmp_path, capsys):
    out = _run(tmp_path / "out", "--partition", "report", "--stamps", str(tmp_path / "absent"),
               groups=["unseen-object"], per_group=None)
    err = capsys.readouterr().err
    assert "warning: unseen-object:" in err and "tuxpaint-stamps-default" in err
    assert _images(out) == []
