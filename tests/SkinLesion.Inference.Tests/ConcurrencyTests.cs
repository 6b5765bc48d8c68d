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

    [Fact]
    public async Task ClassifyAsync_SeveralIntraOpThreads_GivesTheOneThreadAnswer()
    {
        // Arrange: the service splits a lone request's run over several threads (ADR 0045); the parity test and the
        // evaluations use one, so both must give the same answer. Four threads, so that the run is split on any machine.
        using var parallel = ClassifierFixture.Create(RepoLayout.ManifestPath, intraOpThreads: 4);
        await parallel.SplitRunsReady;
        Assert.True(parallel.SplitsLoneRuns);
        Assert.False(fixture.Classifier.SplitsLoneRuns);
        var images = new[] { TestImages.LesionJpeg(800, 600), TestImages.LesionPng(640, 480), TestImages.LesionJpeg(200, 150) };

        foreach (var image in images)
        {
            // Act
            var single = await fixture.Classifier.ClassifyAsync(image);
            var split = await parallel.ClassifyAsync(image);

            // Assert
            var expected = single.Probabilities.Select(p => (double)p.Probability).ToArray();
            var actual = split.Probabilities.Select(p => (double)p.Probability).ToArray();
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First, pair.Second, 1e-5));
            Assert.Equal(single.Assessment.Status, split.Assessment.Status);
            Assert.Equal(single.Verdict.IsMalignant, split.Verdict.IsMalignant);
        }
    }
}
