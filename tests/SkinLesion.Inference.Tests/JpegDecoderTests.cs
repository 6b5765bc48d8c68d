using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

[Collection(ShippedModelGroup.Name)]
public sealed class JpegDecoderTests(ClassifierFixture fixture)
{
    [Fact]
    public async Task ImageSharpDecoderOption_ClassifiesJpegCloseToLibJpegTurbo()
    {
        // Arrange
        using var managed = ClassifierFixture.Create(RepoLayout.ManifestPath, new ImageOptions { JpegDecoder = JpegDecoderChoice.ImageSharp });
        var jpeg = TestImages.LesionJpeg(640, 480);

        // Act
        var viaManaged = await managed.ClassifyAsync(jpeg);
        var viaDefault = await fixture.Classifier.ClassifyAsync(jpeg);

        // Assert: both decoders work; they differ by rounding only.
        Assert.Equal("ImageSharp", managed.JpegDecoder);
        var differences = viaManaged.Probabilities.Zip(viaDefault.Probabilities, (a, b) => Math.Abs(a.Probability - b.Probability));
        Assert.All(differences, difference => Assert.True(difference < 0.05, $"difference {difference}"));
    }

    [Fact]
    public async Task PngAndJpegOfTheSamePixels_GiveNearlyTheSameProbabilities()
    {
        // Arrange
        using var image = TestImages.Lesion(200, 150);
        var png = TestImages.Png(image);
        var jpeg = TestImages.Jpeg(image, quality: 100);

        // Act
        var fromPng = await fixture.Classifier.ClassifyAsync(png);
        var fromJpeg = await fixture.Classifier.ClassifyAsync(jpeg);

        // Assert
        var differences = fromPng.Probabilities.Zip(fromJpeg.Probabilities, (a, b) => Math.Abs(a.Probability - b.Probability));
        Assert.All(differences, difference => Assert.True(difference < 0.05, $"difference {difference}"));
    }
}
