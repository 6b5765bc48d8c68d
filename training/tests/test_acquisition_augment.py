"""training/skinlesion/acquisition_augment.py: each acquisition change alters the batch as documented."""
import dataclasses

import pytest
import torch

from skinlesion import acquisition_augment as A

OFF = A.AcquisitionConfig.off()


def batch(n=4, value=None):
    g = torch.Generator().manual_seed(0)
    if value is not None:
        return torch.full((n, 3, 64, 64), float(value))
    x = torch.rand(n, 3, 64, 64, generator=g) * 100 + 100
    x[:, :, 24:40, 24:40] = 30  # a dark "lesion" in the centre
    return x


def only(**kwargs):
    return dataclasses.replace(OFF, **kwargs)


def run(x, cfg, seed=1):
    return A.apply(x, cfg, torch.Generator().manual_seed(seed))


def test_everything_off_leaves_the_batch_unchanged():
    x = batch()
    assert torch.equal(run(x, OFF), x)


def test_same_seed_gives_the_same_rendering():
    x = batch()
    cfg = A.AcquisitionConfig()
    assert torch.equal(run(x, cfg, seed=5), run(x, cfg, seed=5))


def test_without_occluders_the_same_draws_leave_out_hair_grid_and_frame():
    x = batch()
    occluders = only(hair=1.0, grid=1.0, border=1.0, circle=1.0)
    g = torch.Generator().manual_seed(5)
    assert torch.equal(A.apply(x, occluders, g, occluders=False), x)
    # Light and colour are drawn and laid exactly as with the occluders; the generator ends in the same state.
    everything = A.AcquisitionConfig(hair=1.0, grid=1.0, border=1.0, white_balance=1.0, falloff=1.0)
    first, second = torch.Generator().manual_seed(7), torch.Generator().manual_seed(7)
    occluded, unoccluded = A.apply(x, everything, first), A.apply(x, everything, second, occluders=False)
    assert torch.equal(first.get_state(), second.get_state())
    assert not torch.equal(unoccluded, x) and not torch.equal(unoccluded, occluded)
    # Where no occluder fell, the two views agree pixel for pixel.
    agree = (occluded - unoccluded).abs().amax(dim=1) < 1e-4
    assert 0.2 < agree.float().mean() < 1.0


def test_border_blackens_the_frame_edges_and_keeps_the_centre():
    x = batch(value=200)
    y = run(x, only(border=1.0))
    assert (y[:, :, 0, :] <= 20).all() and (y[:, :, :, -1] <= 20).all()
    assert (y[:, :, 32, 32] == 200).all()


def test_circular_field_darkens_the_corners_only():
    x = batch(value=200)
    y = run(x, only(circle=1.0))
    assert (y[:, :, 0, 0] <= 20).all()
    assert (y[:, :, 32, 32] == 200).all()


def test_white_balance_changes_the_red_to_blue_ratio_but_not_the_brightness():
    x = batch(value=150)
    y = run(x, only(white_balance=1.0, white_balance_strength=0.25))
    ratio = y[:, 0].mean(dim=(1, 2)) / y[:, 2].mean(dim=(1, 2))
    assert (ratio - 1).abs().max() > 0.02
    assert torch.allclose(y.mean(dim=(1, 2, 3)), torch.full((4,), 150.0), atol=1.0)


def test_falloff_only_darkens():
    x = batch(value=200)
    y = run(x, only(falloff=1.0))
    assert (y <= 200).all() and (y < 199).any()


def test_grid_draws_dark_lines_over_part_of_the_frame():
    x = batch(value=200)
    y = run(x, only(grid=1.0))
    darkened = (y < 190).float().mean().item()
    assert 0.02 < darkened < 0.5


def test_the_plate_grid_is_square_in_the_camera_frame_so_its_rows_lie_four_thirds_apart_in_the_network_input():
    # One plate, untilted, with a 12 px pitch: the row and column lines repeat with the pitch scaled by the 4:3 resize.
    x = torch.full((1, 3, 224, 224), 200.0)
    cfg = only(grid=1.0, plate_grid=True)
    original = A._uniform
    fixed_draws = {(6, 36): 12.0, (-10, 10): 0.0, (0, 1): 0.5, (0.5, 1.6): 1.0, (1.5, 2.5): 1.5, (0.3, 0.95): 0.9, (0, 60): 0.0}

    def fixed(b, lo, hi, like, gen):
        return torch.full((b,), fixed_draws[(lo, hi)]) if (lo, hi) in fixed_draws else original(b, lo, hi, like, gen)

    try:
        A._uniform = fixed
        y = A.grid_lines(x, cfg, torch.Generator().manual_seed(3))[0, 0]
    finally:
        A._uniform = original
    # The median along a column or row ignores the few pixels the crossing lines darken.
    columns = torch.nonzero(y.median(dim=0).values < 150).flatten().float()
    rows = torch.nonzero(y.median(dim=1).values < 150).flatten().float()
    column_pitch = (columns[-1] - columns[0]) / max(1, _runs(columns) - 1)
    row_pitch = (rows[-1] - rows[0]) / max(1, _runs(rows) - 1)
    assert column_pitch == pytest.approx(12 * 224 / 200, rel=0.1)
    assert row_pitch == pytest.approx(12 * 224 / 150, rel=0.1)


