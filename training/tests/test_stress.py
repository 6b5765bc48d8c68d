"""training/skinlesion/stress.py: every rendering changes the image as its documentation says, deterministically."""
import csv
import hashlib
import io
import json
import math
import os
import subprocess
import sys
import tarfile

import numpy as np
import pytest
from conftest import HAM, HERE, REPO
from PIL import Image, JpegImagePlugin

from skinlesion import split, stress, stress_report, stress_set

W, H = stress.UPSCALED


def skin(seed=0, lesion_fraction=0.0, size=(W, H)):
    """Skin-coloured noise with an optional dark disc (the lesion) covering lesion_fraction of the frame."""
    w, h = size
    rng = np.random.default_rng(seed)
    image = np.array([212.0, 158.0, 138.0]) + rng.normal(0, 6, size=(h, w, 3))
    if lesion_fraction:
        r = math.sqrt(lesion_fraction * w * h / math.pi)
        y, x = np.mgrid[0:h, 0:w]
        inside = np.hypot(x + 0.5 - w / 2, y + 0.5 - h / 2) < r
        image[inside] = np.array([70.0, 40.0, 35.0]) + rng.normal(0, 5, size=(int(inside.sum()), 3))
    return np.clip(np.round(image), 0, 255).astype(np.uint8)


def flat(level=180, size=(W, H)):
    return np.full((size[1], size[0], 3), level, dtype=np.uint8)


def decoded(out):
    return np.asarray(Image.open(io.BytesIO(out)).convert("RGB")) if isinstance(out, bytes) else out


def rng(k=0):
    return np.random.default_rng(k)


# --- every rendering ------------------------------------------------------------------------------

def test_at_least_eight_changes_besides_the_reference_all_named_as_documented():
    names = [r.name for r in stress.RENDERINGS]
    assert names[0] == "plain" and len(set(names)) == len(names) >= 9
    for required in ["black-border", "circular-field", "grid", "zoom-out", "warm-white-balance", "cool-white-balance",
                     "illumination-falloff", "blur", "jpeg-q40", "hair", "aspect-16-9"]:
        assert required in names
    assert names[12:] == ["sharpen", "zoom-in", "underexposure", "overexposure", "sensor-noise", "ruler", "ink-marking",
                          "bubbles", "display-p3"]  # stress_capture.py's, after the eleven
    for r in stress.RENDERINGS:
        assert r.function.__doc__ and "Imitates" in r.function.__doc__ or r.name == "plain", r.name


def test_every_rendering_is_deterministic_per_image_id_and_has_the_documented_size():
    image = skin(1, 0.2)
    for r in stress.RENDERINGS:
        first = stress.render_file(r.name, image, "ISIC_0000001")
        again = stress.render_file(r.name, image.copy(), "ISIC_0000001")
        assert first == again, r.name
        with Image.open(io.BytesIO(first)) as im:
            assert im.format == "JPEG"
            assert im.size == ((1280, 720) if r.name == "aspect-16-9" else (W, H)), r.name


def test_random_renderings_draw_from_the_image_id():
    image = skin(2)
    for name in ["grid", "hair", "illumination-falloff", "zoom-out"]:
        a = stress.render(name, image, "ISIC_0000001")
        b = stress.render(name, image, "ISIC_0000002")
        assert not np.array_equal(a, b), f"{name}: two image ids gave the same random draw"


def test_every_change_changes_the_pixels_and_plain_keeps_them():
    image = skin(3, 0.2)
    assert np.array_equal(stress.render("plain", image, "x"), image)
    for r in stress.RENDERINGS[1:]:
        out = decoded(stress.render(r.name, image, "x"))
        if out.shape == image.shape:
            floor = 0.3 if r.name == "bubbles" else 1.0  # a few small rims (test_stress_capture.py checks them)
            assert np.abs(out.astype(int) - image).mean() > floor, f"{r.name} hardly changes the image"


def test_upscale_is_bicubic_to_800x600():
    source = skin(4, size=(200, 150))
    up = stress.upscale(source)
    assert up.shape == (H, W, 3)
    assert np.array_equal(up, np.asarray(Image.fromarray(source).resize((W, H), Image.BICUBIC)))


# --- one test per documented change ---------------------------------------------------------------

