using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// Large JPEGs are decoded at 1/2, 1/4 or 1/8 scale (docs/decisions/0013-reduced-jpeg-decoding.md): the rule, what
/// the admission gate is charged, and byte-for-byte agreement with Pillow's draft mode in the Python reference.
/// </summary>
public sealed class ReducedJpegDecodingTests
{
    private const string LibJpegTurboPath = "/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0";


    [Theory]
    [InlineData(200, 150, 1)]
    [InlineData(799, 600, 1)] // 799 / 2 = 399 < 400: half scale would leave less than twice the model's width
    [InlineData(800, 600, 2)]
    [InlineData(1600, 1200, 4)]
    [InlineData(4000, 3000, 8)]
    [InlineData(6000, 4500, 8)]
    [InlineData(3000, 4000, 8)] // portrait: judged on the landscape frame it becomes
    [InlineData(4000, 1000, 2)] // the short side decides: 1000 / 4 = 250 < 300
    public void JpegScaleDenominator_IsTheLargestReductionLeavingTwiceTheModelSize(int width, int height, int expected)
    {
        Assert.Equal(expected, GeometryRule.JpegScaleDenominator(width, height, 200, 150));
    }

    [SystemFileFact(LibJpegTurboPath, "libturbojpeg0")]
    public void Inspect_LargeColourJpeg_ChargesOnlyTheReducedPixels()
    {
        // Arrange
        var preprocessor = new ImagePreprocessor(new ImageOptions(), 200, 150, TimeProvider.System);
        var jpeg = TestImages.LesionJpeg(4001, 3000);

        // Act
        var header = preprocessor.Inspect(jpeg);

        // Assert: 1/8 scale, sides rounded up as libjpeg rounds them.
        Assert.Equal(8, header.JpegScaleDenominator);
        Assert.Equal(501L * 375, header.DecodedPixels);
        Assert.Equal(4001L * 3000, header.Pixels);
    }

    [SystemFileFact(LibJpegTurboPath, "libturbojpeg0")]
    public void Prepare_LargeJpeg_GivesTheModelNearlyThePixelsOfAFullDecode()
    {
        // Arrange
        var reduced = new ImagePreprocessor(new ImageOptions(), 200, 150, TimeProvider.System);
        var full = new ImagePreprocessor(new ImageOptions { JpegDecoder = JpegDecoderChoice.ImageSharp }, 200, 150, TimeProvider.System);
        var jpeg = TestImages.LesionJpeg(4000, 3000);

        // Act
        using var preparedReduced = reduced.Prepare(jpeg, reduced.Inspect(jpeg));
        using var preparedFull = full.Prepare(jpeg, full.Inspect(jpeg));
        var viaReduced = preparedReduced.Pixels.ToArray();
        var viaFull = preparedFull.Pixels.ToArray();

        // Assert: both are antialiased views of the same picture; 1/8 scale averages 8x8 blocks first.
        double meanDifference = viaReduced.Zip(viaFull, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanDifference < 1.5, $"mean |reduced - full| = {meanDifference:F3} grey levels");
    }

    [SystemFileFact(ReferencePython.PillowPath, "python3-pil")]
    public async Task ReducedDecode_MatchesPillowDraftModeByteForByte()
    {
        // Arrange: synthetic JPEGs (no patient data) of each reduction, colour 4:2:0, 4:4:4 and greyscale.
        var directory = Directory.CreateTempSubdirectory("skinlesion-reduced-jpeg-");
        try
        {
            var cases = new (string Name, int Width, int Height, JpegColorType Colour)[]
            {
                ("half", 832, 624, JpegColorType.YCbCrRatio420),
                ("quarter", 1601, 1203, JpegColorType.YCbCrRatio444),
                ("eighth", 3264, 2448, JpegColorType.YCbCrRatio420),
                ("grey", 1600, 1200, JpegColorType.Luminance),
            };
            foreach (var (name, width, height, colour) in cases)
            {
                using var image = TestImages.Lesion(width, height, seed: width);
                await image.SaveAsJpegAsync(Path.Combine(directory.FullName, name + ".jpg"), new JpegEncoder { ColorType = colour, Quality = 90 });
            }

            // Act: Pillow's pixels after training/skinlesion/preprocess.py's reduction, as NAME.rgb beside each NAME.jpg.
            await ReferencePython.RunAsync("""
                import glob, os, sys
                sys.path.insert(0, os.path.join(sys.argv[1], "training"))
                from PIL import Image
                from skinlesion.preprocess import reduce_jpeg_decoding
                for path in sorted(glob.glob(os.path.join(sys.argv[2], "*.jpg"))):
                    with Image.open(path) as image:
                        reduce_jpeg_decoding(image)
                        image.load()
                        pixels = image.convert("RGB").tobytes()
                    with open(path[:-4] + ".rgb", "wb") as out:
                        out.write(pixels)
                """, directory.FullName);

            // Assert
            var decoder = LibJpegTurbo.TryLoad();
            Assert.NotNull(decoder);
            foreach (var (name, width, height, _) in cases)
            {
                var jpeg = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, name + ".jpg"));
                var expected = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, name + ".rgb"));
                int denominator = GeometryRule.JpegScaleDenominator(width, height, 200, 150);
                Assert.True(denominator > 1, $"{name}: {width}x{height} is not reduced");
                var actual = new byte[GeometryRule.ScaledSide(width, denominator) * GeometryRule.ScaledSide(height, denominator) * 3];
                Assert.True(decoder.TryDecode(jpeg, actual, width, height, denominator), $"{name}: libjpeg-turbo refused it");
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{name}: libjpeg-turbo at 1/{denominator} differs from Pillow's draft decode ({expected.Length} vs {actual.Length} bytes)");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
