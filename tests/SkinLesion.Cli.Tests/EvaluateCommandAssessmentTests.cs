using System.Text.Json.Nodes;
using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>The command's assessment of every image (classified, uncertain, rejected): negative sets and the figures on accepted images.</summary>
public sealed class EvaluateCommandAssessmentTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Evaluate_NegativeSet_ReportsRejectionsPerGroupWithoutClassificationFigures()
    {
        // Arrange
        var (images, labels) = WriteNegativeSet();
        var output = Path.Combine(_scratch.Path, "out");
        var stdout = new StringWriter();
        var command = new EvaluateCommand(stdout, TextWriter.Null, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", images, "--labels", labels, "--out", output, "--bootstrap", "50", "--parallelism", "2"], CancellationToken.None);

        // Assert
        Assert.Equal(0, exitCode);
        var report = EvaluationReport.Read(Path.Combine(output, EvaluationReport.FileName));
        Assert.Equal(1, report.SchemaVersion);
        Assert.Equal(EvaluationReport.OperatingPointMinorVersion, report.SchemaMinorVersion);
        Assert.Equal("negative", report.Dataset.Task);
        Assert.Equal("negative-groups", report.Dataset.LabelFormat);
        Assert.Equal("negatives", report.Dataset.Name);
        Assert.Equal(5, report.Dataset.Evaluated);
        Assert.Null(report.Figures);
        Assert.Null(report.Subsets);
        Assert.Null(report.TrainingReference);
        Assert.Equal(["rejectedRate"], report.Headline.Select(h => h.Key));

        var assessment = report.Assessment!;
        Assert.Equal("group", assessment.GroupedBy);
        Assert.Equal(["lesionlike", "solid"], assessment.Groups.Select(g => g.Name));
        var solid = assessment.Groups.Single(g => g.Name == "solid");
        Assert.Equal(3, solid.Counts.Rejected);
        Assert.Equal(3, solid.Reasons["featureless-image"]);
        Assert.Equal(1.0, solid.Rates["rejected"]);
        Assert.Equal(5, assessment.Counts.Classified + assessment.Counts.Uncertain + assessment.Counts.Rejected);
        Assert.Equal(report.Headline[0].Value, assessment.Rates["rejected"].Value);
        Assert.Equal(Math.Round(assessment.Counts.Rejected / 5.0, 4), assessment.Rates["rejected"].Value);

        // predictions.csv: the group as label, and each image's status and reasons.
        var rows = File.ReadAllLines(Path.Combine(output, ReportWriter.PredictionsFile)).Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[0]);
        Assert.Equal("solid", rows["solid-002"][1]);
        Assert.Equal("rejected", rows["solid-002"][12]);
        Assert.Equal("featureless-image", rows["solid-002"][13]);
        Assert.Equal("lesionlike", rows["lesionlike-001"][1]);

        var summary = File.ReadAllText(Path.Combine(output, ReportWriter.SummaryFile));
        Assert.Contains("## Rejected images per group", summary, StringComparison.Ordinal);
        Assert.Contains("| solid | 3 | 0 | 0 | 3 | 100.0% | 0.0% | 3 |", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Confusion matrix", summary, StringComparison.Ordinal);
        Assert.Contains("solid           3 of    3 rejected (100.0%)", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_ManifestWithUncertaintyBand_ReportsUncertainImagesAndFiguresOnAcceptedOnes()
    {
        // Arrange: all generated lesions are uncertain; one solid image is rejected as featureless and must not count in
        // the accepted figures.
        var manifestPath = WriteModelWithBandCoveringEveryImage();
        var images = Path.Combine(_scratch.Path, "images");
        Directory.CreateDirectory(images);
        string[] dx = ["mel", "nv", "bkl", "nv", "mel", "nv"];
        for (int i = 0; i < dx.Length; i++)
        {
            File.WriteAllBytes(Path.Combine(images, $"l{i}.png"), GeneratedImages.Lesion(200, 150, seed: 50 + i, png: true));
        }

        File.WriteAllBytes(Path.Combine(images, "flat.png"), GeneratedImages.Solid(200, 150, 128, 128, 128));
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\n" + string.Concat(dx.Select((d, i) => $"l{i},{d}\n")) + "flat,nv\n");
        var output = Path.Combine(_scratch.Path, "out");
        var command = new EvaluateCommand(TextWriter.Null, TextWriter.Null, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", images, "--labels", labels, "--out", output, "--model", manifestPath, "--bootstrap", "40"], CancellationToken.None);

        // Assert
        Assert.Equal(0, exitCode);
        var report = EvaluationReport.Read(Path.Combine(output, EvaluationReport.FileName));
        var assessment = report.Assessment!;
        Assert.Equal(new StatusCounts(0, 6, 1, 6), assessment.Counts);
        Assert.Equal(6, assessment.Reasons["borderline-malignancy"]);
        Assert.Equal(1, assessment.Reasons["featureless-image"]);
        Assert.Equal(0.8571, assessment.Rates["accepted"].Value);
        Assert.Equal(new UncertaintyInfo(0.0, BandStart, 1.0), assessment.Screening.Uncertainty);
        Assert.Null(assessment.Screening.OutOfDistribution);
        Assert.Equal("label", assessment.GroupedBy);

        // All-images figures still count the rejected image; the accepted ones leave it out.
        var subsets = report.Subsets!;
        Assert.Equal(7, report.Figures!.ConfusionMatrix.Rows.Sum(r => r.Sum()));
        Assert.Equal(6, subsets["accepted"].Images);
        Assert.Equal(6, subsets["accepted"].ConfusionMatrix!.Rows.Sum(r => r.Sum()));
        Assert.Equal(0, subsets["classified"].Images);
        Assert.Equal(6, subsets["uncertain"].Images);

        // The accepted accuracy is the share of right names among the predictions.csv rows not rejected.
        var rows = File.ReadAllLines(Path.Combine(output, ReportWriter.PredictionsFile)).Skip(1).Select(r => r.Split(',')).ToList();
        var accepted = rows.Where(r => r[12] != "rejected").ToList();
        Assert.Equal(6, accepted.Count);
        Assert.All(accepted, r => Assert.Equal("uncertain", r[12]));
        Assert.Equal(Math.Round(accepted.Count(r => r[1] == r[2]) / 6.0, 4), subsets["accepted"].Rates["accuracy"].Value);
        Assert.Equal("featureless-image", rows.Single(r => r[0] == "flat")[13]);

        var summary = File.ReadAllText(Path.Combine(output, ReportWriter.SummaryFile));
        Assert.Contains("## Classified, uncertain and rejected images", summary, StringComparison.Ordinal);
        Assert.Contains("| figure | all (7) | accepted (6) | classified (0) | uncertain (6) |", summary, StringComparison.Ordinal);
    }

    /// <summary>
    /// training/negatives.py's layout: &lt;group&gt;-&lt;nnn&gt; files and labels.csv (image_id,group,source) in one folder.
    /// Solid colours have no texture, so the texture floor rejects them with or without the out-of-distribution artifact.
    /// </summary>
    private (string Images, string Labels) WriteNegativeSet()
    {
        var images = Path.Combine(_scratch.Path, "negatives");
        Directory.CreateDirectory(images);
        File.WriteAllBytes(Path.Combine(images, "solid-001.png"), GeneratedImages.Solid(640, 480, 241, 194, 167));
        File.WriteAllBytes(Path.Combine(images, "solid-002.png"), GeneratedImages.Solid(200, 150, 0, 0, 0));
        using (var green = GeneratedImages.SolidImage(300, 300, 30, 200, 40))
        {
            File.WriteAllBytes(Path.Combine(images, "solid-003.jpg"), TestImages.Jpeg(green));
        }

        File.WriteAllBytes(Path.Combine(images, "lesionlike-001.png"), GeneratedImages.Lesion(320, 240, seed: 40, png: true));
        File.WriteAllBytes(Path.Combine(images, "lesionlike-002.jpg"), GeneratedImages.Lesion(640, 480, seed: 41, png: false));
        var labels = Path.Combine(images, "labels.csv");
        File.WriteAllText(labels, "image_id,group,source\nlesionlike-001,lesionlike,\"generated, blob\"\nlesionlike-002,lesionlike,generated\nsolid-001,solid,\"solid skin rgb(241,194,167)\"\nsolid-002,solid,solid black\nsolid-003,solid,solid green\n");
        return (images, labels);
    }

    /// <summary>A malignant probability below any image's: every image's mass of three classes is far above it.</summary>
    private const double BandStart = 1e-6;

    /// <summary>
    /// A copy of the shipped model whose uncertainty band covers every malignant probability ([1e-6, 1)), and without the
    /// out-of-distribution artifact, so every image with texture is accepted and uncertain; returns the manifest's path.
    /// </summary>
    private string WriteModelWithBandCoveringEveryImage()
    {
        var model = Path.Combine(_scratch.Path, "model");
        Directory.CreateDirectory(model);
        var manifest = JsonNode.Parse(File.ReadAllText(RepoLayout.ManifestPath))!.AsObject();
        foreach (var file in ShippedModel.Files.Where(file => file.EndsWith(".onnx", StringComparison.Ordinal)))
        {
            File.Copy(Path.Combine(RepoLayout.ModelsDirectory, file), Path.Combine(model, file));
        }

        manifest.Remove("outOfDistribution");
        // The band starts at the threshold, as the manifest's rule requires; so the threshold moves down with it.
        manifest["malignantThreshold"]!["value"] = BandStart;
        manifest["uncertainty"] = new JsonObject { ["minTopProbability"] = 0.0, ["borderlineFrom"] = BandStart, ["borderlineTo"] = 1.0 };
        var manifestPath = Path.Combine(model, "manifest.json");
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return manifestPath;
    }
}
