using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Inference.Tests;

/// <summary>What is composited on white is what the Python reference composites: alpha channels and palettes with tRNS, not a colour key.</summary>
public sealed class PngTransparencyTests
{
    private static readonly Rgb24 Key = new(200, 100, 50);
    private static readonly Rgb24 Lesion = new(90, 60, 40);

    private readonly ImagePreprocessor _preprocessor = new(new ImageOptions(), 200, 150, TimeProvider.System);

    [Fact]
    public void Prepare_RgbPngWithAColourKey_KeepsTheKeyColourAsThePythonReferenceDoes()
    {
        // Arrange: Pillow opens an RGB PNG with a tRNS colour key as RGB and converts it without the key.
        var plain = RgbPng();
        var chunks = PngChunks.Parse(plain);
        chunks.Insert(1, new PngChunk("tRNS", [0, Key.R, 0, Key.G, 0, Key.B]));
        var keyed = PngChunks.Write(chunks);

        // Act
        var withKey = Pixels(keyed);
        var withoutKey = Pixels(plain);

        // Assert
        Assert.False(PngTransparency.IsComposited(keyed));
        Assert.Equal(withoutKey, withKey);
        Assert.Equal([Key.R, Key.G, Key.B], withKey[..3]);
    }

    [Fact]
    public void Prepare_RgbaPngWithTransparentPixels_CompositesThemOnWhite()
    {
        // Arrange
        using var image = new Image<Rgba32>(200, 150, new Rgba32(Key.R, Key.G, Key.B, 0));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });

        // Act
        var pixels = Pixels(stream.ToArray());

        // Assert
        Assert.True(PngTransparency.IsComposited(stream.ToArray()));
        Assert.All(pixels, value => Assert.Equal(byte.MaxValue, value));
    }

    private byte[] Pixels(byte[] png)
    {
        using var prepared = _preprocessor.Prepare(png, _preprocessor.Inspect(png));
        return prepared.Pixels.ToArray();
    }

    private static byte[] RgbPng()
    {
        using var image = new Image<Rgb24>(200, 150, Key);
        for (int y = 50; y < 100; y++)
        {
            for (int x = 60; x < 140; x++)
            {
                image[x, y] = Lesion;
            }
        }

        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Rgb });
        return stream.ToArray();
    }
}
