import io
import struct

import numpy as np
import pytest
from PIL import Image, ImageCms

from skinlesion.colour import ADOBE_RGB, DISPLAY_P3, conversion_for, matrix_profile, srgb_to_linear
from skinlesion.preprocess import to_model_geometry

SPACES = {"display-p3": DISPLAY_P3, "adobe-rgb": ADOBE_RGB}


def lesion_like(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (150, 200, 3), dtype=np.uint8)


def encoded(pixels: np.ndarray, profile: bytes, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "PNG":
        Image.fromarray(pixels).save(out, "PNG", icc_profile=profile)
    else:
        Image.fromarray(pixels).save(out, "JPEG", quality=100, subsampling=0, icc_profile=profile)
    return out.getvalue()


@pytest.mark.parametrize("space", sorted(SPACES))
def test_conversion_agrees_with_little_cms_within_a_level(space):
    profile = matrix_profile(*SPACES[space], space)
    pixels = lesion_like(1)
    ours = conversion_for(profile).apply(pixels).astype(int)
    theirs = np.asarray(ImageCms.profileToProfile(
        Image.fromarray(pixels), ImageCms.ImageCmsProfile(io.BytesIO(profile)), ImageCms.createProfile("sRGB"),
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)).astype(int)
    assert np.abs(ours - theirs).max() <= 1
    assert np.abs(ours - theirs).mean() < 0.05


@pytest.mark.parametrize("space,kind", [("display-p3", "PNG"), ("adobe-rgb", "PNG"), ("display-p3", "JPEG")])
def test_a_wide_gamut_picture_reads_as_the_srgb_picture_it_was_made_from(space, kind):
    srgb = lesion_like(2)
    profile = matrix_profile(*SPACES[space], space)
    wide = np.asarray(ImageCms.profileToProfile(
        Image.fromarray(srgb), ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(io.BytesIO(profile)),
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC))
    read = to_model_geometry(Image.open(io.BytesIO(encoded(wide, profile, kind)))).astype(int)
    untagged = to_model_geometry(Image.open(io.BytesIO(encoded(wide, b"", kind)))).astype(int)
    # Quantised once in the wide space (and by JPEG), within a few levels of the original; as sRGB it is far off.
    tolerance = 1.0 if kind == "PNG" else 3.0
    assert np.abs(read - srgb.astype(int)).mean() < tolerance
    assert np.abs(untagged - srgb.astype(int)).mean() > 8


def srgb_table_profile() -> bytes:
    """sRGB with its curve as a 1024-entry table, as the common "sRGB IEC61966-2.1" profile carries it."""
    profile = bytearray(matrix_profile(np.array([[0.4361, 0.3851, 0.1431], [0.2225, 0.7169, 0.0606], [0.0139, 0.0971, 0.7141]]),
                                       ("gamma", 1.0), "sRGB IEC61966-2.1"))
    table = b"curv\0\0\0\0" + struct.pack(">I", 1024) + struct.pack(">1024H", *[round(65535 * srgb_to_linear(i / 1023)) for i in range(1024)])
    count = struct.unpack(">I", profile[128:132])[0]
    for i in range(count):
        name = bytes(profile[132 + 12 * i:136 + 12 * i])
        if name.endswith(b"TRC"):
            struct.pack_into(">II", profile, 136 + 12 * i, len(profile), len(table))
    profile += table
    struct.pack_into(">I", profile, 0, len(profile))
    return bytes(profile)


def test_srgb_profiles_are_not_converted():
    assert conversion_for(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()) is None
    assert conversion_for(srgb_table_profile()) is None
    assert conversion_for(None) is None and conversion_for(b"") is None


def test_profiles_it_does_not_read_leave_the_pixels_as_they_are():
    p3 = matrix_profile(*DISPLAY_P3)
    cmyk = p3[:16] + b"CMYK" + p3[20:]
    lab_connection = p3[:20] + b"Lab " + p3[24:]
    with_lookup_table = bytearray(p3)
    struct.pack_into(">4s", with_lookup_table, 132, b"A2B0")  # the first tag (desc) renamed
    for profile in (p3[:200], cmyk, lab_connection, bytes(with_lookup_table), b"\xff" * 400):
        assert conversion_for(profile) is None
    pixels = lesion_like(3)
    assert np.array_equal(to_model_geometry(Image.open(io.BytesIO(encoded(pixels, p3[:200], "PNG")))), pixels)


def test_curves_that_cannot_be_evaluated_leave_the_pixels_as_they_are_instead_of_raising():
    negative_gamma = matrix_profile(DISPLAY_P3[0], ("para", 0, [-2.2]))  # 0 ** -2.2 divides by zero
    overflowing = matrix_profile(DISPLAY_P3[0], ("para", 1, [200.0, 1000.0, 0.0]))  # 1000 ** 200 overflows
    for profile in (negative_gamma, overflowing):
        assert conversion_for(profile) is None
    pixels = lesion_like(4)
    assert np.array_equal(to_model_geometry(Image.open(io.BytesIO(encoded(pixels, overflowing, "PNG")))), pixels)
