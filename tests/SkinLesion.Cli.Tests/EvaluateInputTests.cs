using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>
/// evaluate on awkward input and output: files that share an id, files that cannot be read, an earlier run's folder,
/// outputs that cannot be written, inputs of the wrong kind. Nothing is lost and every refusal names its cause.
/// </summary>
public sealed class EvaluateInputTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Evaluate_SidecarFileSharingAnImagesId_ScoresTheImageAndWarns()
    {
        // Arrange: "a.csv" sorts before "a.jpg"; a note about "b" sits in a folder that sorts first.
        var images = Path.Combine(_scratch.Path, "images");
        Directory.CreateDirectory(Path.Combine(images, "0-notes"));
        File.WriteAllBytes(Path.Combine(images, "a.jpg"), GeneratedImages.Lesion(200, 150, seed: 1, png: false));
        File.WriteAllText(Path.Combine(images, "a.csv"), "measured,12mm\n");
        File.WriteAllBytes(Path.Combine(images, "b.PNG"), GeneratedImages.Lesion(200, 150, seed: 2, png: true));
        File.WriteAllText(Path.Combine(images, "0-notes", "b.txt"), "seen twice\n");

        // Act
        var (report, errors) = await EvaluateAsync(images, "image_id,dx\na,mel\nb,nv\n");

        // Assert: both images scored, the two sidecars counted as duplicates and said on the console.
        var dataset = report.GetProperty("dataset");
        Assert.Equal((2, 0, 2), (dataset.GetProperty("evaluated").GetInt32(), dataset.GetProperty("failed").GetInt32(), dataset.GetProperty("duplicateImageFiles").GetInt32()));
        Assert.Contains("warning: 2 file(s) have the image id (file name without extension) of another file under --images", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_ArchiveWithASidecarBeforeTheImage_ScoresTheImage()
    {
        // Arrange: in archive order a note of the same id comes first, as tar keeps whatever order it was given.
        var archive = Path.Combine(_scratch.Path, "images.tar.gz");
        await WriteArchiveAsync(
            archive,
            ("set/a.json", "{\"note\": \"dermatoscope B\"}"u8.ToArray()),
            ("set/a.jpg", GeneratedImages.Lesion(200, 150, seed: 1, png: false)),
            ("set/b.txt", "no image of b"u8.ToArray()));

        // Act
        var (report, _) = await EvaluateAsync(archive, "image_id,dx\na,mel\nb,nv\n");

        // Assert: a is scored from its JPEG, the note counted as a duplicate; b has only its note, which is scored and refused.
        var dataset = report.GetProperty("dataset");
        Assert.Equal((1, 1, 1), (dataset.GetProperty("evaluated").GetInt32(), dataset.GetProperty("failed").GetInt32(), dataset.GetProperty("duplicateImageFiles").GetInt32()));
        var failure = Assert.Single(report.GetProperty("failures").EnumerateArray());
        Assert.Equal(("b", "UnsupportedFormat"), (failure.GetProperty("imageId").GetString(), failure.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Evaluate_IntoAnEarlierRunsFolder_LeavesNoOutlinesThisRunDidNotMake()
    {
        // Arrange: an earlier run with --segment left its outlines in the folder; this run does not segment.
        var images = Path.Combine(_scratch.Path, "images");
        Directory.CreateDirectory(images);
        File.WriteAllBytes(Path.Combine(images, "a.jpg"), GeneratedImages.Lesion(200, 150, seed: 1, png: false));
        var stale = Path.Combine(_scratch.Path, "out", SegmentationCsv.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "image_id,dice\nold,0.9\n");

        // Act
        var (report, _) = await EvaluateAsync(images, "image_id,dx\na,mel\n");

        // Assert
        Assert.Equal(1, report.GetProperty("dataset").GetProperty("evaluated").GetInt32());
        Assert.False(File.Exists(stale), "an earlier run's segmentation.csv was left beside this run's report");
    }

    [Fact]
    public async Task Evaluate_FileThatCannotBeRead_ListedAsThatImagesFailureAndTheRestScored()
    {
        // Arrange: "c.jpg" is a link to a file that is gone (a moved share, a removed mount): reading it fails.
        var images = Path.Combine(_scratch.Path, "images");
        Directory.CreateDirectory(images);
        File.WriteAllBytes(Path.Combine(images, "a.jpg"), GeneratedImages.Lesion(200, 150, seed: 1, png: false));
        File.CreateSymbolicLink(Path.Combine(images, "c.jpg"), Path.Combine(_scratch.Path, "gone.jpg"));

        // Act
        var (report, _) = await EvaluateAsync(images, "image_id,dx\na,mel\nc,nv\n");

        // Assert
        var failure = Assert.Single(report.GetProperty("failures").EnumerateArray());
        Assert.Equal(("c", "Unreadable"), (failure.GetProperty("imageId").GetString(), failure.GetProperty("reason").GetString()));
        Assert.Equal(1, report.GetProperty("dataset").GetProperty("evaluated").GetInt32());
    }

    [Theory]
    [InlineData("embeddings folder")]
    [InlineData("report folder")]
    public async Task Evaluate_OutputFileThatCannotBeWritten_FailsWithExitCodeOneBeforeAnyImageIsScored(string where)
    {
        // Arrange: a folder where a file is to be written; the run used to score everything, write part of the report
        // and then fail.
        File.WriteAllBytes(Path.Combine(_scratch.Path, "a.png"), GeneratedImages.Lesion(200, 150, seed: 1, png: true));
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\n");
        var output = Path.Combine(_scratch.Path, "out");
        var embeddings = Path.Combine(_scratch.Path, "embeddings.npy");
        Directory.CreateDirectory(where == "report folder" ? Path.Combine(output, ReportWriter.SummaryFile) : embeddings);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = new EvaluateCommand(stdout, stderr, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", _scratch.Path, "--labels", labels, "--out", output, "--embeddings", embeddings], CancellationToken.None);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("is a folder, where the run would write a file", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("img/s", stdout.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, EvaluationReport.FileName)));
    }

    [Fact]
    public async Task Evaluate_ImagesFolderWithLinks_ReadsLinkedImagesButNotLinkedFolders()
    {
        // Arrange: one image in the folder, one linked from elsewhere, and two links to folders that would loop.
        var images = Path.Combine(_scratch.Path, "images");
        Directory.CreateDirectory(images);
        File.WriteAllBytes(Path.Combine(images, "a.png"), GeneratedImages.Lesion(200, 150, seed: 1, png: true));
        var elsewhere = Path.Combine(_scratch.Path, "b-original.png");
        File.WriteAllBytes(elsewhere, GeneratedImages.Lesion(200, 150, seed: 2, png: true));
        File.CreateSymbolicLink(Path.Combine(images, "b.png"), elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(images, "self"), images);
        Directory.CreateSymbolicLink(Path.Combine(images, "up"), _scratch.Path);
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\nb,nv\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = new EvaluateCommand(stdout, stderr, interactive: false, TimeProvider.System);

        // Act: the looping links made this walk endless.
        int exitCode = await command.RunAsync(["--images", images, "--labels", labels, "--out", Path.Combine(_scratch.Path, "out"), "--bootstrap", "10"], CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(120));

        // Assert: both images scored once each; no duplicates reached through the links.
        Assert.True(exitCode == 0, stderr.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_scratch.Path, "out", EvaluationReport.FileName)));
        Assert.Equal(2, report.RootElement.GetProperty("dataset").GetProperty("evaluated").GetInt32());
        Assert.DoesNotContain("have the image id", stderr.ToString() + stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("damaged archive", "is not a readable .tar.gz archive")]
    [InlineData("labels folder", "is a folder; give the labels CSV file")]
    [InlineData("out file", "is a file; evaluate writes a folder of reports there")]
    public async Task Evaluate_InputOrOutputOfTheWrongKind_FailsNamingIt(string wrong, string named)
    {
        // Arrange
        var images = Path.Combine(_scratch.Path, "images.tar.gz");
        if (wrong == "damaged archive")
        {
            File.WriteAllBytes(images, [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF, 0x00]);
        }
        else
        {
            await WriteArchiveAsync(images, ("a.png", GeneratedImages.Lesion(200, 150, seed: 1, png: true)));
        }

        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\n");
        var output = Path.Combine(_scratch.Path, "out");
        if (wrong == "labels folder")
        {
            labels = Directory.CreateDirectory(Path.Combine(_scratch.Path, "labels")).FullName;
        }
        else if (wrong == "out file")
        {
            File.WriteAllText(output, "notes");
        }

        var stderr = new StringWriter();
        var command = new EvaluateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(["--images", images, "--labels", labels, "--out", output, "--bootstrap", "10"], CancellationToken.None);

        // Assert: no empty report folder is left behind either (the damaged archive is found only while scoring).
        Assert.Equal(1, exitCode);
        Assert.Contains(named, stderr.ToString(), StringComparison.Ordinal);
        Assert.False(wrong != "out file" && Directory.Exists(output), $"an empty '{output}' was left behind");
    }

    [Theory]
    [InlineData("--early-statistics", 1)]
    [InlineData("--embeddings", 2)]
    public async Task Evaluate_MatrixOntoAFileOfTheModel_Exits2AndTheModelIsUntouched(string option, int fileIndex)
    {
        // Arrange: a copy of the shipped model; the matrix would land on its graph or screening artifact, files no option
        // names (--model names the manifest, which the arguments' own check keeps apart).
        using var model = new ModelCopy("skinlesion-evaluate-model-files-");

        string target = model.PathOf(ShippedModel.Files[fileIndex]);
        byte[] before = File.ReadAllBytes(target);
        File.WriteAllBytes(Path.Combine(_scratch.Path, "a.png"), GeneratedImages.Lesion(200, 150, seed: 1, png: true));
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\n");
        var stderr = new StringWriter();
        var command = new EvaluateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(
            ["--images", _scratch.Path, "--labels", labels, "--out", Path.Combine(_scratch.Path, "out"), "--model", model.ManifestPath, option, target],
            CancellationToken.None);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains($"{option} would write '{target}', which is the ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains($"of model {ShippedModel.NameAndVersion}", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.False(Directory.Exists(Path.Combine(_scratch.Path, "out")));
    }

    [Fact]
    public async Task Evaluate_LabelTheSplitFileDoesNotName_WarnsAndCountsItAsLeftOut()
    {
        // Arrange: b is in another split, c in none (it vanished from the report before).
        File.WriteAllBytes(Path.Combine(_scratch.Path, "a.png"), GeneratedImages.Lesion(200, 150, seed: 1, png: true));
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\nb,nv\nc,nv\n");
        var split = Path.Combine(_scratch.Path, "split.csv");
        File.WriteAllText(split, "image_id,split\na,test\nb,train\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = new EvaluateCommand(stdout, stderr, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(
            ["--images", _scratch.Path, "--labels", labels, "--split", "test", "--split-file", split, "--out", Path.Combine(_scratch.Path, "out"), "--bootstrap", "10"],
            CancellationToken.None);

        // Assert
        Assert.True(exitCode == 0, stderr.ToString());
        Assert.Contains("warning: 1 labelled image(s) are in no split of the split file (e.g. c) and were left out", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 left out by the split file (1 of them in no split of it)", stdout.ToString(), StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_scratch.Path, "out", EvaluationReport.FileName)));
        Assert.Equal(2, report.RootElement.GetProperty("dataset").GetProperty("excludedBySplit").GetInt32());
    }

    [Fact]
    public async Task Evaluate_ImagesTheLabelFileDoesNotName_WarnsNamingThemButNotThoseOfAnotherSplit()
    {
        // Arrange: b is labelled but in the train split; "ISIC_9" (a misspelt row) and "extra" have no row; the notes
        // and the label file itself are no images; extra's .png and .jpg are one image.
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "images")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.jpg"), GeneratedImages.Lesion(200, 150, seed: 1, png: false));
        File.WriteAllBytes(Path.Combine(images, "b.png"), GeneratedImages.Lesion(200, 150, seed: 2, png: true));
        File.WriteAllBytes(Path.Combine(images, "extra.jpg"), GeneratedImages.Lesion(200, 150, seed: 3, png: false));
        File.WriteAllBytes(Path.Combine(images, "extra.png"), GeneratedImages.Lesion(200, 150, seed: 3, png: true));
        File.WriteAllBytes(Path.Combine(images, "ISIC_9.JPEG"), GeneratedImages.Lesion(200, 150, seed: 4, png: false));
        File.WriteAllText(Path.Combine(images, "notes.txt"), "dermatoscope B\n");
        var labels = Path.Combine(images, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\nb,nv\nISIC_0009,nv\n");
        var split = Path.Combine(_scratch.Path, "split.csv");
        File.WriteAllText(split, "image_id,split\na,test\nb,train\nISIC_0009,test\n");
        var stderr = new StringWriter();
        var command = new EvaluateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(
            ["--images", images, "--labels", labels, "--split", "test", "--split-file", split, "--out", Path.Combine(_scratch.Path, "out"), "--bootstrap", "10"],
            CancellationToken.None);

        // Assert: said on the console and kept in the report, which still counts only a as scored and ISIC_0009 as failed.
        Assert.True(exitCode == 0, stderr.ToString());
        const string Sentence = "2 image(s) under --images have no row in the label file, so they were not scored (e.g. ISIC_9, extra).";
        Assert.Contains($"warning: {Sentence} Add their rows to --labels to score them, or move them out of --images.", stderr.ToString(), StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_scratch.Path, "out", EvaluationReport.FileName)));
        Assert.Contains(Sentence, report.RootElement.GetProperty("notes").EnumerateArray().Select(note => note.GetString()));
        var dataset = report.RootElement.GetProperty("dataset");
        Assert.Equal((1, 1, 0), (dataset.GetProperty("evaluated").GetInt32(), dataset.GetProperty("failed").GetInt32(), dataset.GetProperty("duplicateImageFiles").GetInt32()));
    }

    [Fact]
    public async Task Evaluate_ArchiveWithMoreUnlabelledImagesThanTheWarningNames_CountsThemAllAndNamesTheFirstThree()
    {
        // Arrange
        var archive = Path.Combine(_scratch.Path, "images.tar.gz");
        await WriteArchiveAsync(
            archive,
            ("set/z.png", GeneratedImages.Lesion(64, 48, seed: 5, png: true)),
            ("set/a.jpg", GeneratedImages.Lesion(200, 150, seed: 1, png: false)),
            ("set/y.jpg", GeneratedImages.Lesion(64, 48, seed: 6, png: false)),
            ("set/x.jfif", GeneratedImages.Lesion(64, 48, seed: 7, png: false)),
            ("set/w.png", GeneratedImages.Lesion(64, 48, seed: 8, png: true)),
            ("set/README.md", "how these were taken"u8.ToArray()));

        // Act
        var (report, errors) = await EvaluateAsync(archive, "image_id,dx\na,mel\n");

        // Assert
        Assert.Contains("warning: 4 image(s) under --images have no row in the label file, so they were not scored (e.g. z, y, x).", errors, StringComparison.Ordinal);
        Assert.Equal(1, report.GetProperty("dataset").GetProperty("evaluated").GetInt32());
    }

    [Fact]
    public async Task Evaluate_EveryImageLabelled_SaysNothingOfUnlabelledImages()
    {
        // Arrange: the label file and a note sit beside the images; neither is an image.
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "images")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.jpg"), GeneratedImages.Lesion(200, 150, seed: 1, png: false));
        File.WriteAllText(Path.Combine(images, "readme.txt"), "site A\n");

        // Act
        var (report, errors) = await EvaluateAsync(images, "image_id,dx\na,mel\n");

        // Assert
        Assert.DoesNotContain("no row in the label file", errors, StringComparison.Ordinal);
        Assert.DoesNotContain(report.GetProperty("notes").EnumerateArray(), note => note.GetString()!.Contains("no row in the label file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evaluate_FailingWithMatricesInFoldersStillToBeMade_LeavesNoFolderBehind()
    {
        // Arrange: no image can be scored, so the run fails after its outputs were checked.
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "empty")).FullName;
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\n");
        string matrices = Path.Combine(_scratch.Path, "matrices", "run-1");
        var command = new EvaluateCommand(TextWriter.Null, TextWriter.Null, interactive: false, TimeProvider.System);

        // Act
        int exitCode = await command.RunAsync(
            ["--images", images, "--labels", labels, "--out", Path.Combine(_scratch.Path, "out"), "--embeddings", Path.Combine(matrices, "e.npy"), "--early-statistics", Path.Combine(matrices, "s.npy")],
            CancellationToken.None);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.False(Directory.Exists(Path.Combine(_scratch.Path, "matrices")), "the matrices' folder was left behind");
        Assert.False(Directory.Exists(Path.Combine(_scratch.Path, "out")), "an empty --out was left behind");
    }

    /// <summary>evaluate over <paramref name="images"/> with these labels (10 bootstrap replicates); asserts it succeeded, and returns its report and its stderr.</summary>
    private async Task<(JsonElement Report, string Errors)> EvaluateAsync(string images, string labelsCsv)
    {
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, labelsCsv);
        var output = Path.Combine(_scratch.Path, "out");
        var stderr = new StringWriter();
        int exitCode = await new EvaluateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System)
            .RunAsync(["--images", images, "--labels", labels, "--out", output, "--bootstrap", "10"], CancellationToken.None);
        Assert.True(exitCode == 0, stderr.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, EvaluationReport.FileName)));
        return (report.RootElement.Clone(), stderr.ToString());
    }

    /// <summary>A .tar.gz at <paramref name="path"/> holding these entries, in this order.</summary>
    private static async Task WriteArchiveAsync(string path, params (string Name, byte[] Data)[] entries)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip);
        foreach (var (name, data) in entries)
        {
            await EvaluateCommandTests.WriteEntryAsync(tar, name, data);
        }
    }
}