def test_black_border_is_black_on_six_percent_of_each_side_around_the_whole_shrunk_picture():
    image = skin(5, 0.2)
    out = stress.black_border(image, rng())
    bx, by = round(0.06 * W), round(0.06 * H)
    assert (bx, by) == (48, 36)
    for band in (out[:by], out[-by:], out[:, :bx], out[:, -bx:]):
        assert band.max() == 0
    inner = out[by:H - by, bx:W - bx]
    assert inner.min(axis=2).mean() > 30  # picture, not black
    assert np.array_equal(inner, np.asarray(Image.fromarray(image).resize((W - 2 * bx, H - 2 * by), Image.BICUBIC)))


def test_circular_field_is_black_outside_the_circle_and_keeps_the_centre():
    image = flat(200)
    out = stress.circular_field(image, rng())
    y, x = np.mgrid[0:H, 0:W]
    r = np.hypot(x + 0.5 - W / 2, y + 0.5 - H / 2)
    assert out[r >= 300].max() == 0
    assert out[0, 0].max() == 0 and out[H // 2, 0].max() == 0 and out[H // 2, W - 1].max() == 0
    assert abs(int(out[H // 2, W // 2, 0]) - 200) <= 1
    black = (out.max(axis=2) == 0).mean()
    assert abs(black - (1 - math.pi * 300 ** 2 / (W * H))) < 0.01
    # vignette: darker towards the rim, still lit just inside the ramp
    ring = out[(r > 280) & (r < 285)].mean()
    assert 100 < ring < out[H // 2, W // 2].mean()


def test_grid_draws_dark_lines_at_the_pitch_with_thicker_major_lines():
    image = flat(200)
    out = stress.grid(image, rng(), angle=0.0, phase=(0.5, 0.5))
    line = round(200 * (1 - 0.85))
    assert np.all(out[:, 40] == line) and np.all(out[:, 41] == line) and np.all(out[:, 39] == line)
    assert np.all(out[10, 42] == 200) and np.all(out[10, 20] == 200)  # between lines: untouched
    assert np.all(out[80, :] == line)  # horizontal line (v = 80)
    assert np.all(out[:, 202] == line) and np.all(out[10, 203] == 200)  # every 5th (x = 200) is 5 px wide
    assert np.all(out[10, 42] == 200)
    # at the random angle and offset the plate still covers about the expected share of the frame
    tilted = stress.grid(image, rng(7))
    darkened = (tilted[..., 0] < 150).mean()
    assert 0.10 < darkened < 0.25
    assert not np.array_equal(tilted, out)


def test_zoom_out_shrinks_the_lesion_to_thirty_percent_of_its_area_and_surrounds_it_with_skin():
    image = skin(6, lesion_fraction=0.25)
    dark_before = (image.mean(axis=2) < 100).mean()
    out = stress.zoom_out(image, rng())
    dark_after = (out.mean(axis=2) < 100).mean()
    assert abs(dark_after / dark_before - 0.55 ** 2) < 0.03
    fw, fh = round(W * 0.55), round(H * 0.55)
    x0, y0 = (W - fw) // 2, (H - fh) // 2
    outside = np.ones((H, W), bool)
    outside[y0:y0 + fh, x0:x0 + fw] = False
    surround = out[outside].astype(float)
    assert (surround.mean(axis=1) < 100).mean() == 0  # no lesion copies around the field
    assert np.all(np.abs(surround.mean(axis=0) - [212, 158, 138]) < 8)  # the skin colour continues
    assert surround.std(axis=0).max() > 1.0  # textured, not a flat fill
    # the middle of the field is the shrunk picture
    shrunk = np.asarray(Image.fromarray(image).resize((fw, fh), Image.BICUBIC)).astype(int)
    mid = out[y0 + 40:y0 + fh - 40, x0 + 40:x0 + fw - 40].astype(int)
    assert np.abs(mid - shrunk[40:-40, 40:-40]).max() <= 1


def test_white_balance_shifts_the_red_to_blue_ratio_as_documented():
    grey = flat(128)
    lin = lambda a: stress._to_linear(a)[..., :3].reshape(-1, 3).mean(axis=0)
    for fn, gains in ((stress.warm_white_balance, stress.WARM_GAINS), (stress.cool_white_balance, stress.COOL_GAINS)):
        out = lin(fn(grey, rng()))
        ref = lin(grey)
        assert np.allclose(out / ref, gains, atol=0.015)
    image = skin(7, 0.2)
    ratio = lambda a: a[..., 0].astype(float).mean() / a[..., 2].astype(float).mean()
    warm, cool = stress.warm_white_balance(image, rng()), stress.cool_white_balance(image, rng())
    assert ratio(warm) > ratio(image) * 1.1
    assert ratio(cool) < ratio(image) / 1.1
    assert abs(warm[..., 1].astype(int) - image[..., 1]).max() <= 1  # green gain 1.0


def test_illumination_falls_off_from_an_off_centre_spot_to_the_documented_floor():
    image = flat(180)
    out = stress.illumination_falloff(image, rng(), direction=0.0)  # spot right of centre
    spot_x = round(W / 2 + 0.35 * W / 2)
    assert abs(int(out[H // 2, spot_x, 0]) - 180) <= 1
    lin = stress._to_linear
    far = lin(out[[0, -1], 0]).mean() / lin(image[0, 0]).mean()
    assert abs(far - 0.45) < 0.02
    row = out[H // 2, :spot_x, 0].astype(int)
    assert np.all(np.diff(row) >= 0) and row[0] < row[-1] - 30  # darker towards the far side
    d, d_max = spot_x - 0.5, math.hypot(spot_x, H / 2)  # pixel centre x = 0.5
    expected = 1 - 0.55 * (d / d_max) ** 2  # the quadratic law at the left edge, 0.58
    assert abs(lin(out[H // 2, 0]).mean() / lin(image[0, 0]).mean() - expected) < 0.01
    other = stress.illumination_falloff(image, rng(), direction=math.pi)
    assert other[H // 2, 10, 0] > out[H // 2, 10, 0]  # the direction moves the spot


def test_blur_is_a_pillbox_of_the_documented_radius():
    k = stress.disc_kernel(8.0)
    assert k.shape == (17, 17) and abs(k.sum() - 1) < 1e-12 and k[8, 8] == k.max() and k[0, 0] == 0
    step = np.zeros((H, W, 3), np.uint8)
    step[:, W // 2:] = 255
    out = stress.blur(step, rng())
    row = out[H // 2, :, 0].astype(int)
    ramp = np.flatnonzero((row > 2) & (row < 253))
    assert 14 <= len(ramp) <= 18 and abs(ramp.mean() - (W / 2 - 0.5)) < 1.5
    assert row[0] == 0 and row[-1] == 255  # reflected edges add nothing
    image = skin(8, 0.2)
    lap = lambda a: np.abs(np.diff(a.astype(float), 2, axis=1)).mean()
    assert lap(stress.blur(image, rng())) < 0.15 * lap(image)


def test_jpeg_q40_is_a_small_lossy_4_2_0_file():
    image = skin(9, 0.2)
    out = stress.jpeg_q40(image, rng())
    assert out[:2] == b"\xff\xd8"
    with Image.open(io.BytesIO(out)) as im:
        assert im.size == (W, H) and JpegImagePlugin.get_sampling(im) == 2
        pixels = np.asarray(im.convert("RGB")).astype(int)
    q95 = stress.encode_jpeg(image)
    assert len(out) < 0.5 * len(q95)
    error40 = np.abs(pixels - image).mean()
    error95 = np.abs(np.asarray(Image.open(io.BytesIO(q95))).astype(int) - image).mean()
    assert error40 > 1.5 * error95


def test_hair_draws_thin_dark_curves_and_leaves_the_rest_untouched():
    image = flat(200)
    out = stress.hair(image, rng(3))
    changed = np.any(out != image, axis=2)
    assert 0.01 < changed.mean() < 0.15
    assert np.all(out[changed] <= 200)
    assert (out.max(axis=2) < 70).sum() > 2000  # opaque cores of the hairs
    mask = stress.hair_mask((H, W), rng(3))
    assert np.array_equal(mask > 0, changed)
    # thin: no 15x15 block is entirely covered
    full = mask > 0.99
    assert not any(full[y:y + 15, x:x + 15].all() for y in range(0, H - 15, 5) for x in range(0, W - 15, 5))


def test_aspect_16_9_crops_the_top_and_bottom_and_resamples_to_1280x720():
    image = skin(10)
    image[:60] = (0, 0, 255)  # in the cropped-off top eighth (75 px)
    image[-60:] = (0, 255, 0)
    out = stress.aspect_16_9(image, rng())
    assert out.shape == (720, 1280, 3)
    blueish = (out[..., 2].astype(int) - out[..., 0] > 100).mean()
    greenish = (out[..., 1].astype(int) - out[..., 0] > 100).mean()
    assert blueish == 0 and greenish == 0
    expected = np.asarray(Image.fromarray(image[75:525]).resize((1280, 720), Image.BICUBIC))
    assert np.array_equal(out, expected)


# --- selection, files, table ---------------------------------------------------------------------

def synthetic_rows():
    meta, rows = [], []
    dxs = ["mel", "bcc", "akiec", "nv", "nv", "bkl", "df", "vasc"]
    for i in range(64):
        dx = dxs[i % len(dxs)]
        m = {"lesion_id": f"HAM_{i // 2:07d}", "image_id": f"ISIC_{i:07d}", "dx": dx}
        meta.append(m)
        rows.append({"image_id": m["image_id"], "lesion_id": m["lesion_id"], "dx": dx,
                     "split": "test" if i % 4 < 2 else "train"})
    return meta, rows


def test_select_takes_every_malignant_test_image_and_a_fixed_benign_sample():
    meta, rows = synthetic_rows()
    chosen = stress_set.select(meta, rows, benign=5)
    test = [r for r in rows if r["split"] == "test"]
    malignant = {r["image_id"] for r in test if r["dx"] in {"mel", "bcc", "akiec"}}
    ids = [r["image_id"] for r in chosen]
    assert ids == sorted(ids) and malignant <= set(ids) and len(ids) == len(malignant) + 5
    assert all(r["dx"] not in {"mel", "bcc", "akiec"} for r in chosen if r["image_id"] not in malignant)
    assert set(ids) <= {r["image_id"] for r in test}
    assert stress_set.select(meta, list(reversed(rows)), benign=5) == chosen  # order of the inputs does not matter
    assert stress_set.select(meta, rows, benign=5, seed=1) != chosen
    meta[0] = dict(meta[0], dx="nv")
    with pytest.raises(ValueError, match="disagree"):
        stress_set.select(meta, rows, benign=5)


def test_the_validation_renderings_select_validation_images_only():
    meta, rows = synthetic_rows()
    for i, row in enumerate(rows):
        if row["split"] == "train" and i % 8 in (2, 3):
            rows[i] = dict(row, split="validation")
    validation = {r["image_id"] for r in rows if r["split"] == "validation"}
    chosen = stress_set.select(meta, rows, benign=1, split_name="validation")
    ids = {r["image_id"] for r in chosen}
    malignant = {r["image_id"] for r in rows if r["split"] == "validation" and r["dx"] in {"mel", "bcc", "akiec"}}
    assert malignant and malignant <= ids <= validation and len(ids) == len(malignant) + 1
    # The test selection is unchanged by the option's existence.
    assert stress_set.select(meta, rows, benign=5) == stress_set.select(meta, rows, benign=5, split_name="test")
    with pytest.raises(ValueError, match="one of test, validation"):
        stress_set.select(meta, rows, split_name="train")


@pytest.mark.skipif(not os.path.exists(os.path.join(HAM, "HAM10000_metadata.csv")), reason="needs ../shared/data/ham10000")
def test_the_real_selection_is_605_images_and_pinned():
    chosen = stress_set.select(split.read_metadata(os.path.join(HAM, "HAM10000_metadata.csv")),
                           split.read_split(os.path.join(REPO, "training", "splits", "ham10000.csv")))
    counts = {dx: sum(r["dx"] == dx for r in chosen) for dx in ["akiec", "bcc", "mel"]}
    assert counts == {"akiec": 54, "bcc": 76, "mel": 175} and len(chosen) == 605
    digest = hashlib.sha256(",".join(r["image_id"] for r in chosen).encode()).hexdigest()
    assert digest == PINNED_SELECTION, "the selection changed: the committed stress reports no longer match it"


PINNED_SELECTION = "efcad4b09881c35b9a8dade46a323a7e28f23688c6054d6296b3ba138e09b33e"  # sha256 of the 605 ids, comma-joined


def write_tiny_set(tmp_path):
    meta, rows = synthetic_rows()
    archive = tmp_path / "images.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for i, m in enumerate(meta):
            buf = io.BytesIO()
            Image.fromarray(skin(i, 0.2, size=(200, 150))).save(buf, "JPEG", quality=90)
            info = tarfile.TarInfo(f"images/{m['image_id']}.jpg")
            info.size = len(buf.getvalue())
            tar.addfile(info, io.BytesIO(buf.getvalue()))
    meta_path, split_path = tmp_path / "meta.csv", tmp_path / "split.csv"
    with open(meta_path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["lesion_id", "image_id", "dx"])
        w.writeheader()
        w.writerows(meta)
    split.write_split(rows, str(split_path))
    return str(archive), str(meta_path), str(split_path)


def test_render_set_writes_every_rendering_with_labels_and_is_byte_identical_with_workers(tmp_path):
    archive, meta, split_path = write_tiny_set(tmp_path)
    names = ["plain", "jpeg-q40", "aspect-16-9", "hair"]
    out1, out2 = str(tmp_path / "a"), str(tmp_path / "b")
    os.makedirs(os.path.join(out1, "hair"))
    open(os.path.join(out1, "hair", "ISIC_9999999.jpg"), "wb").close()  # a stale file of an earlier run
    rows = stress_set.render_set(archive, meta, split_path, out1, names=names, benign=3, log=lambda s: None)
    stress_set.render_set(archive, meta, split_path, out2, names=names, benign=3, jobs=2, log=lambda s: None)
    ids = [r["image_id"] for r in rows]
    for name in names:
        with open(os.path.join(out1, name, "labels.csv"), newline="") as f:
            labelled = list(csv.DictReader(f))
        assert list(labelled[0]) == ["image_id", "lesion_id", "dx"] and [r["image_id"] for r in labelled] == ids
        files = sorted(f for f in os.listdir(os.path.join(out1, name)) if f.endswith(".jpg"))
        assert files == [i + ".jpg" for i in ids]
        for f in files:
            a = open(os.path.join(out1, name, f), "rb").read()
            assert a == open(os.path.join(out2, name, f), "rb").read(), f"{name}/{f} depends on --jobs"
            with Image.open(io.BytesIO(a)) as im:
                assert im.size == ((1280, 720) if name == "aspect-16-9" else (W, H))
    with pytest.raises(ValueError, match="unknown renderings"):
        stress_set.render_set(archive, meta, split_path, out1, names=["sepia"], benign=3)


def fake_report(name, value):
    fig = lambda v: {"value": v, "ci95": [v - 0.05, v + 0.05]}
    head = lambda v: [dict(key=k, **fig(v)) for k in ["malignantAuc", "malignantSensitivity", "malignantSpecificity", "melanomaAuc"]]
    group = lambda n, rejected: {"name": n, "images": 10, "counts": {"rejected": rejected}}
    return {
        "model": {"name": "skin-lesion-mobilenetv2", "version": "1.1.0"},
        "headline": head(value),
        "assessment": {"images": 40, "screening": {"outOfDistribution": "ood.json 1.2.0"},
                       "reasons": {"not-dermoscopic": 3, "featureless-image": 1, "low-confidence": 0, "borderline-malignancy": 0},
                       "rates": {"accepted": fig(0.9), "uncertain": fig(0.2), "rejected": fig(0.1)},
                       "groups": [group("mel", 2), group("bcc", 1), group("nv", 1), group("akiec", 0)]},
        "subsets": {"accepted": {"images": 36, "headline": head(value - 0.1)}},
    }


PREDICTION_COLUMNS = ["image_id", "label", "predicted", "malignant_probability", "verdict", "status", "reasons",
                      "distance_score", "distance_threshold", "early_score", "early_threshold"]


def fake_predictions(path, changed):
    """Four images; with changed, the mel one loses its malignant verdict and two are refused (one per distance)."""
    rows = [["I1", "mel", "mel", "0.9", "malignant", "classified", "", "10", "100", "1", "50"],
            ["I2", "nv", "nv", "0.1", "benign", "classified", "", "10", "100", "1", "50"],
            ["I3", "bcc", "bcc", "0.8", "malignant", "classified", "", "10", "100", "1", "50"],
            ["I4", "nv", "nv", "0.05", "benign", "classified", "", "10", "100", "1", "50"]]
    if changed:
        rows[0][2:5] = ["nv", "0.1", "benign"]
        rows[1][3] = "0.3"  # |change| 0.8, 0.2, 0, 0: median 0.1
        rows[1][5:11] = ["rejected", "not-dermoscopic", "150", "100", "1", "50"]
        rows[3][5:11] = ["rejected", "not-dermoscopic", "10", "100", "60", "50"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(PREDICTION_COLUMNS)
        w.writerows(rows)


def test_summary_table_reads_every_report_and_replaces_only_the_marked_part(tmp_path):
    for i, r in enumerate(stress.RENDERINGS):
        os.makedirs(tmp_path / r.name)
        (tmp_path / r.name / "report.json").write_text(json.dumps(fake_report(r.name, 0.5 + i / 100)))
        fake_predictions(tmp_path / r.name / "predictions.csv", changed=r.name == "grid")
    table = stress_report.summary_table(str(tmp_path))
    lines = [l for l in table.splitlines() if l.startswith("| [")]
    assert len(lines) == len(stress.RENDERINGS)
    assert lines[1].startswith("| [black-border](black-border/README.md) | 40 | 90.0% | 20.0% | 10.0% (3 / 1 / 0) | 3 of 30 | 0.510 (0.460–0.560)")
    assert "model `skin-lesion-mobilenetv2` 1.1.0, out-of-distribution artifact `ood.json 1.2.0`" in table
    assert "| blur | 36 | 0.480 (0.430–0.530)" in table
    assert stress_report._round(0.8995, 3) == "0.900" and stress_report._round(0.8994, 3) == "0.899"  # as the C# reports round
    assert "| plain | 0 / 0 / 0 / 0 | 0 of 4 | 0 of 2 | 0 of 4 | 0.0000 |" in table
    assert "| grid | 0 / 1 / 1 / 0 | 1 of 4 | 1 of 2 | 1 of 4 | 0.1000 |" in table
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{stress_report.TABLE_START}\nold\n{stress_report.TABLE_END}\nafter\n")
    stress_report.update_readme(str(readme), table)
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith(f"{stress_report.TABLE_END}\nafter\n") and "old" not in text
    os.remove(tmp_path / "blur" / "report.json")
    with pytest.raises(FileNotFoundError):
        stress_report.summary_table(str(tmp_path))


def test_entry_point_help_and_list():
    script = os.path.join(os.path.dirname(HERE), "stress.py")
    help_text = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True, check=True).stdout
    assert "not a training input" in help_text and "render" in help_text
    listed = subprocess.run([sys.executable, script, "list"], capture_output=True, text=True, check=True).stdout
    assert [l.split("\t")[0] for l in listed.splitlines()] == [r.name for r in stress.RENDERINGS]


def test_a_refusal_is_put_on_the_head_when_the_artifact_has_one_and_its_distances_only_inform():
    row = {"status": "rejected", "reasons": "not-dermoscopic", "distance_score": "9", "distance_threshold": "1",
           "early_score": "9", "early_threshold": "1", "head_score": "-2.5", "head_threshold": "1.0"}
    assert stress_report._refused_by(row) == "head"
    # Over both distances but above the head's threshold: the distances refuse nothing under schema 5.
    assert stress_report._refused_by({**row, "head_score": "3.0", "reasons": "featureless-image"}) is None
    assert stress_report._refused_by({**row, "head_score": "", "head_threshold": ""}) == "both"


def test_stress_evaluate_refuses_an_unknown_split_and_validation_figures_over_the_test_evidence():
    script = os.path.join(REPO, "training", "stress-evaluate.sh")
    unknown = subprocess.run(["bash", script], env={**os.environ, "SPLIT": "train"}, capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2 and "SPLIT must be test or validation, not 'train'" in unknown.stderr
    over = subprocess.run(["bash", script], env={**os.environ, "SPLIT": "validation", "REPORTS": "models/evaluation/stress"},
                          capture_output=True, text=True, timeout=60)
    assert over.returncode == 2 and "do not go into models/evaluation/stress" in over.stderr
