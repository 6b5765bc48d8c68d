using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The copy of the upload a page shows (ClassificationRequest.Display): a large JPEG as a smaller upright JPEG, anything
/// else as the file without its metadata.
/// </summary>
public sealed class DisplayImageTests(ClassifierFixture fixture) : IClassFixture<ClassifierFixture>
{
    private const string Identifying = "Jane Doe 1950-01-01 MRN 123456";
    private static readonly ClassificationRequest WithDisplay = new(Display: true);

    [Fact]
    public async Task Display_LargeJpegTurnedAQuarter_UprightCopyFittedWithinTheMaximumWithoutMetadata()
    {
        // Arrange: a 4100x3000 camera JPEG stored on its side (orientation 6), with a name in its EXIF.
        byte[] upload = Jpeg(4100, 3000, orientation: 6);

        // Act
        var result = await fixture.Classifier.ClassifyAsync(upload, WithDisplay);
        var display = result.Display!;

        // Assert: shown upright (3000 wide, 4100 high) at most 2048 on its long side, in proportion; its time is in the total.
        Assert.True(display.Downscaled);
        Assert.Equal(AcceptedImageFormat.Jpeg, display.Format);
        Assert.Equal(DisplayImage.MaxSide, display.Height);
        Assert.InRange(display.Width, 1498, 1499); // 3000 x 2048 / 4100 = 1498.5
        var info = Image.Identify(display.Bytes);
        Assert.Equal((display.Width, display.Height), (info.Width, info.Height));
        Assert.Null(info.Metadata.ExifProfile);
        Assert.DoesNotContain(Identifying, Encoding.ASCII.GetString(display.Bytes), StringComparison.Ordinal);
        Assert.True(display.Bytes.Length < upload.Length / 2, $"{display.Bytes.Length} bytes against the upload's {upload.Length}");
        Assert.True(result.Timings.DisplayMs > 0);
        Assert.True(result.Timings.TotalMs >= result.Timings.DisplayMs + result.Timings.InferenceMs);
    }

    [Fact]
    public async Task Display_JpegWithinTheMaximum_TheFileWithoutItsMetadata()
    {
        // Arrange
        byte[] upload = Jpeg(1600, 1200, orientation: 1);

        // Act
        var result = await fixture.Classifier.ClassifyAsync(upload, WithDisplay);

        // Assert: the same coded pixels the display-copy tests check, at the upload's size.
        var display = result.Display!;
        Assert.False(display.Downscaled);
        Assert.Equal(DisplayCopy.WithoutMetadata(upload, result.Image), display.Bytes);
        Assert.Equal((1600, 1200), (display.Width, display.Height));
    }

    [Fact]
    public async Task Display_LargePngTurnedAQuarter_UprightPngFittedWithinTheMaximumWithoutMetadata()
    {
        // Arrange: a 3000x2250 PNG stored on its side (an eXIf orientation 6) with a name in a text chunk.
        using var image = TestImages.Lesion(3000, 2250, seed: 3);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        image.Metadata.ExifProfile = exif;
        image.Metadata.GetPngMetadata().TextData.Add(new PngTextData("Author", Identifying, string.Empty, string.Empty));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder());
        byte[] upload = stream.ToArray();

        // Act
        var result = await fixture.Classifier.ClassifyAsync(upload, WithDisplay);
        var display = result.Display!;

        // Assert: upright (2250 wide, 3000 high), at most 2048 on its long side, still a PNG, without the name.
        Assert.True(display.Downscaled);
        Assert.Equal(AcceptedImageFormat.Png, display.Format);
        Assert.Equal((1536, DisplayImage.MaxSide), (display.Width, display.Height));
        var info = Image.Identify(display.Bytes);
        Assert.Equal((display.Width, display.Height), (info.Width, info.Height));
        Assert.Null(info.Metadata.ExifProfile);
        Assert.DoesNotContain(Identifying, Encoding.ASCII.GetString(display.Bytes), StringComparison.Ordinal);
        Assert.True(display.Bytes.Length < upload.Length, $"{display.Bytes.Length} bytes against the upload's {upload.Length}");
    }

    [Fact]
    public async Task Display_PngWithinTheMaximum_TheFileWithoutItsMetadata()
    {
        // Arrange
        using var image = TestImages.Lesion(2000, 1500, seed: 3);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder());
        byte[] upload = stream.ToArray();

        // Act
        var result = await fixture.Classifier.ClassifyAsync(upload, WithDisplay);

        // Assert
        Assert.False(result.Display!.Downscaled);
        Assert.Equal(DisplayCopy.WithoutMetadata(upload, result.Image), result.Display.Bytes);
    }

    [Theory]
    [InlineData(AcceptedImageFormat.Jpeg)]
    [InlineData(AcceptedImageFormat.Png)]
    public async Task Display_LargeImageWithADisplayP3Profile_CopyInSrgbWithoutTheProfile(AcceptedImageFormat format)
    {
        // Arrange: one flat colour, 3000x2250, as a phone writes it: Display P3 values with the profile embedded.
        var profile = IccProfiles.Matrix(IccProfiles.DisplayP3, IccProfiles.SrgbCurve());
        using var image = new Image<Rgb24>(3000, 2250, new Rgb24(200, 100, 50));
        using var stream = new MemoryStream();
        if (format == AcceptedImageFormat.Jpeg)
        {
            image.SaveAsJpeg(stream, new JpegEncoder { Quality = 95 });
        }
        else
        {
            image.SaveAsPng(stream, new PngEncoder());
        }

        var upload = format == AcceptedImageFormat.Jpeg ? IccProfiles.InJpeg(stream.ToArray(), profile) : IccProfiles.InPng(stream.ToArray(), profile);
        byte[] srgb = [200, 100, 50];
        SrgbConversion.For(profile)!.Apply(srgb, 3);

        // Act
        var result = await fixture.Classifier.ClassifyAsync(upload, WithDisplay);

        // Assert: a browser shows the copy as sRGB (it has no profile), so its pixels are the colour converted.
        var display = result.Display!;
        Assert.True(display.Downscaled);
        using var shown = Image.Load<Rgb24>(display.Bytes);
        Assert.Null(shown.Metadata.IccProfile);
        var centre = shown[shown.Width / 2, shown.Height / 2];
        Assert.True(Math.Abs(centre.R - srgb[0]) <= 2 && Math.Abs(centre.G - srgb[1]) <= 2 && Math.Abs(centre.B - srgb[2]) <= 2, $"shown {centre}, the colour in sRGB ({srgb[0]}, {srgb[1]}, {srgb[2]})");
        Assert.True(Math.Abs(srgb[0] - 200) + Math.Abs(srgb[1] - 100) + Math.Abs(srgb[2] - 50) > 20, "Display P3 moves this colour in sRGB");
    }

    [Fact]
    public async Task Classify_DisplayNotAskedFor_NoCopyIsMade()
    {
        var result = await fixture.Classifier.ClassifyAsync(Jpeg(2600, 1950, orientation: 1));

        Assert.Null(result.Display);
    }

    private static byte[] Jpeg(int width, int height, ushort orientation)
    {
        using var image = TestImages.Lesion(width, height, seed: 7);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, orientation);
        exif.SetValue(ExifTag.ImageDescription, Identifying);
        image.Metadata.ExifProfile = exif;
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 90 });
        return output.ToArray();
    }
}
