import io
import struct
import zlib

import numpy as np
from PIL import Image

from skinlesion.preprocess import cmyk_to_rgb, exif_orientation, jpeg_scale_denominator, reduce_jpeg_decoding, to_model_geometry


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


def _jpeg(image: Image.Image) -> Image.Image:
    encoded = io.BytesIO()
    image.save(encoded, "JPEG", quality=90)
    return Image.open(io.BytesIO(encoded.getvalue()))


def _smooth(width: int, height: int) -> Image.Image:
    y, x = np.mgrid[0:height, 0:width]
    arr = np.stack([128 + 100 * np.sin(x / 97.0), 128 + 100 * np.cos(y / 61.0), 128 + 60 * np.sin((x + y) / 45.0)], -1)
    return Image.fromarray(arr.astype(np.uint8))


def test_jpeg_scale_denominator_leaves_twice_the_model_size_on_the_landscape_sides():
    cases = {(200, 150): 1, (799, 600): 1, (800, 600): 2, (1600, 1200): 4, (4000, 3000): 8, (3000, 4000): 8, (4000, 1000): 2}
    assert {size: jpeg_scale_denominator(*size) for size in cases} == cases


def test_large_jpeg_is_decoded_at_reduced_scale_and_lands_near_the_full_decode():
    big = _jpeg(_smooth(1601, 1203))
    assert reduce_jpeg_decoding(big) == 4
    big.load()
    assert big.size == (401, 301)  # libjpeg rounds scaled sides up
    reduced = to_model_geometry(_jpeg(_smooth(1601, 1203))).astype(int)
    full = _jpeg(_smooth(1601, 1203))
    full.load()  # once the pixels are loaded, draft mode can no longer act
    assert reduce_jpeg_decoding(full) == 1
    # Two antialiased views of one picture: about a grey level apart (the crop lands on whole scaled pixels).
    assert np.abs(reduced - to_model_geometry(full).astype(int)).mean() < 2.0


def test_cmyk_jpeg_is_reduced_and_in_memory_images_are_not():
    cmyk = _jpeg(_smooth(1600, 1200).convert("CMYK"))
    assert cmyk.mode == "CMYK" and reduce_jpeg_decoding(cmyk) == 4
    assert reduce_jpeg_decoding(_smooth(1600, 1200)) == 1


def test_cmyk_rule_is_the_pillow_conversion_it_states():
    samples = np.random.default_rng(4).integers(0, 256, (64, 64, 4), dtype=np.uint8)
    assert np.array_equal(cmyk_to_rgb(samples), np.asarray(Image.fromarray(samples, "CMYK").convert("RGB")))
    # No ink under no black is white paper; full black is black whatever the ink.
    assert cmyk_to_rgb(np.array([[0, 0, 0, 0], [9, 99, 199, 255]], dtype=np.uint8)).tolist() == [[255, 255, 255], [0, 0, 0]]


def _png_with(chunk_type: bytes, data: bytes, after_pixels: bool = False) -> bytes:
    """A 200x150 PNG with one extra chunk before its pixel data (or after it)."""
    encoded = io.BytesIO()
    Image.fromarray(np.zeros((150, 200, 3), dtype=np.uint8)).save(encoded, "PNG")
    png = encoded.getvalue()
    extra = struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", zlib.crc32(chunk_type + data))
    at = png.index(b"IEND" if after_pixels else b"IDAT") - 4
    return png[:at] + extra + png[at:]


def _tiff(orientation: int, field_type: int = 3, order: str = ">", count: int = 1) -> bytes:
    """A TIFF structure whose IFD0 holds only Orientation, typed SHORT (3) or LONG (4), big- or little-endian."""
    value = struct.pack(order + "HH", orientation, 0) if field_type == 3 else struct.pack(order + "I", orientation)
    mark = b"MM\x00*" if order == ">" else b"II*\x00"
    return mark + struct.pack(order + "IHHHI", 8, 1, 0x0112, field_type, count) + value + struct.pack(order + "I", 0)


def _orientation(data: bytes) -> int:
    image = Image.open(io.BytesIO(data))
    image.load()
    return exif_orientation(image)


