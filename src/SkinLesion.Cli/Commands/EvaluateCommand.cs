using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SkinLesion.Cli.Data;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Cli.Files;
using SkinLesion.Inference;
using SkinLesion.Inference.Site;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Cli.Commands;

/// <summary>
/// <c>evaluate</c>: labels → selected images → the server's classifier (same options type, same class)
/// → figures with bootstrap intervals → report.json, README.md, predictions.csv.
/// </summary>
internal sealed class EvaluateCommand(TextWriter output, TextWriter error, bool interactive, TimeProvider time)
{
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        try
        {
            // A bad command line, found while parsing or once the model is read (an output on one of its files), exits 2.
            var options = EvaluateArguments.Parse(args);
            if (options is null)
            {
                await output.WriteLineAsync(EvaluateArguments.Usage);
                return 0;
            }

            await EvaluateAsync(options, args, cancellationToken);
            return 0;
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            await error.WriteLineAsync("Run with --help for usage.");
            return 2;
        }
        catch (Exception ex) when (ex is InputFileException or ModelLoadException or SiteProfileException or InvalidDataException
            or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The run, step by step; each step throws what <see cref="RunAsync"/> reports as exit code 1.</summary>
    private async Task EvaluateAsync(EvaluateArguments options, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        InputFileException.ThrowIfNotAFile("--model", options.Model);
        InputFileException.ThrowIfNotAFile("--site-profile", options.SiteProfile);
        var labels = LabelSelection.Read(options.Labels, options.Split, options.SplitFile);
        var source = ImageSource.Open(options.Images);
        string name = options.Name ?? DefaultName(options);
        await AnnounceSetAsync(name, labels, options.Images);

        var modelOptions = ModelOptionsFor(options);

        // Read before the model is loaded; the classifier refuses a profile made for another model.
        var siteProfile = options.SiteProfile is { } profilePath ? SiteProfile.Read(profilePath) : null;
        long loadStart = time.GetTimestamp();
        using var classifier = new SkinLesionClassifier(modelOptions, new ImageOptions { JpegDecoder = options.JpegDecoder, ReducedJpegDecoding = options.ReducedJpegDecoding }, time, NullLogger<SkinLesionClassifier>.Instance,
            siteProfile: siteProfile);
        ModelFiles.RequireApart(options.OutputFiles(), modelOptions.ResolveManifestPath(), classifier.Manifest);
        CheckRequestedOutputs(options, classifier);
        var loadTime = time.GetElapsedTime(loadStart);
        await output.WriteLineAsync($"model {classifier.Model.Name} {classifier.Model.Version} (sha256 {classifier.Model.Sha256[..12]}…), JPEG decoder {classifier.JpegDecoder}; parallelism {options.Parallelism} on {Environment.ProcessorCount} logical cores");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"operating point: {classifier.OperatingPoint.Kind} {classifier.OperatingPoint.Name} {classifier.OperatingPoint.Version}, threshold {classifier.OperatingPoint.Threshold:0.######}"));
        var masks = await ReadMasksAsync(options, labels, cancellationToken);
        bool madeOut = !Directory.Exists(options.Out);
        try
        {
            PrepareOutputs(options);
            double? loadAverage = LoadAverage();
            var outcome = await ScoreAsync(classifier, labels, source, options, cancellationToken);
            var run = new EvaluationRun(options, args, name, labels, classifier, modelOptions.Path, outcome, loadTime, loadAverage);
            var bootstrap = ReportBuilder.BootstrapFor(run);
            var report = ReportBuilder.Build(run, bootstrap, time.GetUtcNow());

            // Ctrl-C after the scoring (during the bootstrap) still stops the run before an older report is overwritten.
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<SegmentedImage>? segmented = null;
            if (masks is not null)
            {
                (var figures, segmented) = SegmentationCalculator.Compute(outcome.Scored, masks, classifier.Manifest, bootstrap, options.Masks!);
                report = report with { Segmentation = figures, SchemaMinorVersion = EvaluationReport.SegmentationMinorVersion };
            }

            var manifest = classifier.Manifest;
            ReportWriter.Write(options.Out, report, outcome.Scored, [.. manifest.Labels.Select(l => l.Code)], classifier.OperatingPoint.Threshold);
            string segmentationCsv = Path.Combine(options.Out, SegmentationCsv.FileName);
            if (segmented is not null)
            {
                AtomicFile.WriteAllText(segmentationCsv, SegmentationCsv.Write(segmented));
            }
            else
            {
                // An earlier run's outlines beside this run's report would read as this run's.
                File.Delete(segmentationCsv);
            }

            await WriteMatricesAsync(options, outcome.Scored);
            await new ConsoleSummary(output, error).WriteAsync(report, outcome.Source, options.Out);
        }
        catch when (madeOut && Directory.Exists(options.Out) && !Directory.EnumerateFileSystemEntries(options.Out).Any())
        {
            // A run refused while its outputs are checked, or failing during scoring (an archive damaged past its index,
            // Ctrl-C), leaves no empty folder behind.
            Directory.Delete(options.Out);
            throw;
        }
    }

    private async Task AnnounceSetAsync(string name, LabelSelection labels, string images)
    {
        var labelSet = labels.LabelSet;
        string excluded = labels.ExcludedBySplit == 0 ? string.Empty
            : labels.NotInSplitFile.Count == 0 ? $", {labels.ExcludedBySplit} in other splits left out"
            : $", {labels.ExcludedBySplit} left out by the split file ({labels.NotInSplitFile.Count} of them in no split of it)";
        await output.WriteLineAsync($"{name}: {labels.Images.Count} {(labelSet.IsNegative ? "listed" : "labelled")} images ({labelSet.FormatName}{excluded}) from {images}");
        if (labels.Warning is { } warning)
        {
            await error.WriteLineAsync(warning);
        }
    }

    private static ModelOptions ModelOptionsFor(EvaluateArguments options) => new()
    {
        // The library resolves a relative path against its base directory (the shipped model);
        // a path typed on the command line means the current directory.
        Path = options.Model is null ? ModelOptions.DefaultPath : Path.GetFullPath(options.Model),
        IntraOpNumThreads = options.IntraOpThreads,
        MaxConcurrentInferences = options.Parallelism,
    };

    /// <summary>The reference masks of the labelled images (evaluate --segment), read before the run so a wrong path fails at once.</summary>
    private async Task<Dictionary<string, byte[]>?> ReadMasksAsync(EvaluateArguments options, LabelSelection labels, CancellationToken cancellationToken)
    {
        if (options.Masks is not { } path)
        {
            return null;
        }

        var masks = await MaskReader.ReadAsync(path, labels.Images.Select(image => image.ImageId), cancellationToken);
        if (masks.Count == 0)
        {
            throw new InputFileException($"Masks '{path}' holds no mask of any of the {labels.Images.Count} selected images (named <image id> or <image id>{MaskReader.Suffix}).");
        }

        // Each is decoded once now, so a damaged file or a photograph given as a mask stops the run before the images are
        // scored, not after (the outlines are compared with the masks at the end).
        foreach (var (imageId, mask) in masks)
        {
            _ = ReferenceMask.Decode(mask, imageId);
        }

        await output.WriteLineAsync($"{masks.Count} reference masks of {labels.Images.Count} selected images from {path}");
        return masks;
    }

    // Made once every input has been checked and before the images are scored: a folder that cannot be made, or a file
    // that cannot be written, fails the command before the run it would waste.
    private static void PrepareOutputs(EvaluateArguments options)
    {
        if (File.Exists(options.Out))
        {
            throw new InputFileException($"--out '{options.Out}' is a file; evaluate writes a folder of reports there. Name a folder.");
        }

        // Every output is checked before any folder is made; the matrices' folders are made when they are written, so a
        // run that fails leaves none of them behind (--out itself is removed again when it is left empty).
        foreach (var (_, file) in options.OutputFiles())
        {
            RequireWritable(file);
        }

        _ = Directory.CreateDirectory(options.Out);
    }

    /// <summary>Opens the file for writing without changing it (a new one is removed again); refuses a folder in its place.</summary>
    private static void RequireWritable(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputFileException($"'{path}' is a folder, where the run would write a file. Name a file, or move the folder.");
        }

        try
        {
            AtomicFile.RequireWritable(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"'{path}' cannot be written ({ex.Message}); nothing was scored. Choose another --out, or fix its permissions.");
        }
    }

    // Before the run, not after it: the whole evaluation would be wasted.
    private static void CheckRequestedOutputs(EvaluateArguments options, SkinLesionClassifier classifier)
    {
        var manifest = classifier.Manifest;
        if (options.Segment && !classifier.CanSegment)
        {
            throw new InvalidDataException("The manifest lists no segmentation graph (no 'segmentation' section), so --segment cannot outline anything.");
        }

        if (options.Embeddings is not null && manifest.Outputs.Embedding is null)
        {
            throw new InvalidDataException("The manifest names no embedding output, so --embeddings cannot be written.");
        }

        if (options.EarlyStatistics is not null && manifest.Outputs.EarlyStatistics is null)
        {
            throw new InvalidDataException("The manifest names no earlyStatistics output, so --early-statistics cannot be written.");
        }

        // Without --compare-with the comparison is made where the manifest has figures; a key asked for by name must exist.
        if (options.CompareWith is { } key && TrainingMetrics.Section(manifest.Metrics, key) is null)
        {
            var keys = manifest.Metrics is { ValueKind: System.Text.Json.JsonValueKind.Object } metrics
                ? metrics.EnumerateObject().Where(property => property.Value.ValueKind == System.Text.Json.JsonValueKind.Object).Select(property => property.Name)
                : [];
            throw new InvalidDataException($"--compare-with '{key}': the manifest has no training figures under that name (it has: {string.Join(", ", keys)}).");
        }
    }

    private async Task<RunOutcome> ScoreAsync(SkinLesionClassifier classifier, LabelSelection labels, ImageSource source, EvaluateArguments options, CancellationToken cancellationToken)
    {
        var progress = new ProgressReporter(output, interactive, labels.Images.Count, time);
        var request = new ClassificationRequest(Segment: options.Segment);
        var outcome = await new EvaluationRunner(classifier, options.Parallelism, request).RunAsync(labels, source, progress, cancellationToken);
        if (outcome.Scored.Count == 0)
        {
            throw new InvalidDataException($"No image could be evaluated ({outcome.Failures.Count} failed, e.g. {outcome.Failures[0].ImageId}: {outcome.Failures[0].Message}).");
        }

        return outcome;
    }

    /// <summary>The --embeddings and --early-statistics matrices, rows in predictions.csv order.</summary>
    private async Task WriteMatricesAsync(EvaluateArguments options, IReadOnlyList<ScoredImage> scored)
    {
        if (options.Embeddings is { } embeddingsPath)
        {
            NpyWriter.WriteMatrix(embeddingsPath, [.. scored.Select(s => s.Embedding!)]);
            await output.WriteLineAsync($"embeddings of {scored.Count} images in {embeddingsPath}");
        }

        if (options.EarlyStatistics is { } earlyPath)
        {
            NpyWriter.WriteMatrix(earlyPath, [.. scored.Select(s => s.EarlyStatistics!)]);
            await output.WriteLineAsync($"early-stage statistics of {scored.Count} images in {earlyPath}");
        }
    }

    // /proc/loadavg starts with the 1-minute load average; other systems do not expose it this way.
    private static double? LoadAverage()
    {
        try
        {
            var text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : null;
            return text is not null && double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string DefaultName(EvaluateArguments options)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(options.Labels))) ?? "dataset";
        return options.Split is null ? folder : $"{folder}-{options.Split}";
    }

    /// <summary>The invocation as someone would type it from the repository root.</summary>
    internal static string CommandLine(IReadOnlyList<string> args) => OptionParser.CommandLine("evaluate", args);
}
