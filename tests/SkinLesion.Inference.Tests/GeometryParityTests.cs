using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The geometry rule against the Python reference's (training/skinlesion/preprocess.py, to_model_geometry) on images
/// that need it: rotated, cropped on either axis, scaled down and up, turned by EXIF. The parity test's reference
/// images are already 200x150, so without this the two implementations' orientation, crop and resize were never
/// compared. The resamplers differ (ImageSharp's bicubic is not Pillow's, ADR 0008), so resized cases are held to a
/// small mean difference; a wrong turn or crop moves the mean by tens of levels.
/// </summary>
public sealed class GeometryParityTests
{
    /// <summary>
    /// Mean absolute difference per channel value allowed where a resize happens (0-255 scale); measured 0.12-0.21 on
    /// these cases (2026-12-03).
    /// </summary>
    private const double ResampledMeanTolerance = 0.5;

    private static readonly (string Name, int Width, int Height, ushort Orientation)[] Cases =
    [
        ("exact-turned", 200, 150, 3), // no resize: must match byte for byte
        ("portrait", 480, 640, 1),
        ("wide", 900, 400, 1),
        ("square", 400, 400, 1),
        ("small", 160, 120, 1),
        ("exif-quarter", 640, 480, 6),
        ("exif-mirrored", 600, 500, 5),
    ];

    [SystemFileFact(ReferencePython.PillowPath, "python3-pil")]
    public async Task Prepare_ImagesThatNeedTheRule_GiveTheReferencesPixels()
    {
        // Arrange: lesion-like PNGs (no decoder differences), the orientation in an eXIf chunk.
        var directory = Directory.CreateTempSubdirectory("skinlesion-geometry-");
        var preprocessor = new ImagePreprocessor(new ImageOptions(), 200, 150, TimeProvider.System);
        try
        {
            foreach (var (name, width, height, orientation) in Cases)
            {
                using var image = TestImages.Lesion(width, height, seed: width + height);
                if (orientation != 1)
                {
                    image.Metadata.ExifProfile = new ExifProfile();
                    image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
                }

                await image.SaveAsPngAsync(Path.Combine(directory.FullName, name + ".png"), new PngEncoder());
            }

            // Act: the reference's 200x150 pixels as NAME.rgb beside each NAME.png.
            await ReferencePython.RunAsync("""
                import glob, os, sys
                sys.path.insert(0, os.path.join(sys.argv[1], "training"))
                from skinlesion.data import decode
                for path in sorted(glob.glob(os.path.join(sys.argv[2], "*.png"))):
                    with open(path, "rb") as f:
                        pixels = decode(f.read()).tobytes()
                    with open(path[:-4] + ".rgb", "wb") as out:
                        out.write(pixels)
                """, directory.FullName);

            // Assert
            foreach (var (name, _, _, _) in Cases)
            {
                var png = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, name + ".png"));
                var expected = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, name + ".rgb"));
                var header = preprocessor.Inspect(png);
                Assert.Equal(header.Orientation, Cases.Single(c => c.Name == name).Orientation);
                using var prepared = preprocessor.Prepare(png, header);
                var actual = prepared.Pixels.Span;
                Assert.Equal(expected.Length, actual.Length);
                double mean = MeanAbsoluteDifference(expected, actual);
                string measured = string.Create(CultureInfo.InvariantCulture, $"{name}: mean difference {mean:0.000} from the reference");
                if (name == "exact-turned")
                {
                    Assert.True(expected.AsSpan().SequenceEqual(actual), measured);
                }
                else
                {
                    Assert.True(mean <= ResampledMeanTolerance, measured);
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static double MeanAbsoluteDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        long sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return (double)sum / a.Length;
    }
}
