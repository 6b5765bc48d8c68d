"""skinlesion/acquisition.py (training/acquisition.py): renderings are deterministic, change the image and keep the archive's geometry."""
import numpy as np
from PIL import Image

from skinlesion import acquisition


def skin_like(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    base = np.array([215, 160, 140], dtype=np.float64) + rng.normal(0, 12, size=(150, 200, 3))
    return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))


def test_same_seed_gives_the_same_rendering():
    source = skin_like(0)
    first = acquisition.render(np.random.default_rng([0, 24306, 1]), source)
    second = acquisition.render(np.random.default_rng([0, 24306, 1]), source)
    assert np.array_equal(np.asarray(first), np.asarray(second))


def test_every_rendering_changes_the_image_and_is_either_the_source_size_or_the_square_archive_size():
    source = skin_like(1)
    sizes = set()
    for k in range(40):
        image = acquisition.render(np.random.default_rng([0, k]), source)
        sizes.add(image.size)
        if image.size == source.size:
            assert not np.array_equal(np.asarray(image), np.asarray(source)), f"rendering {k} left the image unchanged"
    assert sizes == {(200, 150), (256, 256)}


def test_rim_blackens_the_corners_and_keeps_the_centre():
    source = skin_like(2)
    image = np.asarray(acquisition.rim(np.random.default_rng(3), source))
    assert image[0, 0].max() < 30 and image[-1, -1].max() < 30
    assert np.array_equal(image[75, 100], np.asarray(source)[75, 100])
