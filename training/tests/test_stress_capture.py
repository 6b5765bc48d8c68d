"""training/skinlesion/stress_capture.py: the stress set's nine further renderings do what their documentation says."""
import ast
import io
import math

import numpy as np
from PIL import Image, ImageFilter
from test_stress import H, W, flat, rng, skin

from skinlesion import colour, stress, stress_capture as sc
from skinlesion.data import decode

NEW = ["sharpen", "zoom-in", "underexposure", "overexposure", "sensor-noise", "ruler", "ink-marking", "bubbles", "display-p3"]


def lin(a):
    return stress._to_linear(a)


def ellipse_distance(x, y, cx, cy, a, b):
    """Approximate distance in px from (x, y) to the ellipse (first order in (rho - 1))."""
    X, Y = x - cx, y - cy
    rho = np.sqrt((X / a) ** 2 + (Y / b) ** 2)
    grad = np.sqrt(X ** 2 / a ** 4 + Y ** 2 / b ** 4) / np.maximum(rho, 1e-9)
    return (rho - 1) / np.maximum(grad, 1e-9)


# --- registration ----------------------------------------------------------------------------------

def test_the_nine_follow_the_eleven_documented_and_independent_of_the_training_augmentations():
    names = [r.name for r in stress.RENDERINGS]
    assert names[12:] == NEW and len(names) == 21
    assert list(stress.BY_NAME) == names
    for name in NEW:
        r = stress.BY_NAME[name]
        assert r.function.__module__ == "skinlesion.stress_capture"
        assert "Imitates:" in r.function.__doc__, name
    with open(sc.__file__) as f:
        source = f.read()
    imported = [n for node in ast.walk(ast.parse(source)) if isinstance(node, (ast.Import, ast.ImportFrom))
                for n in ([getattr(node, "module", None) or ""] + [a.name for a in node.names])]
    assert not any("acquisition" in n for n in imported)
    assert len(source.splitlines()) <= 500


def test_the_random_ones_draw_from_the_image_id_and_all_repeat_exactly():
    image = skin(2, 0.2)
    for name in NEW:
        a = stress.render(name, image, "ISIC_0000001")
        if isinstance(a, bytes):
            a = np.asarray(Image.open(io.BytesIO(a)))
        assert a.shape == (H, W, 3) and a.dtype == np.uint8, name
        again = stress.render(name, image.copy(), "ISIC_0000001")
        assert np.array_equal(a, np.asarray(Image.open(io.BytesIO(again))) if isinstance(again, bytes) else again), name
        if name in ("sensor-noise", "ruler", "ink-marking", "bubbles"):
            assert not np.array_equal(a, stress.render(name, image, "ISIC_0000002")), name


# --- capture processing and exposure ----------------------------------------------------------------