def _runs(indices):
    """How many separate runs of consecutive indices (one per drawn line)."""
    return int((indices[1:] - indices[:-1] > 1).sum()) + 1


def test_the_plate_grid_is_anti_aliased_and_the_default_grid_is_2_1_0s():
    x = torch.full((4, 3, 96, 96), 200.0)
    plate = A.grid_lines(x, only(grid=1.0, plate_grid=True), torch.Generator().manual_seed(1))
    darkened = (plate < 190).float().mean().item()
    assert 0.02 < darkened < 0.6
    partial = ((plate < 199) & (plate > plate.amin(dim=(1, 2, 3), keepdim=True) + 1)).float().mean().item()
    assert partial > 0.005  # edge pixels partly covered, not only full-strength lines
    frame = A.grid_lines(x, only(grid=1.0), torch.Generator().manual_seed(1))
    assert torch.equal(frame, A._frame_grid(x, only(grid=1.0), torch.Generator().manual_seed(1)))


def test_hair_draws_thin_dark_curves():
    x = batch(value=200)
    y = run(x, only(hair=1.0))
    darkened = (y[:, 0] < 150).float().mean().item()
    assert 0.002 < darkened < 0.4


def test_zoom_out_shrinks_the_lesion():
    x = batch()
    y = run(x, only(zoom_out=1.0, zoom_out_range=(0.5, 0.5)))
    dark_before = (x[:, 0] < 60).float().sum(dim=(1, 2))
    dark_after = (y[:, 0] < 60).float().sum(dim=(1, 2))
    assert (dark_after < 0.5 * dark_before).all()


def test_blur_lowers_the_fine_detail():
    x = batch()
    y = run(x, only(blur=1.0))
    detail = lambda t: (t[:, :, :, 1:] - t[:, :, :, :-1]).abs().mean()  # noqa: E731
    assert detail(y) < 0.8 * detail(x)


@pytest.mark.parametrize("name", ["zoom_out", "aspect", "white_balance", "falloff", "border", "circle", "grid", "hair", "blur", "sharpen"])
def test_every_change_keeps_shape_and_range(name):
    x = batch()
    y = run(x, only(**{name: 1.0}))
    assert y.shape == x.shape and y.min() >= 0 and y.max() <= 255


def test_shades_of_gray_removes_a_colour_cast_and_keeps_brightness():
    from skinlesion.model import shades_of_gray

    x = batch()
    cast = x * torch.tensor([1.2, 1.0, 0.8]).view(1, 3, 1, 1)
    neutral, neutral_cast = shades_of_gray(x), shades_of_gray(cast)
    assert torch.allclose(neutral, neutral_cast, atol=1.0)
    assert abs(float(neutral_cast.mean() - cast.mean())) < 2.0


def test_train_refuses_the_plate_grid_without_the_acquisition_augmentations():
    from skinlesion import pipeline

    with pytest.raises(SystemExit, match="--plate-grid draws the acquisition augmentation's grid"):
        pipeline.main(["--data", "x", "--weights", "y", "--out", "z", "--plate-grid", "--no-acquisition"])


@pytest.mark.parametrize("value, message", [("1.5", "must lie in 0..1, not 1.5"), ("-0.1", "must lie in 0..1, not -0.1")])
def test_train_refuses_a_grid_probability_outside_zero_to_one(value, message):
    from skinlesion import pipeline

    with pytest.raises(SystemExit, match=message):
        pipeline.main(["--data", "x", "--weights", "y", "--out", "z", "--grid-probability", value])


def test_train_refuses_a_grid_probability_without_the_acquisition_augmentations():
    from skinlesion import pipeline

    with pytest.raises(SystemExit, match="--grid-probability sets the acquisition augmentation's grid"):
        pipeline.main(["--data", "x", "--weights", "y", "--out", "z", "--grid-probability", "0.2", "--no-acquisition"])


def test_train_refuses_a_plate_grid_that_is_never_drawn():
    from skinlesion import pipeline

    with pytest.raises(SystemExit, match="--grid-probability 0 draws no grid"):
        pipeline.main(["--data", "x", "--weights", "y", "--out", "z", "--grid-probability", "0", "--plate-grid"])


