import numpy as np
from PIL import Image

from skinlesion.preprocess import to_model_geometry


def test_training_geometry_is_not_resampled():
    arr = np.random.default_rng(0).integers(0, 256, (150, 200, 3), dtype=np.uint8)
    assert np.array_equal(to_model_geometry(Image.fromarray(arr)), arr)


def test_wide_photo_loses_its_sides_and_square_its_top_and_bottom():
    wide = np.zeros((90, 160, 3), dtype=np.uint8)
    wide[:, :20] = 255  # a white band on the left edge only, outside the 4:3 centre crop
    assert to_model_geometry(Image.fromarray(wide)).max() == 0
    square = np.zeros((200, 200, 3), dtype=np.uint8)
    square[:20] = 255  # top band falls outside the centre crop (200x150 of 200x200)
    out = to_model_geometry(Image.fromarray(square))
    assert out.shape == (150, 200, 3) and out.max() == 0


def test_portrait_is_rotated_clockwise_and_alpha_goes_on_white():
    portrait = np.zeros((200, 150, 3), dtype=np.uint8)
    portrait[0, 0] = 255  # top-left goes to top-right after a clockwise turn
    out = to_model_geometry(Image.fromarray(portrait))
    assert out.shape == (150, 200, 3) and out[0, -1].min() == 255
    rgba = np.zeros((150, 200, 4), dtype=np.uint8)  # fully transparent
    assert to_model_geometry(Image.fromarray(rgba, "RGBA")).min() == 255
    grey = Image.fromarray(np.full((150, 200), 77, dtype=np.uint8), "L")
    assert to_model_geometry(grey).shape == (150, 200, 3)
