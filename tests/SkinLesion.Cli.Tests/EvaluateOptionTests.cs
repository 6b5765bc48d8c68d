using SkinLesion.Cli.Commands;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>
/// evaluate's options that name other things (training's figures, a model, a site profile, matrix files): what is asked
/// for and cannot be had fails before anything is scored, naming the option; a comparison is made only of like with like.
/// </summary>
public sealed class EvaluateOptionTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();
    private readonly StringWriter _stderr = new();

    public void Dispose() => _scratch.Dispose();

    private string Out => Path.Combine(_scratch.Path, "out");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Evaluate_CompareWithTrainingWhileImagesFailed_NoComparisonAndANoteSaysWhy(bool oneFails)
    {
        // Arrange: two labelled images, the second a text file when one is to fail; compared with training's test figures.
        string labels = LabelledImages(("a", "mel"), ("b", "nv"));
        if (oneFails)
        {
            File.WriteAllText(Path.Combine(_scratch.Path, "b.png"), "not an image");
        }

        // Act
        int exitCode = await RunAsync(labels, "--compare-with", "test", "--bootstrap", "10");

        // Assert
        Assert.Equal(0, exitCode);
        var report = EvaluationReport.Read(Path.Combine(Out, EvaluationReport.FileName));
        Assert.Equal(oneFails, report.TrainingReference is null);
        Assert.Equal(oneFails, report.Notes.Any(note => note.StartsWith("Training's figures for this set are not compared: 1 of 2 images could not be scored", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Evaluate_CompareWithAKeyTheManifestLacks_FailsWithExitCodeOneNamingTheKeysItHas()
    {
        // Act
        int exitCode = await RunAsync(LabelledImages(("a", "mel")), "--compare-with", "tset");

        // Assert: said before anything is scored, instead of a report without the comparison asked for.
        Assert.Equal(1, exitCode);
        string said = _stderr.ToString();
        Assert.Contains("--compare-with 'tset': the manifest has no training figures under that name (it has: ", said, StringComparison.Ordinal);
        Assert.Contains("test", said.Split("(it has: ")[1], StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Theory]
    [InlineData("--model")]
    [InlineData("--site-profile")]
    public async Task Evaluate_FileOptionThatDoesNotExist_FailsWithExitCodeOneNamingTheOption(string option)
    {
        // Arrange
        var missing = Path.Combine(_scratch.Path, "nope.json");

        // Act
        int exitCode = await RunAsync(LabelledImages(("a", "mel")), option, missing);

        // Assert: the option typed, not the service's environment variable.
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {option} '{missing}' does not exist.", _stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SkinLesion__", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_MatrixFileThatCannotBeMade_FailsWithExitCodeOneAndLeavesNoOutFolder()
    {
        // Arrange: the embeddings' folder would have to be made inside a file.
        var blocking = Path.Combine(_scratch.Path, "a-file");
        File.WriteAllText(blocking, "not a folder");

        // Act
        int exitCode = await RunAsync(LabelledImages(("a", "mel")), "--embeddings", Path.Combine(blocking, "embeddings.npy"));

        // Assert
        Assert.Equal(1, exitCode);
        Assert.False(Directory.Exists(Out), "the refused run left its --out folder behind");
    }

    // A generated lesion PNG per image id in the scratch folder, and the labels file naming them.
    private string LabelledImages(params (string Id, string Diagnosis)[] images)
    {
        int seed = 1;
        foreach (var (id, _) in images)
        {
            File.WriteAllBytes(Path.Combine(_scratch.Path, id + ".png"), GeneratedImages.Lesion(200, 150, seed: seed++, png: true));
        }

        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\n" + string.Concat(images.Select(image => $"{image.Id},{image.Diagnosis}\n")));
        return labels;
    }

    private Task<int> RunAsync(string labels, params string[] options) =>
        new EvaluateCommand(new StringWriter(), _stderr, interactive: false, TimeProvider.System)
            .RunAsync(["--images", _scratch.Path, "--labels", labels, "--out", Out, .. options], CancellationToken.None);
}
