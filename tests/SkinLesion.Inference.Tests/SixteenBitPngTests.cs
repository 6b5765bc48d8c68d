using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Images;

namespace SkinLesion.Inference.Tests;

/// <summary>A 16-bit PNG reaches the model as its high bytes, as Pillow reads it, not as ImageSharp rounds it.</summary>
public sealed class SixteenBitPngTests
{
    private readonly ImagePreprocessor _preprocessor = new(new ImageOptions(), 200, 150, TimeProvider.System);

    [Theory]
    [InlineData(PngColorType.Rgb)]
    [InlineData(PngColorType.RgbWithAlpha)]
    public void Prepare_SixteenBitPng_IsTheEightBitPngOfItsHighBytes(PngColorType colour)
    {
        // Arrange: samples whose low bytes are >= 128 (ImageSharp's v / 257 rounds those up), some pixels half transparent.
        using var wide = new Image<Rgba64>(320, 240);
        using var narrow = new Image<Rgba32>(320, 240);
        var random = new Random(5);
        for (int y = 0; y < 240; y++)
        {
            for (int x = 0; x < 320; x++)
            {
                ushort Sample() => (ushort)((random.Next(256) << 8) | (128 + random.Next(128)));
                var pixel = new Rgba64(Sample(), Sample(), Sample(), colour == PngColorType.Rgb || x < 160 ? ushort.MaxValue : Sample());
                wide[x, y] = pixel;
                narrow[x, y] = new Rgba32((byte)(pixel.R >> 8), (byte)(pixel.G >> 8), (byte)(pixel.B >> 8), (byte)(pixel.A >> 8));
            }
        }

        byte[] sixteen = Encode(wide, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = colour });
        byte[] eight = Encode(narrow, new PngEncoder { BitDepth = PngBitDepth.Bit8, ColorType = colour });

        // Act
        using var fromSixteen = _preprocessor.Prepare(sixteen, _preprocessor.Inspect(sixteen));
        using var fromEight = _preprocessor.Prepare(eight, _preprocessor.Inspect(eight));

        // Assert: the same pixels; the 16-bit file is charged a fifth more of the budget for its wide copy.
        Assert.Equal(16, sixteen[24]);
        Assert.Equal(320L * 240 * 6 / 5, _preprocessor.Inspect(sixteen).ChargedPixels);
        Assert.Equal(320L * 240, _preprocessor.Inspect(eight).ChargedPixels);
        Assert.True(fromSixteen.Pixels.Span.SequenceEqual(fromEight.Pixels.Span), "the 16-bit PNG's pixels are not its high bytes'");
    }

    private static byte[] Encode<TPixel>(Image<TPixel> image, PngEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }
}
