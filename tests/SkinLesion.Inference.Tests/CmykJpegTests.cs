using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// CMYK and YCCK JPEGs (docs/decisions/0056-cmyk-jpegs-and-where-orientation-is-read.md): libjpeg-turbo's CMYK samples
/// brought to RGB by the reference's rule, byte for byte with training/skinlesion/preprocess.py, and reduced like any
/// other large JPEG. ImageSharp, which decoded them before, differed from the reference by 0.02-3.3 levels on average
/// and by up to 83 on a YCCK file.
/// </summary>
public sealed class CmykJpegTests
{
    // Pillow writes CMYK JPEGs (Adobe-inverted, as Photoshop does); TurboJPEG's compressor turns CMYK pixels into YCCK.
    // Each file's reference pixels: the reduction of preprocess.py, then its CMYK rule (NAME.decoded), and the whole
    // geometry rule (NAME.model).
    private const string MakeAndDecode = """
        import ctypes, glob, io, os, sys
        import numpy as np
        sys.path.insert(0, os.path.join(sys.argv[1], "training"))
        from PIL import Image
        from skinlesion.data import decode
        from skinlesion.preprocess import cmyk_to_rgb, reduce_jpeg_decoding

        def ink(width, height):
            y, x = np.mgrid[0:height, 0:width]
            planes = [128 + 120 * np.sin(x / 23.0), 128 + 120 * np.cos(y / 17.0), 128 + 100 * np.sin((x + y) / 11.0), 60 + 50 * np.cos((x - y) / 29.0)]
            return np.stack(planes, -1).astype(np.uint8)

        def ycck(cmyk, subsampling):
            turbo = ctypes.CDLL("libturbojpeg.so.0")
            turbo.tjInitCompress.restype = ctypes.c_void_p
            height, width, _ = cmyk.shape
            out, size = ctypes.POINTER(ctypes.c_ubyte)(), ctypes.c_ulong(0)
            status = turbo.tjCompress2(ctypes.c_void_p(turbo.tjInitCompress()), cmyk.ctypes.data_as(ctypes.c_void_p), width, width * 4, height,
                                       11, ctypes.byref(out), ctypes.byref(size), subsampling, 90, 0)  # TJPF_CMYK
            assert status == 0, "tjCompress2 failed"
            return ctypes.string_at(out, size.value)

        folder = sys.argv[2]
        for name, width, height in (("cmyk", 200, 150), ("cmyk-large", 1601, 1203)):
            Image.fromarray(ink(width, height), "CMYK").save(os.path.join(folder, name + ".jpg"), quality=90)
        for name, width, height, subsampling in (("ycck-420", 200, 150, 2), ("ycck-444", 200, 150, 0), ("ycck-large", 1600, 1200, 2)):
            with open(os.path.join(folder, name + ".jpg"), "wb") as f:
                f.write(ycck(ink(width, height), subsampling))
        for path in sorted(glob.glob(os.path.join(folder, "*.jpg"))):
            with Image.open(path) as image:
                assert image.mode == "CMYK", path
                reduce_jpeg_decoding(image)
                image.load()
                decoded = cmyk_to_rgb(np.asarray(image))
            with open(path, "rb") as f:
                model = decode(f.read())
            with open(path[:-4] + ".decoded", "wb") as out:
                out.write(decoded.tobytes())
            with open(path[:-4] + ".model", "wb") as out:
                out.write(model.tobytes())
        """;

    private static readonly (string Name, int Width, int Height, int Denominator)[] Cases =
    [
        ("cmyk", 200, 150, 1),
        ("cmyk-large", 1601, 1203, 4),
        ("ycck-420", 200, 150, 1),
        ("ycck-444", 200, 150, 1),
        ("ycck-large", 1600, 1200, 4),
    ];

    [Fact]
    public void ToRgb_IsPillowsRuleOnTheInvertedSamples()
    {
        // Arrange: stored (inverted) samples. White paper: no ink, K stored 255. Full black: K stored 0.
        // C stored 127 (ink 128) under K stored 200: 200 - 128 x 200 / 255 = 200 - 100.39, to the nearest: 100.
        // C stored 254 (ink 1) under K stored 128: 128 - 1 x 128 / 255 = 128 - 0.50 rounds to 127 (MULDIV255), where a
        // truncating division would give 128.
        byte[] stored = [255, 255, 255, 255, 9, 99, 199, 0, 127, 255, 0, 200, 254, 255, 255, 128];
        var rgb = new byte[12];

        // Act
        CmykJpeg.ToRgb(stored, rgb);

        // Assert
        Assert.Equal([255, 255, 255, 0, 0, 0, 100, 200, 0, 127, 128, 128], rgb);
    }

    [SystemFileFact(ReferencePython.PillowPath, "python3-pil")]
    public async Task CmykAndYcckJpegs_GiveTheReferencesPixels()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("skinlesion-cmyk-jpeg-");
        var preprocessor = new ImagePreprocessor(new ImageOptions(), 200, 150, TimeProvider.System);
        var decoder = LibJpegTurbo.TryLoad();
        Assert.NotNull(decoder);
        try
        {
            // Act
            await ReferencePython.RunAsync(MakeAndDecode, directory.FullName);

            // Assert
            foreach (var (name, width, height, denominator) in Cases)
            {
                var jpeg = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, name + ".jpg"));
                var header = preprocessor.Inspect(jpeg);
                Assert.Equal(denominator, header.JpegScaleDenominator);
                Assert.Equal(GeometryRule.ScaledSide(width, denominator) * (long)GeometryRule.ScaledSide(height, denominator), header.ChargedPixels);

                var decoded = new byte[GeometryRule.ScaledSide(width, denominator) * GeometryRule.ScaledSide(height, denominator) * 3];
                Assert.True(decoder.TryDecode(jpeg, decoded, width, height, denominator), $"{name}: libjpeg-turbo refused it");
                var expectedDecoded = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, name + ".decoded"));
                Assert.True(expectedDecoded.AsSpan().SequenceEqual(decoded), $"{name}: the decoded pixels differ from the reference's");

                using var prepared = preprocessor.Prepare(jpeg, header);
                var expectedModel = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, name + ".model"));
                if (denominator == 1)
                {
                    // No resize: the model's input is the reference's, byte for byte.
                    Assert.True(expectedModel.AsSpan().SequenceEqual(prepared.Pixels.Span), $"{name}: the model input differs from the reference's");
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
