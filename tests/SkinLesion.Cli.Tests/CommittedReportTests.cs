using System.Text.Json;
using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>The reports under models/evaluation/ are what the command produces, not hand-edited numbers.</summary>
public sealed class CommittedReportTests
{
    private static string EvaluationDirectory => Path.Combine(RepoLayout.ModelsDirectory, "evaluation");

    /// <summary>A report.json of the evaluate command: the clinical-data study's (the manifest's clinical.report) is another kind.</summary>
    private static bool IsEvaluationReport(string path) =>
        File.Exists(path) && Path.GetFullPath(path) != ShippedModel.ClinicalStudyReportPath;

    [Fact]
    public void HamTestReport_AgreesWithTrainingsFiguresToFourDecimals()
    {
        // Arrange
        var report = EvaluationReport.Read(Path.Combine(EvaluationDirectory, "ham10000-test", EvaluationReport.FileName));

        // Act
        var reference = report.TrainingReference;

        // Assert: 200x150 JPEGs need no resize, so the served pipeline reproduces training's figures.
        Assert.NotNull(reference);
        Assert.Equal("skin-lesion-mobilenetv2.json metrics.test", reference.Source);
        Assert.True(reference.IdenticalToFourDecimals, string.Join("; ", reference.Metrics.Select(m => $"{m.Metric} {m.Difference}")));
        Assert.Equal(7, reference.Metrics.Count);
        Assert.Equal(TrainingTestImages(), report.Dataset.Evaluated);
        Assert.Empty(report.Failures);
        Assert.False(report.Dataset.External);
        Assert.Equal("lesion_id", report.Bootstrap.ResampledBy);
    }

    [Fact]
    public void CommittedReports_CarryTheAssessmentAndItsSubsets()
    {
        // Arrange
        var reports = Directory.EnumerateFiles(EvaluationDirectory, EvaluationReport.FileName, SearchOption.AllDirectories)
            .Where(IsEvaluationReport)
            .Select(EvaluationReport.Read)
            .ToList();

        // Assert: every report is schema 1.1 or later (1.2 adds the operating point, 1.3 a segmentation section, which only
        // a 1.3 report has); counts add up; accepted figures are over the accepted images.
        Assert.Contains(reports, r => r.Dataset.Task == "negative");
        Assert.All(reports, report =>
        {
            Assert.InRange(report.SchemaMinorVersion, 1, EvaluationReport.CurrentMinorVersion);
            Assert.Equal(report.Segmentation is not null, report.SchemaMinorVersion == EvaluationReport.SegmentationMinorVersion);
            var a = report.Assessment;
            Assert.NotNull(a);
            Assert.Equal(report.Dataset.Evaluated, a.Images);
            Assert.Equal(a.Images, a.Counts.Classified + a.Counts.Uncertain + a.Counts.Rejected);
            Assert.Equal(a.Images, a.Groups.Sum(g => g.Images));
            if (report.Dataset.Task == "negative")
            {
                Assert.Null(report.Subsets);
                Assert.Equal("group", a.GroupedBy);
            }
            else
            {
                Assert.Equal(a.Counts.Accepted, report.Subsets!["accepted"].Images);
                Assert.Equal(a.Counts.Classified, report.Subsets["classified"].Images);
                Assert.Equal(a.Counts.Uncertain, report.Subsets["uncertain"].Images);
            }
        });
    }

    [Fact]
    public void CommittedReports_AreWhatTheContractWritesAndTheirSummariesWhatTheReportsSay()
    {
        // Arrange
        var folders = Directory.EnumerateDirectories(EvaluationDirectory).Where(folder => IsEvaluationReport(Path.Combine(folder, EvaluationReport.FileName))).ToList();

        // Assert: report.json survives a read and a write byte for byte, and README.md is the summary of it.
        Assert.Contains(folders, folder => Path.GetFileName(folder) == "negatives");
        Assert.All(folders, folder =>
        {
            var json = File.ReadAllText(Path.Combine(folder, EvaluationReport.FileName));
            var report = EvaluationReport.FromJson(json);
            Assert.Equal(json, report.ToJson());
            Assert.Equal(File.ReadAllText(Path.Combine(folder, ReportWriter.SummaryFile)), SummaryMarkdown.Write(report));
        });
    }

