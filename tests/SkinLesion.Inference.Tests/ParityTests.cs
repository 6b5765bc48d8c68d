using System.Globalization;
using System.Text;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The C# pipeline must reproduce the Python/ONNX reference: same probabilities (within 0.01) and the
/// same decision-rule class for the 64 reference images, and stable answers for upscaled copies.
/// </summary>
[Collection(ShippedModelGroup.Name)]
public sealed class ParityTests(ClassifierFixture fixture, ITestOutputHelper output)
{
    private const double Tolerance = 0.01;
    private const double RequiredUpscaleAgreement = 0.95;
    private const int UpscaleImageCount = 200;

    private readonly SkinLesionClassifier _classifier = fixture.Classifier;

    [SharedDataFact]
    public async Task ReferenceImages_MatchPythonProbabilitiesAndTopClass()
    {
        // Arrange
        Assert.True(_classifier.JpegDecoder.StartsWith("libjpeg-turbo", StringComparison.Ordinal),
            $"JPEGs are decoded by {_classifier.JpegDecoder}; parity with Pillow needs libjpeg-turbo (Debian: apt-get install libturbojpeg0; Ubuntu: libturbojpeg), see docs/decisions/0004-jpeg-decoder.md");
        var reference = JsonSerializer.Deserialize<ReferencePredictions>(File.ReadAllText(RepoLayout.ReferencePredictionsPath), JsonSerializerOptions.Web)!;
        Assert.True(string.Equals(reference.Sha256, _classifier.Model.Sha256, StringComparison.OrdinalIgnoreCase),
            $"reference-predictions.json was made for model {reference.Sha256}, but models/ holds {_classifier.Model.Sha256}");
        Assert.Equal(_classifier.Manifest.Labels.Select(label => label.Code), reference.Labels);
        var images = HamArchive.Read(reference.Images.Select(image => image.ImageId));
        Assert.Equal(reference.Images.Count, images.Count);

        // Act
        var report = new StringBuilder();
        double worst = 0;
        string worstImage = string.Empty;
        var topClassMismatches = new List<string>();
        foreach (var expected in reference.Images)
        {
            var result = await _classifier.ClassifyAsync(images[expected.ImageId]);
            var actual = result.Probabilities.Select(p => (double)p.Probability).ToArray();
            double difference = actual.Zip(expected.Probabilities, (a, e) => Math.Abs(a - e)).Max();
            if (difference > worst)
            {
                worst = difference;
                worstImage = expected.ImageId;
            }

            var expectedTop = _classifier.BuildResult(result.Image, expected.Probabilities.Select(p => (float)p).ToArray(), result.Timings, result.Assessment.Screening).Prediction.Code;
            if (expectedTop != result.Prediction.Code)
            {
                topClassMismatches.Add($"{expected.ImageId}: python {expectedTop}, c# {result.Prediction.Code}");
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"{expected.ImageId} maxdiff={difference:F6} top={result.Prediction.Code} ref_top={expectedTop}");
        }

        string summary = string.Create(CultureInfo.InvariantCulture,
            $"Parity over {reference.Images.Count} reference images: worst |p_c# - p_python| = {worst:F6} ({worstImage}); top-class mismatches: {topClassMismatches.Count}");
        output.WriteLine(summary);
        File.WriteAllText(Path.Combine(RepoLayout.TestResultsDirectory, "parity.txt"), summary + Environment.NewLine + report);

        // Assert
        Assert.True(worst <= Tolerance, summary);
        Assert.True(topClassMismatches.Count == 0, summary + Environment.NewLine + string.Join(Environment.NewLine, topClassMismatches));
    }

    [SharedDataFact]
    public async Task UpscaledValidationImages_KeepTheirTopClass()
    {
        // Arrange
        var rows = HamArchive.ValidationRows(UpscaleImageCount);
        Assert.Equal(UpscaleImageCount, rows.Count);
        var images = HamArchive.Read(rows.Select(row => row.ImageId));
        Assert.Equal(rows.Count, images.Count);

        // Act: upscaling and encoding are CPU-heavy, so images run in parallel batches (one per core).
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(string Id, string Original, string Png800, string Jpeg1600)>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (row, cancellationToken) =>
        {
            var original = images[row.ImageId];
            var (png800, jpeg1600) = Upscale(original);
            var a = await _classifier.ClassifyAsync(original, cancellationToken);
            var b = await _classifier.ClassifyAsync(png800, cancellationToken);
            var c = await _classifier.ClassifyAsync(jpeg1600, cancellationToken);
            outcomes.Add((row.ImageId, a.Prediction.Code, b.Prediction.Code, c.Prediction.Code));
        });

        // Assert
        double agreement800 = outcomes.Count(o => o.Png800 == o.Original) / (double)outcomes.Count;
        double agreement1600 = outcomes.Count(o => o.Jpeg1600 == o.Original) / (double)outcomes.Count;
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"Top-class agreement with the 200x150 original over {outcomes.Count} validation images: 800x600 PNG {agreement800:P1}, 1600x1200 JPEG q95 {agreement1600:P1}");
        output.WriteLine(summary);
        File.WriteAllText(Path.Combine(RepoLayout.TestResultsDirectory, "upscale-agreement.txt"),
            summary + Environment.NewLine + string.Join(Environment.NewLine, outcomes.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => $"{o.Id} {o.Original} {o.Png800} {o.Jpeg1600}")));
        Assert.True(agreement800 >= RequiredUpscaleAgreement, summary);
        Assert.True(agreement1600 >= RequiredUpscaleAgreement, summary);
    }

    private static (byte[] Png800, byte[] Jpeg1600) Upscale(byte[] jpeg)
    {
        using var original = Image.Load<Rgb24>(jpeg);
        using var medium = original.Clone(context => context.Resize(800, 600, KnownResamplers.Bicubic));
        using var large = original.Clone(context => context.Resize(1600, 1200, KnownResamplers.Bicubic));
        return (TestImages.Png(medium), TestImages.Jpeg(large, quality: 95));
    }

    private sealed record ReferencePredictions(string Model, string Sha256, string Source, IReadOnlyList<string> Labels, IReadOnlyList<ReferenceImage> Images);

    private sealed record ReferenceImage(string ImageId, string Dx, IReadOnlyList<double> Probabilities);
}
