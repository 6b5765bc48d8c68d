using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>The model input lives in a pooled buffer: each image gets its own, and it is given back exactly once.</summary>
public sealed class PreparedImageTests
{
    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions(), 200, 150, TimeProvider.System);

    [Fact]
    public void Pixels_AfterDispose_ThrowObjectDisposed()
    {
        // Arrange
        var prepared = Prepare(new Rgb24(10, 20, 30));

        // Act
        prepared.Dispose();

        // Assert
        Assert.Throws<ObjectDisposedException>(() => prepared.Pixels);
    }

    [Fact]
    public void Dispose_Twice_GivesTheBufferBackOnce()
    {
        // Arrange: a buffer given back twice would be handed to two later images at once.
        var first = Prepare(new Rgb24(10, 20, 30));
        first.Dispose();
        first.Dispose();

        // Act
        using var second = Prepare(new Rgb24(200, 100, 50));
        using var third = Prepare(new Rgb24(1, 2, 3));

        // Assert: neither image's bytes were overwritten by the other's.
        Assert.False(second.Pixels.Span.Overlaps(third.Pixels.Span));
        Assert.All(Triples(second.Pixels.ToArray()), pixel => Assert.Equal((200, 100, 50), pixel));
        Assert.All(Triples(third.Pixels.ToArray()), pixel => Assert.Equal((1, 2, 3), pixel));
    }

    [Fact]
    public async Task Prepare_ManyAtOnce_EachImageKeepsItsOwnPixels()
    {
        // Arrange: more images at once than the pool keeps per core.
        var colours = Enumerable.Range(0, 32).Select(i => new Rgb24((byte)(i * 7), (byte)(255 - (i * 5)), (byte)(i * 3))).ToList();

        // Act
        var prepared = await Task.WhenAll(colours.Select(colour => Task.Run(() => Prepare(colour))));

        // Assert
        try
        {
            foreach (var (image, colour) in prepared.Zip(colours))
            {
                Assert.Equal(200 * 150 * 3, image.Pixels.Length);
                Assert.All(Triples(image.Pixels.ToArray()), pixel => Assert.Equal((colour.R, colour.G, colour.B), pixel));
            }
        }
        finally
        {
            foreach (var image in prepared)
            {
                image.Dispose();
            }
        }
    }

    private static PreparedImage Prepare(Rgb24 colour)
    {
        using var image = new SixLabors.ImageSharp.Image<Rgb24>(200, 150, colour);
        var png = TestImages.Png(image);
        return Preprocessor.Prepare(png, Preprocessor.Inspect(png));
    }

    private static IEnumerable<(byte, byte, byte)> Triples(byte[] rgb) =>
        Enumerable.Range(0, rgb.Length / 3).Select(i => (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]));
}