def test_the_grid_probability_reaches_every_member_and_its_default_is_the_augmentations_own():
    from skinlesion import pipeline
    from skinlesion.pipeline_arguments import parse_args

    common = ["--data", "x", "--weights", "y", "--out", "z", "--recipes", "A,B", "--members-per-recipe", "1", "--plate-grid"]
    _, configs = pipeline.plan_members(parse_args(common + ["--grid-probability", "0.25"]))
    assert {c.acquisition.grid for c in configs.values()} == {0.25}
    assert all(c.acquisition.plate_grid for c in configs.values())
    _, defaults = pipeline.plan_members(parse_args(common))
    assert {c.acquisition.grid for c in defaults.values()} == {A.AcquisitionConfig().grid}


# --- the camera's own changes (ADR 0047) ----------------------------------------------------------

def test_the_camera_changes_are_off_by_default_and_draw_nothing_then():
    # 2.2.0's recipe must draw the same random numbers as before they existed.
    x = batch()
    cfg = A.AcquisitionConfig()
    assert (cfg.zoom_in, cfg.exposure, cfg.noise) == (0.0, 0.0, 0.0) and cfg.sharpen_sigma[0] == cfg.sharpen_sigma[1]
    for change in (A.zoom_in, A.exposure, A.sensor_noise):
        g = torch.Generator().manual_seed(3)
        before = g.get_state()
        assert torch.equal(change(x, cfg, g), x) and torch.equal(g.get_state(), before)


def test_zoom_in_enlarges_the_middle_of_the_frame():
    x = batch()  # a 16x16 dark square in the middle of 64x64
    y = run(x, only(zoom_in=1.0, zoom_in_range=(2.0, 2.0)))
    dark = (y.mean(dim=1) < 40).float().sum(dim=(1, 2))
    assert torch.all((dark > 4 * 16 * 16 * 0.85) & (dark < 4 * 16 * 16 * 1.15))


def test_exposure_scales_linear_light_and_clips_highlights():
    x = batch(value=128)
    darker = run(x, only(exposure=1.0, exposure_stops=(-1.0, -1.0)))
    assert torch.allclose(darker, torch.full_like(x, 255 * ((128 / 255) ** 2.2 / 2) ** (1 / 2.2)), atol=1e-3)
    brighter = run(batch(value=220), only(exposure=1.0, exposure_stops=(1.0, 1.0)))
    assert torch.allclose(brighter, torch.full_like(x, 255.0))


def test_sensor_noise_adds_zero_mean_noise_shared_by_the_channels_in_part():
    x = batch(n=2, value=128)
    y = run(x, only(noise=1.0, noise_sigma=(8.0, 0.0)))
    diff = y - x
    assert abs(float(diff.mean())) < 0.5 and 0.5 < float(diff.std()) < 8.0
    assert torch.allclose(diff[:, 0], diff[:, 1]) and torch.allclose(diff[:, 1], diff[:, 2])  # luminance only


def test_wider_sharpening_raises_local_contrast_more():
    x = batch()
    mild = run(x, only(sharpen=1.0, sharpen_amount=(0.5, 0.5)))
    strong = run(x, only(sharpen=1.0, sharpen_amount=(2.5, 2.5), sharpen_sigma=(1.6, 1.6)))
    edge = lambda t: float((t[:, :, 20:44, 22:26] - t[:, :, 20:44, 26:30].mean()).abs().mean())
    assert edge(strong) > edge(mild) > 0
    # The radius counts too: at the same amount a wider unsharp mask lifts more of the picture's detail.
    narrow = run(x, only(sharpen=1.0, sharpen_amount=(1.5, 1.5), sharpen_sigma=(0.7, 0.7)))
    wide = run(x, only(sharpen=1.0, sharpen_amount=(1.5, 1.5), sharpen_sigma=(1.6, 1.6)))
    assert float((wide - x).abs().mean()) > float((narrow - x).abs().mean()) > 0


def test_without_occluders_the_camera_changes_are_drawn_but_not_laid():
    x = batch()
    always = only(zoom_in=1.0, exposure=1.0, noise=1.0)
    assert not torch.equal(run(x, always, seed=11), x)
    assert torch.equal(A.apply(x, always, torch.Generator().manual_seed(11), occluders=False), x)
    camera = OFF.with_camera()
    first, second = torch.Generator().manual_seed(11), torch.Generator().manual_seed(11)
    A.apply(x, camera, first)
    A.apply(x, camera, second, occluders=False)
    assert torch.equal(first.get_state(), second.get_state())