def test_orientation_is_exifs_short_wherever_the_exif_block_is():
    assert _orientation(_png_with(b"eXIf", _tiff(6))) == 6
    assert _orientation(_png_with(b"eXIf", _tiff(8), after_pixels=True)) == 8
    profile = "\nexif\n%8d\n%s\n" % (len(_tiff(3)) + 6, (b"Exif\x00\x00" + _tiff(3)).hex())
    assert _orientation(_png_with(b"zTXt", b"Raw profile type exif\x00\x00" + zlib.compress(profile.encode()))) == 3
    jpeg = io.BytesIO()
    Image.fromarray(np.zeros((150, 200, 3), dtype=np.uint8)).save(jpeg, "JPEG", exif=b"Exif\x00\x00" + _tiff(5))
    assert _orientation(jpeg.getvalue()) == 5


def test_orientation_typed_long_or_given_twice_is_not_read():
    # Little-endian, so a LONG 6 starts with the bytes a SHORT 6 would have: only the type tells them apart.
    assert _orientation(_png_with(b"eXIf", _tiff(6, order="<"))) == 6
    assert _orientation(_png_with(b"eXIf", _tiff(6, field_type=4, order="<"))) == 1
    assert _orientation(_png_with(b"eXIf", _tiff(6, order="<", count=2))) == 1
    assert _orientation(_png_with(b"eXIf", _tiff(9))) == 1  # not an orientation
    assert _orientation(_png_with(b"eXIf", b"MM\x00*\xff\xff\xff\xff")) == 1  # IFD0 outside the block


def test_orientation_written_in_xmp_does_not_turn_the_pixels():
    # Pillow's own exif_transpose turns a PNG by its XMP tiff:Orientation; the shared rule does not.
    marked = np.zeros((150, 200, 3), dtype=np.uint8)
    marked[0, 0] = 255
    encoded = io.BytesIO()
    Image.fromarray(marked).save(encoded, "PNG")
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="3"/></rdf:RDF></x:xmpmeta>')
    png = encoded.getvalue()
    at = png.index(b"IDAT") - 4
    data = b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp
    png = png[:at] + struct.pack(">I", len(data)) + b"iTXt" + data + struct.pack(">I", zlib.crc32(b"iTXt" + data)) + png[at:]
    assert np.array_equal(to_model_geometry(Image.open(io.BytesIO(png))), marked)


def test_orientation_turns_the_pixels_as_exif_says():
    marked = np.zeros((150, 200, 3), dtype=np.uint8)
    marked[0, 0] = 255
    encoded = io.BytesIO()
    Image.fromarray(marked).save(encoded, "PNG", exif=b"Exif\x00\x00" + _tiff(3))
    turned = to_model_geometry(Image.open(io.BytesIO(encoded.getvalue())))
    assert turned[-1, -1].min() == 255 and turned[0, 0].max() == 0  # 3: turned half a turn


def test_decode_takes_png_and_jpeg_only():
    import pytest

    from skinlesion.data import decode

    arr = np.random.default_rng(1).integers(0, 256, (150, 200, 3), dtype=np.uint8)
    for fmt in ("PNG", "JPEG"):
        buf = io.BytesIO()
        Image.fromarray(arr).save(buf, format=fmt)
        assert decode(buf.getvalue()).shape == (150, 200, 3)
    for fmt in ("GIF", "BMP", "TIFF", "WEBP"):
        buf = io.BytesIO()
        Image.fromarray(arr).save(buf, format=fmt)
        with pytest.raises(ValueError, match=f"a {fmt} image; the shared geometry rule takes PNG or JPEG only"):
            decode(buf.getvalue())


def test_sixteen_bit_greyscale_png_is_its_high_byte():
    from skinlesion.data import decode

    wide = np.random.default_rng(2).integers(0, 65536, (150, 200), dtype=np.uint16)
    buf = io.BytesIO()
    Image.fromarray(wide).save(buf, format="PNG")
    out = decode(buf.getvalue())
    assert np.array_equal(out, np.repeat((wide >> 8).astype(np.uint8)[:, :, None], 3, axis=2))


def test_decode_takes_a_camera_jpeg_with_multi_picture_data():
    import pytest

    from skinlesion.data import decode

    arr = np.random.default_rng(3).integers(0, 256, (150, 200, 3), dtype=np.uint8)
    buf = io.BytesIO()
    try:
        Image.fromarray(arr).save(buf, format="MPO", save_all=True, append_images=[Image.fromarray(arr[::-1])])
    except (KeyError, ValueError, OSError) as e:
        pytest.skip(f"this Pillow cannot write MPO: {e}")
    assert Image.open(io.BytesIO(buf.getvalue())).format == "MPO"
    jpeg = io.BytesIO()
    Image.fromarray(arr).save(jpeg, format="JPEG")
    assert np.array_equal(decode(buf.getvalue()), decode(jpeg.getvalue()))