def test_sharpen_raises_local_contrast_keeps_the_mean_and_overshoots_at_edges():
    image = skin(11, 0.2)
    out = sc.sharpen(image, rng())
    assert np.array_equal(out, np.asarray(Image.fromarray(image).filter(ImageFilter.UnsharpMask(4, 150, 0))))
    assert abs(out.astype(float).mean() - image.astype(float).mean()) < 0.5
    lap = lambda a: np.abs(np.diff(a.astype(float), 2, axis=1)).mean()
    assert lap(out) > 1.8 * lap(image)
    step = np.full((H, W, 3), 60, np.uint8)
    step[:, W // 2:] = 190
    row = sc.sharpen(step, rng())[H // 2, :, 0].astype(int)
    assert row[W // 2 - 2] < 50 and row[W // 2 + 1] > 200  # a dark and a light halo
    assert row[W // 2 - 25] == 60 and row[W // 2 + 25] == 190  # the halo is a few radii wide only
    assert np.array_equal(sc.sharpen(flat(150), rng()), flat(150))


def test_zoom_in_maps_the_central_480x360_onto_the_frame():
    image = skin(12, lesion_fraction=0.05)
    out = sc.zoom_in(image, rng())
    assert np.array_equal(out, np.asarray(Image.fromarray(image[120:480, 160:640]).resize((W, H), Image.BICUBIC)))
    radius = lambda a: math.sqrt((a.mean(axis=2) < 100).sum() / math.pi)
    assert abs(radius(out) / radius(image) - 1 / 0.6) < 0.02
    marked = skin(13)
    marked[:100] = (0, 0, 255)  # outside the central 60% (top 120 rows): cropped away
    assert (sc.zoom_in(marked, rng())[..., 2].astype(int) - 150 > 50).sum() == 0


def test_underexposure_halves_linear_light():
    out = sc.underexposure(flat(128), rng())
    assert abs(lin(out).mean() / lin(flat(128)).mean() - 0.5) < 0.005
    image = skin(14, 0.2)
    dark = sc.underexposure(image, rng())
    assert np.all(dark <= image)
    ratio = lin(dark).mean(axis=(0, 1)) / lin(image).mean(axis=(0, 1))
    assert np.allclose(ratio, 0.5, atol=0.01)


def test_overexposure_multiplies_linear_light_by_1_7_and_clips_at_white():
    assert np.all(sc.overexposure(flat(230), rng()) == 255)  # 0.79 x 1.7 > 1: burnt out
    out = sc.overexposure(flat(100), rng())
    assert abs(lin(out).mean() / lin(flat(100)).mean() - 1.7) < 0.02
    image = skin(15)  # skin (212, 158, 138): red clips, blue does not
    bright = sc.overexposure(image, rng())
    assert (bright[..., 0] == 255).mean() > 0.9  # all but the noise's darkest pixels (below 202)
    assert abs(lin(bright[..., 2]).mean() / lin(image[..., 2]).mean() - 1.7) < 0.02


def test_sensor_noise_has_the_documented_luminance_and_chroma_deviations_and_zero_mean():
    out = sc.sensor_noise(flat(128), rng(5)).reshape(-1, 3).astype(float) - 128
    assert np.all(np.abs(out.mean(axis=0)) < 0.1)
    cov = np.cov(out.T)
    shared = np.mean([cov[0, 1], cov[0, 2], cov[1, 2]])  # only the luminance part is common to the channels
    assert abs(math.sqrt(shared) - 10.0) < 0.3
    own = np.diag(cov).mean() - shared - 1 / 12  # what is left per channel, less the rounding
    assert abs(math.sqrt(own) - 6.0) < 0.3
    assert np.array_equal(sc.sensor_noise(flat(128), rng(5)), sc.sensor_noise(flat(128), rng(5)))


# --- things on the skin ------------------------------------------------------------------------------

def test_ruler_straight_on_top_is_a_light_band_with_millimetre_ticks_and_numbers():
    image = flat(120)
    out = sc.ruler(image, rng(), edge="top", angle=0.0, overlap=10.0)
    changed = np.any(out != image, axis=2)
    assert changed[:69].all() and not changed[72:].any()  # 80 px band, 10 px beyond the frame's edge
    body = np.round(120 * 0.08 + np.array([235, 235, 225]) * 0.92)
    band = out[2:68].reshape(-1, 3).astype(int)
    assert (np.abs(band - body).max(axis=1) <= 1).mean() > 0.6  # mostly the light ruler
    assert (out[:70].max(axis=2) < 40).sum() > 1000  # black ticks and numbers
    ticks = np.flatnonzero(out[66, :, 0] < 80)  # a row the millimetre ticks cross
    starts = ticks[np.r_[True, np.diff(ticks) > 1]]
    assert len(starts) >= 38 and set(np.diff(starts)) <= {19, 20, 21}
    long_ticks = np.flatnonzero(out[70 - 25, :, 0] < 80)  # only every 10th reaches 25 px in
    long_starts = long_ticks[np.r_[True, np.diff(long_ticks) > 1]]
    assert 3 <= len(long_starts) <= 5 and set(np.diff(long_starts)) <= {199, 200, 201}


def test_ruler_turns_for_the_side_edges_and_tilts():
    image = flat(120)
    left = sc.ruler(image, rng(), edge="left", angle=0.0, overlap=0.0)
    changed = np.any(left != image, axis=2)
    assert changed[:, :79].all() and not changed[:, 82:].any()
    ticks = np.flatnonzero(left[:, 76, 0] < 80)
    starts = ticks[np.r_[True, np.diff(ticks) > 1]]
    assert len(starts) >= 28 and set(np.diff(starts)) <= {19, 20, 21}  # ticks along the edge, every 20 px
    tilted = sc.ruler(image, rng(), edge="top", angle=8.0, overlap=0.0)
    depth = [np.flatnonzero(np.any(tilted[:, x] != image[:, x], axis=1)).max() for x in (0, W - 1)]
    assert abs(abs(depth[1] - depth[0]) - (W - 1) * math.tan(math.radians(8))) < 3


def test_ruler_covers_a_band_at_exactly_one_edge_and_leaves_the_centre_unchanged():
    image = skin(16, 0.2)
    edges = set()
    for i in range(12):
        out = stress.render("ruler", image, f"ISIC_{i:07d}")
        changed = np.any(out != image, axis=2)
        assert not changed[150:450, 200:600].any()
        borders = {"top": changed[0].mean(), "bottom": changed[-1].mean(), "left": changed[:, 0].mean(),
                   "right": changed[:, -1].mean()}
        covered = [e for e, share in borders.items() if share > 0.5]
        assert len(covered) == 1 and all(s < 0.3 for e, s in borders.items() if e != covered[0]), borders
        edges.add(covered[0])
        assert 0.05 < changed.mean() < 0.22
    assert len(edges) >= 3  # the edge is drawn per image


def test_ink_marking_paints_purple_only_along_the_ellipse():
    image = flat(200)
    out = sc.ink_marking(image, rng(), centre=(400.0, 300.0), axes=(300.0, 220.0))
    changed = np.any(out != image, axis=2)
    y, x = np.mgrid[0:H, 0:W] + 0.5
    d = ellipse_distance(x, y, 400, 300, 300, 220)
    assert np.abs(d[changed]).max() < 5.0  # 7 px line: 3.5 either side, plus anti-aliasing
    core = np.abs(d) < 2.0
    assert changed[core].all()
    expected = np.round(0.8 * np.array([95, 45, 150]) + 0.2 * 200)
    assert np.abs(out[core].astype(int) - expected).max() <= 2
    assert 0.02 < changed.mean() < 0.03  # 7 px x the perimeter (1640 px) of 480000


def test_ink_marking_leaves_the_centre_and_the_corners_unchanged_whatever_the_draw():
    image = skin(17, 0.2)
    for i in range(12):
        out = stress.render("ink-marking", image, f"ISIC_{i:07d}")
        changed = np.any(out != image, axis=2)
        assert not changed[200:400, 250:550].any()
        assert not any(changed[sy, sx].any() for sy in (slice(0, 30), slice(H - 30, H)) for sx in (slice(0, 30), slice(W - 30, W)))
        assert 0.012 < changed.mean() < 0.04
        painted = image[..., 0].astype(int) - out[..., 0] > 40  # at least a third of the ink's opacity
        assert painted.mean() > 0.01
        assert np.all(out[painted][:, 2] > out[painted][:, 1])  # blue over green: violet, not a skin tone


def test_bubbles_brighten_only_small_rings_and_highlights():
    image = flat(100)
    for i in range(6):
        layout = sc.bubble_layout((H, W), stress.image_rng(f"ISIC_{i:07d}", "bubbles"))
        assert 6 <= len(layout) <= 13 and sum(b.highlight for b in layout) == len(layout) // 2
        assert all(6 <= b.rx <= 28 and 0.6 <= b.ry / b.rx <= 1.0 for b in layout)
        out = stress.render("bubbles", image, f"ISIC_{i:07d}")
        changed = np.any(out != image, axis=2)
        assert np.all(out >= image) and out.max() <= 250
        assert 0.001 < changed.mean() < 0.05  # most of the frame is untouched
        y, x = np.mgrid[0:H, 0:W] + 0.5
        near = np.zeros((H, W), bool)
        for b in layout:
            near |= np.abs(ellipse_distance(x, y, b.x, b.y, b.rx, b.ry)) < 7.0  # half the rim, blur, anti-aliasing
            if b.highlight:
                hx, hy = b.x - 0.45 * b.rx, b.y - 0.45 * b.ry
                near |= np.hypot((x - hx) / b.rx, (y - hy) / b.ry) < 0.25 + 5.0 / b.ry
        assert not changed[~near].any()
        for b in layout:
            others = [o for o in layout if o is not b]
            rim = (min(max(round(b.y), 0), H - 1), min(max(round(b.x + b.rx), 0), W - 1))
            clear = all(math.hypot(rim[1] - o.x, rim[0] - o.y) > o.rx + 8 for o in others)
            if clear and 0 < b.x + b.rx < W - 1 and 0 < b.y < H - 1:
                assert out[rim][0] > 170  # a bright rim (a 3 px ring blurred: about 0.68 of 0.9 of the way to 250)
            centre = (round(b.y), round(b.x))
            if not b.highlight and b.ry >= 12 and 0 <= centre[0] < H and 0 <= centre[1] < W and \
                    all(math.hypot(b.x - o.x, b.y - o.y) > o.rx + 8 for o in others):
                assert np.array_equal(out[centre], image[centre])  # a clear bubble: the skin shows through


# --- colour space ------------------------------------------------------------------------------------

def test_display_p3_embeds_its_profile_keeps_greys_and_reads_back_as_the_original_only_through_the_profile():
    image = skin(4, 0.25)
    image[:40, :40] = 128  # a grey patch: the two spaces share white and curve
    out = stress.render("display-p3", image, "ISIC_0000001")
    with Image.open(io.BytesIO(out)) as written:
        assert written.format == "JPEG" and written.size == (W, H)
        profile = written.info["icc_profile"]
        stored = np.asarray(written.convert("RGB"), dtype=np.int16)
    assert colour.conversion_for(profile) is not None
    assert np.abs(stored[5:35, 5:35] - 128).max() <= 2
    # Read through its profile the file is the original (up to JPEG and rounding); read as sRGB its colours move.
    original = decode(stress.encode_jpeg(image)).astype(np.int16)
    through_profile = decode(out).astype(np.int16)
    assert np.abs(through_profile - original).mean() < 1.0
    assert np.abs(stored - image).mean() > 2.0
