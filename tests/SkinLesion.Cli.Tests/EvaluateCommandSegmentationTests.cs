using System.Globalization;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>
/// evaluate --segment --masks: the served outline against reference masks, through the real models. The images are
/// synthetic lesions whose masks are the ellipses they were drawn from, so the figures have known answers.
/// </summary>
public sealed class EvaluateCommandSegmentationTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [SegmentationFact]
    public async Task Evaluate_Segment_ComparesTheOutlinesWithTheMasksAndWritesEveryFigure()
    {
        // Arrange: four lesions of two sizes, labelled so both classes are present; masks named as HAM10000's.
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "images")).FullName;
        var masks = Directory.CreateDirectory(Path.Combine(_scratch.Path, "masks")).FullName;
        var cases = new[] { ("a", "nv", 0.30, 0.22, 10), ("b", "mel", 0.34, 0.2, -30), ("c", "nv", 0.28, 0.25, 45), ("d", "bcc", 0.33, 0.21, 80) };
        foreach (var (id, _, rx, ry, degrees) in cases)
        {
            using var lesion = SyntheticLesion.Ellipse(400, 300, 0.5, 0.5, rx, ry, degrees, seed: id[0]);
            File.WriteAllBytes(Path.Combine(images, id + ".jpg"), lesion.Jpeg());
            using var mask = new Image<L8>(400, 300);
            for (int i = 0; i < lesion.Truth.Length; i++)
            {
                mask[i % 400, i / 400] = new L8(lesion.Truth[i] ? (byte)255 : (byte)0);
            }

            mask.SaveAsPng(Path.Combine(masks, id + "_segmentation.png"));
        }

        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\n" + string.Join("\n", cases.Select(c => $"{c.Item1},{c.Item2}")) + "\n");
        var output = Path.Combine(_scratch.Path, "out");
        var stdout = new StringWriter();
        var command = new EvaluateCommand(stdout, TextWriter.Null, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", images, "--labels", labels, "--out", output, "--bootstrap", "50", "--segment", "--masks", masks], CancellationToken.None);

        // Assert
        Assert.Equal(0, exitCode);
        var report = EvaluationReport.Read(Path.Combine(output, ReportWriter.ReportFile));
        Assert.Equal(EvaluationReport.SegmentationMinorVersion, report.SchemaMinorVersion);
        var segmentation = report.Segmentation!;
        Assert.Equal(4, segmentation.Images);
        Assert.Equal(4, segmentation.Outlined);
        Assert.Equal(0, segmentation.MissingMasks);
        Assert.InRange(segmentation.Dice.Value!.Value, 0.9, 1.0);
        Assert.InRange(segmentation.Jaccard.Value!.Value, 0.82, segmentation.Dice.Value.Value);
        Assert.Equal(["asymmetry", "asymmetryMajorAxis", "asymmetryMinorAxis", "borderIrregularity", "colourCount", "greatestDiameter"], segmentation.Measures.Select(m => m.Key));
        Assert.All(segmentation.Measures, measure => Assert.Equal((4, 2), (measure.Images, measure.Malignant)));
        Assert.Equal(ShippedModel.SegmentationFile, segmentation.Model.File);
        Assert.NotNull(segmentation.TrainingReference);

        var rows = File.ReadAllLines(Path.Combine(output, SegmentationCsv.FileName));
        Assert.Equal(5, rows.Length);
        Assert.StartsWith("image_id,label,malignant,status,outlined,reason,border_contact,dice,jaccard", rows[0], StringComparison.Ordinal);
        var dice = rows.Skip(1).Select(row => double.Parse(row.Split(',')[7], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(segmentation.Dice.Value.Value, dice.Average(), 3);
        var summary = File.ReadAllText(Path.Combine(output, ReportWriter.SummaryFile));
        Assert.Contains("## Lesion outline against the reference masks", summary, StringComparison.Ordinal);
        Assert.Contains("mean Dice", stdout.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, ReportWriter.ReportFile)));
        var notOutlined = json.RootElement.GetProperty("segmentation").GetProperty("notOutlined");
        Assert.Equal(["empty-mask", "mask-touches-border", "rejected"], notOutlined.EnumerateObject().Select(p => p.Name));
        Assert.All(notOutlined.EnumerateObject(), p => Assert.Equal(0, p.Value.GetInt32()));
    }

    [SegmentationFact]
    public async Task Evaluate_SegmentWithMasksMissing_FailsBeforeScoringWithExitCodeOne()
    {
        // Arrange
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,nv\n");
        var stderr = new StringWriter();
        var command = new EvaluateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System);
        var missing = Path.Combine(_scratch.Path, "no-masks.tar.gz");

        // Act
        int exitCode = await command.RunAsync(["--images", _scratch.Path, "--labels", labels, "--out", Path.Combine(_scratch.Path, "out"), "--segment", "--masks", missing], CancellationToken.None);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains($"Masks '{missing}' does not exist", stderr.ToString(), StringComparison.Ordinal);
    }

    [SegmentationTheory]
    [InlineData("photograph", "is not a black-and-white mask: ")]
    [InlineData("damaged", "cannot be read as a PNG or JPEG")]
    [InlineData("text", "is neither a PNG nor a JPEG.")]
    public async Task Evaluate_SegmentWithAMaskThatIsNotOne_FailsBeforeScoringNamingIt(string kind, string said)
    {
        // Arrange: one image and its "mask": a colour photograph, a PNG cut short, or a text file.
        File.WriteAllBytes(Path.Combine(_scratch.Path, "a.png"), GeneratedImages.Lesion(200, 150, seed: 1, png: true));
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,nv\n");
        var masks = Directory.CreateDirectory(Path.Combine(_scratch.Path, "masks")).FullName;
        byte[] photograph = GeneratedImages.Lesion(200, 150, seed: 2, png: true);
        byte[] mask = kind switch
        {
            "photograph" => photograph,
            "damaged" => photograph[..(photograph.Length / 2)],
            _ => "not a mask"u8.ToArray(),
        };
        File.WriteAllBytes(Path.Combine(masks, "a_segmentation.png"), mask);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = new EvaluateCommand(stdout, stderr, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", _scratch.Path, "--labels", labels, "--out", Path.Combine(_scratch.Path, "out"), "--segment", "--masks", masks], CancellationToken.None);

        // Assert: said with the image's id, and no image was scored.
        Assert.Equal(1, exitCode);
        Assert.Contains($"The reference mask of a {said}", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("img/s", stdout.ToString(), StringComparison.Ordinal);
    }
}
