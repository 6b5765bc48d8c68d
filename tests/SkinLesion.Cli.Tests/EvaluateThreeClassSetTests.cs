using SkinLesion.Cli.Commands;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>A set in ISIC 2017's three-class format that lacks one of its classes says so instead of reporting it in neither list.</summary>
public sealed class EvaluateThreeClassSetTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Evaluate_Isic2017SetWithoutKeratoses_ListsBklAbsentAndSaysWhatTheBalancedAccuracyAverages()
    {
        // Arrange: one melanoma and two nevi, no seborrhoeic keratosis.
        for (int i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(_scratch.Path, $"ISIC_000000{i}.png"), GeneratedImages.Lesion(200, 150, seed: i + 1, png: true));
        }

        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,melanoma,seborrheic_keratosis\nISIC_0000000,1.0,0.0\nISIC_0000001,0.0,0.0\nISIC_0000002,0.0,0.0\n");
        var output = Path.Combine(_scratch.Path, "out");
        var stderr = new StringWriter();

        // Act
        int exitCode = await new EvaluateCommand(new StringWriter(), stderr, interactive: false, TimeProvider.System)
            .RunAsync(["--images", _scratch.Path, "--labels", labels, "--out", output, "--bootstrap", "10"], CancellationToken.None);

        // Assert
        Assert.True(exitCode == 0, stderr.ToString());
        var report = EvaluationReport.Read(Path.Combine(output, EvaluationReport.FileName));
        Assert.Equal(["mel", "nv"], report.Dataset.ClassesPresent);
        Assert.Contains("bkl", report.Dataset.ClassesAbsent);
        Assert.Equal(ShippedModel.ClassCount, report.Dataset.ClassesPresent.Count + report.Dataset.ClassesAbsent.Count);
        Assert.Contains(report.Notes, note => note.StartsWith("This set has no bkl case, so the \"three-class\" balanced accuracy is the mean recall of the 2 classes present (mel, nv).", StringComparison.Ordinal));
    }
}
