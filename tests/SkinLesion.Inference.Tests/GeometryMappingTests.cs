using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinLesion.Inference.Images;
using SkinLesion.Inference.Segmentation;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The way back from the model input to the upload: an outline found on the 200x150 input must land on the lesion in
/// the upload as a viewer displays it, whatever the orientation tag, the aspect, the size and the decoder's reduction.
/// The segmentation here is the test's own stand-in (a pixel darker than the skin is lesion), so these tests measure
/// the geometry, tracing and mapping, not a network.
/// </summary>
public sealed class GeometryMappingTests
{
    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions(), 200, 150, TimeProvider.System);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Outline_JpegWithEachExifOrientation_CoversTheLesionAsDisplayed(int orientation)
    {
        // Arrange: an off-centre, tilted lesion, so that any flip or turn of the mapping shows.
        using var lesion = SyntheticLesion.Ellipse(800, 600, cx: 0.38, cy: 0.42, rx: 0.22, ry: 0.12, degrees: 25);

        // Act
        var found = Outline(lesion.Jpeg((ushort)orientation));

        // Assert
        AssertCovers(lesion, found, minimumIou: 0.9);
    }

    [Theory]
    [InlineData(600, 800, 1)] // portrait: the geometry rule turns it clockwise
    [InlineData(600, 800, 6)] // portrait as displayed, stored landscape with orientation 6
    [InlineData(4000, 3000, 1)] // decoded at 1/8 scale by libjpeg-turbo
    [InlineData(3000, 4000, 8)] // reduced decoding, a tag and the portrait turn together
    [InlineData(1920, 1080, 1)] // 16:9: the side bands are cropped away
    [InlineData(1000, 1000, 3)] // square: top and bottom are cropped away
    public void Outline_OtherShapesAndSizes_CoversTheLesionAsDisplayed(int width, int height, int orientation)
    {
        using var lesion = SyntheticLesion.Ellipse(width, height, cx: 0.45, cy: 0.55, rx: 0.2, ry: 0.14, degrees: -40);

        var found = Outline(lesion.Jpeg((ushort)orientation));

        AssertCovers(lesion, found, minimumIou: 0.9);
    }

    [Fact]
    public void Outline_Png_CoversTheLesionAsDisplayed()
    {
        using var lesion = SyntheticLesion.Ellipse(640, 480, cx: 0.6, cy: 0.5, rx: 0.25, ry: 0.18, degrees: 70);

        var found = Outline(lesion.Png());

        AssertCovers(lesion, found, minimumIou: 0.9);
    }

    [Fact]
    public void ToUpload_ModelSizedImage_IsTheIdentity()
    {
        var mapping = new GeometryMapping(new ImageHeader(AcceptedImageFormat.Jpeg, 200, 150), 200, 150);

        Assert.Equal((0d, 0d), mapping.ToUpload(0, 0));
        Assert.Equal((200d, 150d), mapping.ToUpload(200, 150));
        Assert.Equal((37.5, 120.25), mapping.ToUpload(37.5, 120.25));
    }

    [Fact]
    public void ToUpload_SixteenByNine_UndoesTheCentreCrop()
    {
        // 1920x1080 keeps the centred 1440x1080: 240 pixels are cropped from each side.
        var mapping = new GeometryMapping(new ImageHeader(AcceptedImageFormat.Png, 1920, 1080), 200, 150);

        Assert.Equal((240d, 0d), mapping.ToUpload(0, 0));
        Assert.Equal((1680d, 1080d), mapping.ToUpload(200, 150));
        Assert.Equal((960d, 540d), mapping.ToUpload(100, 75));
    }

    [Fact]
    public void ToUpload_ReducedJpegDecoding_ScalesBackToFullResolution()
    {
        // 4000x3000 decodes to 500x375 at 1/8; the whole model input is the whole upload.
        var header = new ImageHeader(AcceptedImageFormat.Jpeg, 4000, 3000) { JpegScaleDenominator = 8 };
        var mapping = new GeometryMapping(header, 200, 150);

        Assert.Equal((4000d, 3000d), mapping.ToUpload(200, 150));
        Assert.Equal((2000d, 1500d), mapping.ToUpload(100, 75));
        Assert.Equal((4000, 3000), (mapping.UploadWidth, mapping.UploadHeight));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Orient_AgreesWithImageSharpAutoOrient(int orientation)
    {
        // Arrange: one marked pixel in a stored 7x4 image.
        using var stored = new Image<Rgb24>(7, 4, new Rgb24(0, 0, 0));
        stored[5, 1] = new Rgb24(255, 255, 255);
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);

        // Act
        using var displayed = stored.Clone(context => context.AutoOrient());
        var (x, y) = GeometryMapping.Orient(orientation, 5.5, 1.5, 7, 4);
        var back = GeometryMapping.Unorient(orientation, x, y, 7, 4);

        // Assert: the marked pixel's centre is where ImageSharp put the pixel, and the inverse brings it home.
        Assert.Equal(new Rgb24(255, 255, 255), displayed[(int)Math.Floor(x), (int)Math.Floor(y)]);
        Assert.Equal((5.5, 1.5), back);
    }

    /// <summary>The served path from the file's bytes to the outline, with darkness standing in for the network.</summary>
    private static Lesion Outline(byte[] file)
    {
        var header = Preprocessor.Inspect(file);
        using var prepared = Preprocessor.Prepare(file, header);
        var pixels = prepared.Pixels.Span;
        var probabilities = new float[200 * 150];
        for (int i = 0; i < probabilities.Length; i++)
        {
            int luminance = (pixels[3 * i] + pixels[(3 * i) + 1] + pixels[(3 * i) + 2]) / 3;
            probabilities[i] = luminance < 130 ? 1f : 0f;
        }

        return LesionAnalyzer.Analyze(probabilities, pixels, 200, 150, 0.5, new GeometryMapping(header, 200, 150), "test");
    }

    private static void AssertCovers(SyntheticLesion lesion, Lesion found, double minimumIou)
    {
        Assert.True(found.Found, $"no lesion found: {found.NotFoundReason}");
        Assert.Equal((lesion.Width, lesion.Height), (found.ImageWidth, found.ImageHeight));
        var drawn = Polygon.Rasterize(found.Outline, lesion.Width, lesion.Height);
        double iou = lesion.IntersectionOverUnion(drawn);
        Assert.True(iou >= minimumIou, $"IoU {iou:F3} of the outline drawn back with the lesion (at least {minimumIou} expected)");
        Assert.InRange(found.AreaFraction, lesion.AreaFraction * 0.9, lesion.AreaFraction * 1.1);
    }
}
