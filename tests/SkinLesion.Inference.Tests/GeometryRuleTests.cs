using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

public sealed class GeometryRuleTests
{
    private static readonly Rgba32 Marker = new(255, 0, 0);

    [Theory]
    [InlineData(1920, 1080, 240, 0, 1440, 1080)] // 16:9 loses its left and right edges
    [InlineData(1000, 1000, 0, 125, 1000, 750)] // square loses top and bottom
    [InlineData(200, 150, 0, 0, 200, 150)] // already 4:3
    [InlineData(201, 150, 0, 0, 200, 150)] // one column too many: the extra column goes from the right
    [InlineData(4032, 3024, 0, 0, 4032, 3024)] // phone camera 4:3
    [InlineData(1001, 1000, 0, 124, 1001, 751)] // 1001*3/4 = 750.75 rounds to 751; (1000 - 751) / 2 floors to 124
    public void CentreCrop_OtherAspect_CropsCentredLargestFourByThreeRectangle(int width, int height, int x, int y, int cropWidth, int cropHeight)
    {
        var crop = GeometryRule.CentreCrop(width, height, 200, 150);

        Assert.Equal(new Rectangle(x, y, cropWidth, cropHeight), crop);
    }

    [Fact]
    public void Apply_ModelSizedImage_ReturnsPixelsUnchanged()
    {
        // Arrange
        using var source = TestImages.Lesion(200, 150);
        var expected = Pixels(source.CloneAs<Rgb24>());

        // Act
        using var result = GeometryRule.Apply(source.Clone(), 200, 150);

        // Assert
        Assert.Equal(expected, Pixels(result));
    }

    [Fact]
    public void Apply_PortraitImage_RotatesNinetyDegreesClockwise()
    {
        // Arrange: a 150x200 portrait with a red block in its top-left corner.
        using var portrait = new Image<Rgba32>(150, 200, new Rgba32(255, 255, 255));
        FillBlock(portrait, 0, 0, 30, 30, Marker);

        // Act
        using var result = GeometryRule.Apply(portrait, 200, 150);

        // Assert: clockwise rotation moves the top-left corner to the top-right.
        Assert.Equal(200, result.Width);
        Assert.Equal(150, result.Height);
        Assert.Equal(new Rgb24(255, 0, 0), result[195, 5]);
        Assert.Equal(new Rgb24(255, 255, 255), result[5, 5]);
        Assert.Equal(new Rgb24(255, 255, 255), result[5, 145]);
    }

    [Fact]
    public void Apply_ExifOrientation6_IsAppliedBeforeThePortraitRule()
    {
        // Arrange: stored landscape 200x150 with the marker top-left; orientation 6 means "rotate 90°
        // clockwise to display", which makes it a portrait whose marker sits top-right.
        using var stored = new Image<Rgba32>(200, 150, new Rgba32(255, 255, 255));
        FillBlock(stored, 0, 0, 40, 40, Marker);
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        var jpeg = TestImages.Jpeg(stored, quality: 100);
        using var decoded = Image.Load<Rgba32>(jpeg);

        // Act: displayed portrait, then rotated clockwise again to landscape.
        using var result = GeometryRule.Apply(decoded, 200, 150);

        // Assert: two clockwise quarter turns put the marker bottom-right.
        Assert.True(result[190, 140].R > 200 && result[190, 140].G < 60, $"bottom-right is {result[190, 140]}");
        Assert.True(result[10, 10].G > 200, $"top-left is {result[10, 10]}");
    }

    [Fact]
    public void Apply_TransparentPixels_AreCompositedOnWhite()
    {
        // Arrange
        using var image = new Image<Rgba32>(200, 150, new Rgba32(0, 0, 0, 0));
        FillBlock(image, 0, 0, 100, 150, new Rgba32(0, 0, 0, 128));

        // Act
        using var result = GeometryRule.Apply(image, 200, 150);

        // Assert
        Assert.Equal(new Rgb24(255, 255, 255), result[150, 75]);
        Assert.Equal(new Rgb24(127, 127, 127), result[50, 75]);
    }

    [Fact]
    public void Apply_LargeLandscape_ResizesToModelSize()
    {
        using var image = TestImages.Lesion(1600, 900);

        using var result = GeometryRule.Apply(image, 200, 150);

        Assert.Equal((200, 150), (result.Width, result.Height));
        Assert.True(result[100, 75].R < 150, "the centred lesion stays in the centre");
    }

    [Fact]
    public async Task Preprocess_GreyscalePng_ExpandsToThreeEqualChannels()
    {
        // Arrange
        using var grey = new Image<L8>(200, 150, new L8(90));
        var png = TestImages.Png(grey);
        var preprocessor = new ImagePreprocessor(new ImageOptions(), 200, 150, TimeProvider.System);

        // Act
        var header = preprocessor.Inspect(png);
        using var prepared = await Task.Run(() => preprocessor.Prepare(png, header));

        // Assert
        Assert.Equal(200 * 150 * 3, prepared.Pixels.Length);
        Assert.All(prepared.Pixels.ToArray(), value => Assert.Equal(90, value));
    }

    private static void FillBlock(Image<Rgba32> image, int x0, int y0, int width, int height, Rgba32 colour)
    {
        for (int y = y0; y < y0 + height; y++)
        {
            for (int x = x0; x < x0 + width; x++)
            {
                image[x, y] = colour;
            }
        }
    }

    private static byte[] Pixels(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        image.Dispose();
        return bytes;
    }
}
