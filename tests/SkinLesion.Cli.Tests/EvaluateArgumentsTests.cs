using SkinLesion.Cli.Commands;
using SkinLesion.Inference;

namespace SkinLesion.Cli.Tests;

public sealed class EvaluateArgumentsTests
{
    [Fact]
    public void Parse_AllOptions_AreRead()
    {
        // Arrange
        string[] args = ["--images", "imgs.tar.gz", "--labels=labels.csv", "--out", "out", "--split", "test", "--split-file", "splits.csv",
            "--parallelism", "3", "--intra-op-threads", "2", "--jpeg-decoder", "imagesharp", "--bootstrap", "200", "--seed", "5", "--external", "false", "--name", "ham-test"];

        // Act
        var parsed = EvaluateArguments.Parse(args)!;

        // Assert
        Assert.Equal("imgs.tar.gz", parsed.Images);
        Assert.Equal("labels.csv", parsed.Labels);
        Assert.Equal("test", parsed.Split);
        Assert.Equal(3, parsed.Parallelism);
        Assert.Equal(2, parsed.IntraOpThreads);
        Assert.Equal(JpegDecoderChoice.ImageSharp, parsed.JpegDecoder);
        Assert.Equal(200, parsed.BootstrapReplicates);
        Assert.Equal(5u, parsed.Seed);
        Assert.False(parsed.External);
        Assert.Equal("ham-test", parsed.Name);
    }

    [Fact]
    public void Parse_Defaults_MatchTheServer()
    {
        // Arrange
        string[] args = ["--images", "a", "--labels", "b", "--out", "c"];

        // Act
        var parsed = EvaluateArguments.Parse(args)!;

        // Assert
        Assert.Equal(Environment.ProcessorCount, parsed.Parallelism);
        Assert.Equal(1, parsed.IntraOpThreads);
        Assert.Equal(JpegDecoderChoice.Auto, parsed.JpegDecoder);
        Assert.Equal(1000, parsed.BootstrapReplicates);
        Assert.Null(parsed.Model);
        Assert.Null(parsed.External);
    }

    [Theory]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--segment", "--masks", "m.tar.gz" }, "m.tar.gz")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--masks", "masks", "--segment" }, "masks")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--segment", "true", "--masks=m.tar.gz" }, "m.tar.gz")]
    public void Parse_SegmentFlagWithMasks_AsksForTheOutline(string[] args, string masks)
    {
        // Act
        var parsed = EvaluateArguments.Parse(args)!;

        // Assert
        Assert.True(parsed.Segment);
        Assert.Equal(masks, parsed.Masks);
        Assert.Equal("c", parsed.Out);
    }

    [Fact]
    public void Parse_Help_ReturnsNull()
    {
        // Act
        var parsed = EvaluateArguments.Parse(["--images", "a", "--help"]);

        // Assert
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData(new[] { "--labels", "b", "--out", "c" }, "evaluate needs --images")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--colour", "red" }, "Unknown option '--colour'")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--parallelism", "0" }, "--parallelism must be a whole number from 1 to 256")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--parallelism", "many" }, "--parallelism must be a whole number")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--split", "test" }, "--split and --split-file go together")]
    [InlineData(new[] { "--images", "--labels", "b", "--out", "c" }, "Option --images needs a value")]
    [InlineData(new[] { "--images", "a", "--images", "b", "--labels", "b", "--out", "c" }, "--images is given twice")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "stray" }, "Unexpected argument 'stray'")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--jpeg-decoder", "gdi" }, "--jpeg-decoder must be auto, libjpeg-turbo or imagesharp")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--segment" }, "--segment and --masks go together")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--masks", "m.tar.gz" }, "--segment and --masks go together")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--segment", "maybe", "--masks", "m" }, "--segment must be true or false")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--compare-with", "test", "--site-profile", "p.json" }, "--compare-with and --site-profile do not go together")]
    [InlineData(new[] { "--images", "a", "--labels", "l.csv", "--out", "c", "--early-statistics", "l.csv" }, "--early-statistics would write 'l.csv', which is the same file as --labels 'l.csv'")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--embeddings", "c/predictions.csv" }, "--out and --embeddings would both write")]
    [InlineData(new[] { "--images", "a", "--labels", "b", "--out", "c", "--embeddings", "e.npy", "--early-statistics", "e.npy" }, "--embeddings and --early-statistics would both write 'e.npy'")]
    [InlineData(new[] { "--images", "a", "--labels", "c/README.md", "--out", "c" }, "--out would write 'c/README.md', which is the same file as --labels")]
    public void Parse_BadArguments_SayWhatIsWrong(string[] args, string expected)
    {
        // Act
        var error = Assert.Throws<UsageException>(() => EvaluateArguments.Parse(args));

        // Assert
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OutputThroughALinkToAnInput_RefusedNamingBoth()
    {
        // Arrange: a link in another folder that points at the labels.
        using var scratch = new ScratchFolder();
        string labels = Path.Combine(scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image,dx\n");
        string link = Path.Combine(scratch.Path, "elsewhere", "matrix.npy");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, labels);

        // Act
        var error = Assert.Throws<UsageException>(() => EvaluateArguments.Parse(
            ["--images", "a", "--labels", labels, "--out", Path.Combine(scratch.Path, "out"), "--embeddings", link]));

        // Assert
        Assert.Contains($"--embeddings would write '{link}', which is the same file as --labels '{labels}'", error.Message, StringComparison.Ordinal);
        Assert.Equal("image,dx\n", File.ReadAllText(labels));
    }

    [Fact]
    public void Parse_LabelsThroughALoopOfLinks_RefusedAsUsageNotACrash()
    {
        // Arrange
        using var scratch = new ScratchFolder();
        string a = Path.Combine(scratch.Path, "a.csv");
        string b = Path.Combine(scratch.Path, "b.csv");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);

        // Act
        var error = Assert.Throws<UsageException>(() => EvaluateArguments.Parse(["--images", "i", "--labels", a, "--out", Path.Combine(scratch.Path, "out")]));

        // Assert
        Assert.StartsWith("The paths given cannot be compared: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandLine_ArgumentsWithSpaces_AreQuotedForTheShell()
    {
        // Act
        string command = EvaluateCommand.CommandLine(["--images", "../shared/data/x.tar.gz", "--title", "HAM10000 test split"]);

        // Assert
        Assert.Equal("dotnet run --project src/SkinLesion.Cli -c Release -- evaluate --images ../shared/data/x.tar.gz --title 'HAM10000 test split'", command);
    }
}