def test_train_passes_the_camera_changes_to_every_member_and_refuses_them_without_acquisition():
    from skinlesion import pipeline
    from skinlesion.pipeline_arguments import parse_args

    common = ["--data", "x", "--weights", "y", "--out", "z", "--recipes", "A,B", "--members-per-recipe", "1"]
    _, configs = pipeline.plan_members(parse_args(common + ["--camera-changes", "--grid-probability", "0.25"]))
    assert {(c.acquisition.zoom_in, c.acquisition.exposure, c.acquisition.grid) for c in configs.values()} == {(0.2, 0.3, 0.25)}
    _, defaults = pipeline.plan_members(parse_args(common))
    assert {c.acquisition.exposure for c in defaults.values()} == {0.0}
    with pytest.raises(SystemExit, match="--camera-changes adds to the acquisition augmentation"):
        pipeline.main(common + ["--camera-changes", "--no-acquisition"])


def test_the_manifest_names_what_the_unoccluded_teacher_leaves_out(tmp_path):
    import argparse

    from skinlesion.manifest import distillation_section

    graph = tmp_path / "teacher.onnx"
    graph.write_bytes(b"graph")
    args = dict(distill_from=str(graph), distill_mode="consistent", distill_weight=0.7, distill_temperature=2.0,
                distill_size=224, distill_embedding=1.0, distill_teacher_view="unoccluded")
    plain = distillation_section(argparse.Namespace(**args, camera_changes=False))["distillation"]["view"]
    camera = distillation_section(argparse.Namespace(**args, camera_changes=True))["distillation"]["view"]
    assert plain == "unoccluded: the batch without hair, grid and frame"
    assert camera == plain + ", magnification, exposure and sensor noise"
    washed = distillation_section(argparse.Namespace(**args, camera_changes=False, washed_out_colour=True))["distillation"]["view"]
    both = distillation_section(argparse.Namespace(**args, camera_changes=True, washed_out_colour=True))["distillation"]["view"]
    assert washed == plain + ", washed-out colour"
    assert both == plain + ", magnification, exposure, sensor noise and washed-out colour"


# --- washed-out colour (ADR 0050) ----------------------------------------------------------------

def test_washed_out_colour_is_off_by_default_and_draws_nothing_then():
    x = batch()
    g = torch.Generator().manual_seed(3)
    before = g.get_state()
    assert A.AcquisitionConfig().washed_out == 0.0
    assert torch.equal(A.washed_out(x, A.AcquisitionConfig(), g), x) and torch.equal(g.get_state(), before)


def test_washed_out_colour_keeps_its_share_of_chroma_and_the_luminance():
    x = torch.zeros(1, 3, 8, 8)
    x[:, 0], x[:, 1], x[:, 2] = 200.0, 120.0, 80.0  # a skin tone: chroma 120
    y = run(x, only(washed_out=1.0, washed_out_range=(0.25, 0.25)))
    chroma = lambda t: t.max(dim=1).values - t.min(dim=1).values
    assert torch.allclose(chroma(y), chroma(x) * 0.25, atol=1e-3)
    luminance = lambda t: 0.299 * t[:, 0] + 0.587 * t[:, 1] + 0.114 * t[:, 2]
    assert torch.allclose(luminance(y), luminance(x), atol=1e-3)


def test_without_occluders_washed_out_colour_is_drawn_but_not_laid():
    x = batch(value=0)
    x[:, 0] += 150.0  # colour, so there is chroma to wash out
    always = only(washed_out=1.0)
    assert not torch.equal(run(x, always, seed=5), x)
    first, second = torch.Generator().manual_seed(5), torch.Generator().manual_seed(5)
    assert torch.equal(A.apply(x, always, second, occluders=False), x.clamp(0, 255))
    A.apply(x, always, first)
    assert torch.equal(first.get_state(), second.get_state())


def test_train_passes_washed_out_colour_to_every_member_and_refuses_it_without_acquisition():
    from skinlesion import pipeline
    from skinlesion.pipeline_arguments import parse_args

    common = ["--data", "x", "--weights", "y", "--out", "z", "--recipes", "A,B", "--members-per-recipe", "1"]
    _, configs = pipeline.plan_members(parse_args(common + ["--washed-out-colour", "--camera-changes"]))
    assert {(c.acquisition.washed_out, c.acquisition.exposure) for c in configs.values()} == {(0.2, 0.3)}
    _, defaults = pipeline.plan_members(parse_args(common))
    assert {c.acquisition.washed_out for c in defaults.values()} == {0.0}
    with pytest.raises(SystemExit, match="--washed-out-colour adds to the acquisition augmentation"):
        pipeline.main(common + ["--washed-out-colour", "--no-acquisition"])
