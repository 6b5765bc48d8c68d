using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

[Collection(ShippedModelGroup.Name)]
public sealed class ConcurrencyTests(ClassifierFixture fixture)
{
    [Fact]
    public async Task ClassifyAsync_SameImageConcurrently_ReturnsIdenticalProbabilities()
    {
        // Arrange
        var png = TestImages.LesionPng(640, 480);

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => fixture.Classifier.ClassifyAsync(png))));

        // Assert
        var first = results[0].Probabilities.Select(p => p.Probability).ToArray();
        Assert.All(results, result => Assert.Equal(first, result.Probabilities.Select(p => p.Probability).ToArray()));
        Assert.All(results, result => Assert.Equal(fixture.Classifier.Manifest.Labels.Count, result.Probabilities.Count));
    }

    [Fact]
    public async Task ClassifyAsync_ValidImage_ReturnsProbabilitiesVerdictAndTimings()
    {
        // Arrange
        var manifest = fixture.Classifier.Manifest;

        // Act
        var result = await fixture.Classifier.ClassifyAsync(TestImages.LesionJpeg(800, 600));

        // Assert
        Assert.Equal(manifest.Labels.Select(l => l.Code), result.Probabilities.Select(p => p.Code));
        Assert.InRange(result.Probabilities.Sum(p => p.Probability), 0.999, 1.001);
        double malignant = result.Probabilities.Where(p => p.Malignant).Sum(p => (double)p.Probability);
        Assert.Equal(malignant, result.Verdict.MalignantProbability, 6);
        Assert.Equal(malignant >= manifest.MalignantThreshold.Value, result.Verdict.IsMalignant);
        Assert.Equal(manifest.MalignantThreshold.Value, result.Verdict.Threshold);
        Assert.Equal((AcceptedImageFormat.Jpeg, 800, 600), (result.Image.Format, result.Image.Width, result.Image.Height));
        Assert.True(result.Timings.TotalMs >= result.Timings.InferenceMs);
        Assert.True(result.Timings.InferenceMs > 0);
    }
}