    // The two smaller external sets keep the re-run to seconds on a 2-core CI machine.
    [SharedIsicDataTheory("isic2017-validation", "isic2016-test")]
    [InlineData("isic2017-validation")]
    [InlineData("isic2016-test")]
    public async Task ExternalReport_MatchesAReRunOfItsCommand(string dataset)
    {
        // Arrange: the committed report's own arguments, paths taken from the repository root.
        var committed = EvaluationReport.Read(Path.Combine(EvaluationDirectory, dataset, EvaluationReport.FileName));
        var output = Path.Combine(Path.GetTempPath(), $"skinlesion-rerun-{Guid.NewGuid():N}");
        var args = Rebase(committed.Arguments, output);
        var command = new EvaluateCommand(TextWriter.Null, TextWriter.Null, interactive: false, TimeProvider.System);

        try
        {
            // Act
            int exitCode = await command.RunAsync(args, CancellationToken.None);

            // Assert
            Assert.Equal(0, exitCode);
            var rerun = EvaluationReport.Read(Path.Combine(output, EvaluationReport.FileName));
            Assert.Equal(committed.Rates, rerun.Rates, new EstimateDictionaryComparer());
            Assert.Equal(committed.Headline.Select(h => (h.Key, h.Value)), rerun.Headline.Select(h => (h.Key, h.Value)));
            Assert.Equal(committed.Figures!.ConfusionMatrix.Rows.SelectMany(r => r), rerun.Figures!.ConfusionMatrix.Rows.SelectMany(r => r));
            Assert.Equal(committed.Dataset.Evaluated, rerun.Dataset.Evaluated);
            Assert.Equal(committed.Failures.Count, rerun.Failures.Count);

            // Without a site profile the re-run is at the shipped operating point, so no committed figure moves.
            Assert.Equal((OperatingPoint.ShippedKind, committed.Model.MalignantThreshold), (rerun.OperatingPoint!.Kind, rerun.OperatingPoint.Threshold));

            // The assessment follows the manifest's screening and uncertainty sections: a re-run agrees image for image.
            Assert.Equal(committed.Assessment!.Counts, rerun.Assessment!.Counts);
            Assert.Equal(committed.Assessment.Reasons, rerun.Assessment.Reasons);
            Assert.Equal(committed.Assessment.Screening, rerun.Assessment.Screening);
            foreach (var (key, subset) in committed.Subsets!)
            {
                Assert.Equal(subset.Rates, rerun.Subsets![key].Rates, new EstimateDictionaryComparer());
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>How many images training tested on (the manifest's metrics.test.images).</summary>
    private static double? TrainingTestImages()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(RepoLayout.ManifestPath));
        return TrainingMetrics.Figure(TrainingMetrics.Section(manifest.RootElement.GetProperty("metrics"), "test"), "images")?.Value;
    }

    private static string[] Rebase(IReadOnlyList<string> arguments, string output)
    {
        var args = arguments.ToArray();
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] is "--images" or "--labels" or "--split-file" or "--model")
            {
                args[i + 1] = Path.GetFullPath(Path.Combine(RepoLayout.Root, args[i + 1]));
            }
            else if (args[i] == "--out")
            {
                args[i + 1] = output;
            }
        }

        return args;
    }

    private sealed class EstimateDictionaryComparer : IEqualityComparer<IReadOnlyDictionary<string, Estimate>>
    {
        public bool Equals(IReadOnlyDictionary<string, Estimate>? x, IReadOnlyDictionary<string, Estimate>? y) =>
            x is not null && y is not null && x.Count == y.Count && x.All(pair =>
                y.TryGetValue(pair.Key, out var other)
                && pair.Value.Value == other.Value
                && (pair.Value.Ci95 ?? []).SequenceEqual(other.Ci95 ?? []));

        public int GetHashCode(IReadOnlyDictionary<string, Estimate> obj) => obj.Count;
    }
}
