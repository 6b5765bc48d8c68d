using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>The whole command over images generated here, through the real model.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Evaluate_FolderWithFailures_ScoresTheRestAndListsEveryFailure()
    {
        // Arrange: five decodable images (PNG and JPEG, one portrait, one larger than the model size),
        // one truncated JPEG and one labelled image that is not there at all.
        var images = Path.Combine(_scratch.Path, "images");
        Directory.CreateDirectory(Path.Combine(images, "nested"));
        File.WriteAllBytes(Path.Combine(images, "a.png"), GeneratedImages.Lesion(200, 150, seed: 1, png: true));
        File.WriteAllBytes(Path.Combine(images, "b.jpg"), GeneratedImages.Lesion(400, 300, seed: 2, png: false));
        File.WriteAllBytes(Path.Combine(images, "nested", "c.png"), GeneratedImages.Lesion(150, 200, seed: 3, png: true));
        File.WriteAllBytes(Path.Combine(images, "d.jpg"), GeneratedImages.Lesion(256, 256, seed: 4, png: false));
        File.WriteAllBytes(Path.Combine(images, "e.png"), GeneratedImages.Lesion(300, 200, seed: 5, png: true));
        File.WriteAllBytes(Path.Combine(images, "broken.jpg"), GeneratedImages.Lesion(200, 150, seed: 6, png: false)[..600]);
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\nb,nv\nc,bkl\nd,nv\ne,mel\nbroken,nv\nmissing,bcc\n");
        var output = Path.Combine(_scratch.Path, "out");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = new EvaluateCommand(stdout, stderr, interactive: false, TimeProvider.System);

        // Act: no --model, so the shipped model is found next to the binaries as the web app finds it.
        int exitCode = await command.RunAsync(["--images", images, "--labels", labels, "--out", output, "--bootstrap", "100", "--parallelism", "2"], CancellationToken.None);

        // Assert
        Assert.True(exitCode == 0, stderr.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, EvaluationReport.FileName)));
        var root = report.RootElement;
        var dataset = root.GetProperty("dataset");
        Assert.Equal(7, dataset.GetProperty("labelled").GetInt32());
        Assert.Equal(5, dataset.GetProperty("evaluated").GetInt32());
        Assert.Equal(2, dataset.GetProperty("failed").GetInt32());
        Assert.True(dataset.GetProperty("external").GetBoolean());
        Assert.Equal("image-id-dx", dataset.GetProperty("labelFormat").GetString());
        Assert.Equal(["bkl", "mel", "nv"], dataset.GetProperty("classesPresent").EnumerateArray().Select(e => e.GetString()));

        var failures = root.GetProperty("failures").EnumerateArray().ToDictionary(f => f.GetProperty("imageId").GetString()!, f => f.GetProperty("reason").GetString());
        Assert.Equal("Corrupt", failures["broken"]);
        Assert.Equal("NotFound", failures["missing"]);

        var matrix = root.GetProperty("figures").GetProperty("confusionMatrix").GetProperty("rows");
        Assert.Equal(5, matrix.EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt64())));
        Assert.Equal(
            ["balancedAccuracy", "melanomaAuc", "malignantSensitivity", "malignantSpecificity", "accuracy", "macroAuc", "malignantAuc", "ece15"],
            root.GetProperty("headline").EnumerateArray().Select(h => h.GetProperty("key").GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("figures").GetProperty("perClass").GetProperty("df").GetProperty("recall").GetProperty("value").ValueKind);
        Assert.Equal(ReadManifestSha(), root.GetProperty("model").GetProperty("sha256").GetString());
        Assert.True(root.GetProperty("run").GetProperty("imagesPerSecond").GetDouble() > 0);
        Assert.Contains("evaluate --images", root.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.Contains("missing", File.ReadAllText(Path.Combine(output, ReportWriter.SummaryFile)), StringComparison.Ordinal);
        Assert.Contains("2 image(s) failed", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_SameImages_GivesTheServersProbabilities()
    {
        // Arrange: one image scored by the command and directly by a classifier built like the server's.
        var images = Path.Combine(_scratch.Path, "images");
        Directory.CreateDirectory(images);
        var bytes = GeneratedImages.Lesion(640, 480, seed: 11, png: false);
        File.WriteAllBytes(Path.Combine(images, "x.jpg"), bytes);
        File.WriteAllBytes(Path.Combine(images, "y.png"), GeneratedImages.Lesion(200, 150, seed: 12, png: true));
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\nx,nv\ny,mel\n");
        var output = Path.Combine(_scratch.Path, "out");
        var command = new EvaluateCommand(TextWriter.Null, TextWriter.Null, interactive: false, TimeProvider.System);
        using var classifier = new SkinLesionClassifier(new ModelOptions { Path = RepoLayout.ManifestPath }, new ImageOptions(), TimeProvider.System, NullLogger<SkinLesionClassifier>.Instance);
        var direct = await classifier.ClassifyAsync(bytes);

        // Act
        int exitCode = await command.RunAsync(["--images", images, "--labels", labels, "--out", output, "--model", RepoLayout.ManifestPath, "--bootstrap", "20"], CancellationToken.None);

        // Assert
        Assert.Equal(0, exitCode);
        var rows = File.ReadAllLines(Path.Combine(output, ReportWriter.PredictionsFile));
        Assert.Equal(3, rows.Length);
        var header = rows[0].Split(',');
        var x = rows.Single(r => r.StartsWith("x,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(direct.Prediction.Code, x[2]);
        Assert.Equal(direct.Probabilities.Select(p => p.Probability), x[5..12].Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));

        // The assessment columns come after the probabilities, so the earlier columns keep their positions.
        Assert.Equal(["status", "reasons", "distance_score", "distance_threshold", "texture", "texture_minimum", "early_score", "early_threshold", "head_score", "head_threshold", "chroma", "chroma_minimum"], header[12..]);
        Assert.Equal(direct.Assessment.StatusName, x[12]);
        Assert.Equal(string.Join(';', direct.Assessment.Reasons), x[13]);
        Assert.Equal(direct.Assessment.Screening.Texture, double.Parse(x[16], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(direct.Assessment.Screening.Chroma, double.Parse(x[22], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(direct.Assessment.Screening.ChromaMinimum, double.Parse(x[23], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Evaluate_ArchiveWithHeaderlessIsic2016Labels_ReportsMelanomaFigures()
    {
        // Arrange: a .tar.gz laid out like the ISIC archives (images/ISIC_x.jpg) plus a macOS "._" file.
        var archive = Path.Combine(_scratch.Path, "images.tar.gz");
        await using (var file = File.Create(archive))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip))
        {
            for (int i = 0; i < 6; i++)
            {
                await WriteEntryAsync(tar, $"images/ISIC_000000{i}.jpg", GeneratedImages.Lesion(256, 256, seed: 20 + i, png: false));
            }

            await WriteEntryAsync(tar, "images/._ISIC_0000000.jpg", [0, 5, 22, 7]);
        }

        var labels = Path.Combine(_scratch.Path, "truth.csv");
        File.WriteAllText(labels, "ISIC_0000000,0.0\nISIC_0000001,1.0\nISIC_0000002,0.0\nISIC_0000003,1.0\nISIC_0000004,0.0\nISIC_0000005,0.0\n");
        var output = Path.Combine(_scratch.Path, "out");
        var stdout = new StringWriter();
        var command = new EvaluateCommand(stdout, TextWriter.Null, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", archive, "--labels", labels, "--out", output, "--name", "tiny-2016", "--bootstrap", "50"], CancellationToken.None);

        // Assert
        Assert.Equal(0, exitCode);
        var report = EvaluationReport.Read(Path.Combine(output, EvaluationReport.FileName));
        Assert.Equal("isic2016-melanoma", report.Dataset.Task);
        Assert.Equal(6, report.Dataset.Evaluated);
        Assert.Empty(report.Failures);
        Assert.Equal("image", report.Bootstrap.ResampledBy);
        Assert.Equal(["melanomaAuc", "malignantSensitivity", "malignantSpecificity", "malignantAuc"], report.Headline.Select(h => h.Key));
        Assert.Equal(["benign", "malignant"], report.Figures!.ConfusionMatrix.Labels);
        Assert.Equal(6, report.Subsets!["accepted"].Images + report.Assessment!.Counts.Rejected);
        Assert.Contains("melanomaAuc", report.Rates.Keys);
        Assert.Null(report.TrainingReference);
        Assert.Contains("6/6 images (100%)", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_Isic2018OneHotLabels_ReportsSevenClassFiguresByImage()
    {
        // Arrange: ISIC 2018 task 3 ground truth (no lesion ids) over three generated JPEGs.
        var images = Path.Combine(_scratch.Path, "ISIC2018_Task3_Test_Input");
        Directory.CreateDirectory(images);
        for (int i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(images, $"ISIC_003452{i}.jpg"), GeneratedImages.Lesion(600, 450, seed: 30 + i, png: false));
        }

        var labels = Path.Combine(_scratch.Path, "ISIC2018_Task3_Test_GroundTruth.csv");
        File.WriteAllText(labels, "image,MEL,NV,BCC,AKIEC,BKL,DF,VASC\nISIC_0034520,1.0,0.0,0.0,0.0,0.0,0.0,0.0\nISIC_0034521,0.0,1.0,0.0,0.0,0.0,0.0,0.0\nISIC_0034522,0.0,0.0,1.0,0.0,0.0,0.0,0.0\n");
        var output = Path.Combine(_scratch.Path, "out");
        var command = new EvaluateCommand(TextWriter.Null, TextWriter.Null, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", images, "--labels", labels, "--out", output, "--bootstrap", "30", "--parallelism", "1"], CancellationToken.None);

        // Assert
        Assert.Equal(0, exitCode);
        var report = EvaluationReport.Read(Path.Combine(output, EvaluationReport.FileName));
        Assert.Equal("isic2018-task3", report.Dataset.LabelFormat);
        Assert.Equal("seven-class", report.Dataset.Task);
        Assert.Equal(["bcc", "mel", "nv"], report.Dataset.ClassesPresent);
        Assert.Equal("image", report.Bootstrap.ResampledBy);
        Assert.Equal(3, report.Figures!.PerClass!.Values.Sum(c => c.Support));
        Assert.Equal(3, report.Figures.Reliability!.Sum(b => b.Count));
        Assert.Equal(new Dictionary<string, int> { ["600x450"] = 3 }, report.Dataset.ImageSizes);
        Assert.Contains(report.Notes, n => n.Contains("3 of 3 images are not 200x150", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evaluate_BadLabels_FailsWithExitCodeOneAndTheReason()
    {
        // Arrange
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "name,diagnosis\na,mel\n");
        var stderr = new StringWriter();
        var command = new EvaluateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", _scratch.Path, "--labels", labels, "--out", Path.Combine(_scratch.Path, "out")], CancellationToken.None);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("unrecognised header 'name,diagnosis'", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_scratch.Path, "out")));
    }

    [Fact]
    public async Task Evaluate_OutputFolderThatCannotBeMade_FailsWithExitCodeOneBeforeAnyImageIsScored()
    {
        // Arrange: --out names a folder inside a file, which no run can write; it used to fail after scoring everything.
        File.WriteAllBytes(Path.Combine(_scratch.Path, "a.png"), GeneratedImages.Lesion(200, 150, seed: 1, png: true));
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\n");
        var notAFolder = Path.Combine(_scratch.Path, "report.txt");
        File.WriteAllText(notAFolder, "a file");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = new EvaluateCommand(stdout, stderr, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", _scratch.Path, "--labels", labels, "--out", Path.Combine(notAFolder, "out")], CancellationToken.None);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: ", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("img/s", stdout.ToString(), StringComparison.Ordinal); // no progress: nothing was scored
        Assert.False(File.Exists(Path.Combine(notAFolder, "out", EvaluationReport.FileName)));
    }

    [Fact]
    public async Task Evaluate_UnknownOption_FailsWithExitCodeTwo()
    {
        // Arrange
        var stderr = new StringWriter();
        var command = new EvaluateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", "a", "--labels", "b", "--out", "c", "--fast"], CancellationToken.None);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown option '--fast'", stderr.ToString(), StringComparison.Ordinal);
    }

    internal static async Task WriteEntryAsync(TarWriter tar, string name, byte[] data)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) };
        await tar.WriteEntryAsync(entry);
    }

    private static string ReadManifestSha()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(RepoLayout.ManifestPath));
        return manifest.RootElement.GetProperty("sha256").GetString()!;
    }
}
