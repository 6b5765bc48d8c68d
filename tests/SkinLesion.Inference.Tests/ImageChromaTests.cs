using SkinLesion.Inference.Images;

namespace SkinLesion.Inference.Tests;

/// <summary>The colour measure behind the greyscale rule: per pixel the largest channel minus the smallest, averaged.</summary>
public sealed class ImageChromaTests
{
    [Fact]
    public void GreyPixels_MeasureZeroWhateverTheirBrightness()
    {
        byte[] rgb = [0, 0, 0, 37, 37, 37, 128, 128, 128, 255, 255, 255];

        Assert.Equal(0, ImageChroma.MeanChroma(rgb, 2, 2));
    }

    [Fact]
    public void ColouredPixels_MeasureTheMeanOfLargestMinusSmallestChannel()
    {
        // 224-150 = 74, 255-0 = 255, 10-10 = 0 (grey), 5-3 = 2
        byte[] rgb = [224, 172, 150, 0, 255, 128, 10, 10, 10, 3, 5, 4];

        Assert.Equal((74 + 255 + 0 + 2) / 4.0, ImageChroma.MeanChroma(rgb, 4, 1));
    }

    [Theory]
    [InlineData(11, 2, 2)]
    [InlineData(12, 0, 4)]
    [InlineData(12, 3, 2)]
    public void PixelsThatDoNotMatchTheSize_AreRefused(int length, int width, int height)
    {
        var rgb = new byte[length];

        var error = Assert.Throws<ArgumentException>(() => ImageChroma.MeanChroma(rgb, width, height));

        Assert.Equal("rgb", error.ParamName);
    }
}
