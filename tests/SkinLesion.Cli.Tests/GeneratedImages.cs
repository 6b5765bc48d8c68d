using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>Image files made here for the command to score: a generated lesion, or one solid colour.</summary>
internal static class GeneratedImages
{
    public static byte[] Lesion(int width, int height, int seed, bool png)
    {
        using var image = TestImages.Lesion(width, height, seed);
        return png ? TestImages.Png(image) : TestImages.Jpeg(image);
    }

    public static Image<Rgba32> SolidImage(int width, int height, byte r, byte g, byte b) =>
        new(width, height, new Rgba32(r, g, b));

    public static byte[] Solid(int width, int height, byte r, byte g, byte b)
    {
        using var image = SolidImage(width, height, r, g, b);
        return TestImages.Png(image);
    }
}
