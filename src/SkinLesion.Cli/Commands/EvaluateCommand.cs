using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using SkinLesion.Cli.Data;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Cli.Metrics;
using SkinLesion.Inference;

namespace SkinLesion.Cli.Commands;

/// <summary>
/// <c>evaluate</c>: labels → selected images → the server's classifier (same options type, same class)
/// → figures with bootstrap intervals → report.json, README.md, predictions.csv.
/// </summary>
internal sealed class EvaluateCommand(TextWriter output, TextWriter error, bool interactive, TimeProvider time)
{
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        EvaluateArguments? options;
        try
        {
            options = EvaluateArguments.Parse(args);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            await error.WriteLineAsync("Run with --help for usage.");
            return 2;
        }

        if (options is null)
        {
            await output.WriteLineAsync(EvaluateArguments.Usage);
            return 0;
        }

        try
        {
            await EvaluateAsync(options, args, cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ex is InputFileException or ModelLoadException or InvalidDataException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    private async Task EvaluateAsync(EvaluateArguments options, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var labelSet = LabelFile.Read(options.Labels);
        var labels = labelSet.Images;
        int excludedBySplit = 0;
        if (options.Split is { } split)
        {
            var inSplit = SplitFilter.Read(options.SplitFile!, split);
            labels = [.. labelSet.Images.Where(l => inSplit.Contains(l.ImageId))];
            excludedBySplit = labelSet.Images.Count - labels.Count;
            if (labels.Count == 0)
            {
                throw new InputFileException($"None of the {labelSet.Images.Count} labelled images is in split '{split}' of '{options.SplitFile}'.");
            }
        }

        var source = ImageSource.Open(options.Images);
        string name = options.Name ?? DefaultName(options);
        await output.WriteLineAsync($"{name}: {labels.Count} {(labelSet.IsNegative ? "listed" : "labelled")} images ({labelSet.FormatName}{(excludedBySplit > 0 ? $", {excludedBySplit} in other splits left out" : string.Empty)}) from {options.Images}");

        var modelOptions = new ModelOptions
        {
            // The library resolves a relative path against its base directory (the shipped model);
            // a path typed on the command line means the current directory.
            Path = options.Model is null ? ModelOptions.DefaultPath : Path.GetFullPath(options.Model),
            IntraOpNumThreads = options.IntraOpThreads,
            MaxConcurrentInferences = options.Parallelism,
        };
        var imageOptions = new ImageOptions { JpegDecoder = options.JpegDecoder };
        long loadStart = time.GetTimestamp();
        using var classifier = new SkinLesionClassifier(modelOptions, imageOptions, time, NullLogger<SkinLesionClassifier>.Instance);
        if (options.Embeddings is not null && classifier.Manifest.Outputs.Embedding is null)
        {
            // Before the run, not after it: the whole evaluation would be wasted.
            throw new InvalidDataException("The manifest names no embedding output, so --embeddings cannot be written.");
        }

        if (options.EarlyStatistics is not null && classifier.Manifest.Outputs.EarlyStatistics is null)
        {
            throw new InvalidDataException("The manifest names no earlyStatistics output, so --early-statistics cannot be written.");
        }

        var loadTime = time.GetElapsedTime(loadStart);
        await output.WriteLineAsync($"model {classifier.Model.Name} {classifier.Model.Version} (sha256 {classifier.Model.Sha256[..12]}…), JPEG decoder {classifier.JpegDecoder}; parallelism {options.Parallelism} on {Environment.ProcessorCount} logical cores");

        double? loadAverage = LoadAverage();
        var progress = new ProgressReporter(output, interactive, labels.Count, time);
        var outcome = await new EvaluationRunner(classifier, options.Parallelism).RunAsync(labels, source, progress, cancellationToken);
        if (outcome.Scored.Count == 0)
        {
            throw new InvalidDataException($"No image could be evaluated ({outcome.Failures.Count} failed, e.g. {outcome.Failures[0].ImageId}: {outcome.Failures[0].Message}).");
        }

        var manifest = classifier.Manifest;
        bool negative = labelSet.IsNegative;
        bool byLesion = outcome.Scored.All(s => s.Label.LesionId is not null);
        var bootstrap = new Bootstrap(outcome.Scored.Count, byLesion ? [.. outcome.Scored.Select(s => s.Label.LesionId!)] : null, options.BootstrapReplicates, options.Seed);
        var screening = Screening(manifest, outcome.Scored);
        var assessment = AssessmentCalculator.Summarise(outcome.Scored, bootstrap, screening, negative);
        var computed = negative
            ? NegativeFigures(assessment)
            : new FigureCalculator(outcome.Scored, manifest, bootstrap).Compute(labelSet.Format);
        var subsets = negative
            ? null
            : AssessmentCalculator.Subsets(outcome.Scored, manifest, labelSet.Format, byLesion, options.BootstrapReplicates, options.Seed);

        string compareKey = options.CompareWith ?? options.Split ?? name;
        var notes = computed.Notes.ToList();
        if (screening.OutOfDistribution is null)
        {
            notes.Add("The manifest lists no out-of-distribution artifact, so only the texture floor could reject an image (not-dermoscopic cannot occur in this run).");
        }

        if (screening.Uncertainty is null)
        {
            notes.Add("The manifest has no uncertainty section, so no image could be reported as uncertain in this run.");
        }

        if (!classifier.JpegDecoder.StartsWith("libjpeg-turbo", StringComparison.Ordinal))
        {
            notes.Add("JPEGs were decoded by ImageSharp, not libjpeg-turbo: pixels differ slightly from training's Pillow decode, so probabilities differ from training's by up to ~0.09 (docs/decisions/0004-jpeg-decoder.md).");
        }

        int resized = outcome.Scored.Count(s => s.Width != manifest.Input.Width || s.Height != manifest.Input.Height);
        if (resized > 0 && !negative)
        {
            notes.Add($"{resized} of {outcome.Scored.Count} images are not {manifest.Input.Width}x{manifest.Input.Height}, so the served geometry rule cropped and resized them with ImageSharp's bicubic filter; training resized with Pillow's bicubic, whose pixels differ slightly. Borderline images can therefore land on the other side of a decision than in training's own figures (measured in models/evaluation/README.md).");
        }

        int evaluated = outcome.Scored.Count;
        int attempted = evaluated + outcome.Failures.Count(f => f.Reason != "NotFound");
        var report = new EvaluationReport
        {
            Dataset = new DatasetInfo(
                name,
                options.Title ?? name,
                options.External ?? options.Split is null,
                labelSet.FormatName,
                computed.Task,
                options.Images,
                options.Labels,
                options.Split,
                options.SplitFile,
                labels.Count,
                evaluated,
                outcome.Failures.Count,
                excludedBySplit,
                outcome.DuplicateImageFiles,
                computed.ClassesPresent,
                computed.ClassesAbsent,
                outcome.Scored.GroupBy(s => $"{s.Width}x{s.Height}").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(10).ToDictionary(g => g.Key, g => g.Count())),
            SchemaMinorVersion = EvaluationReport.CurrentMinorVersion,
            Command = CommandLine(args),
            Arguments = [.. args],
            CreatedUtc = time.GetUtcNow(),
            Model = new ModelInfo(
                classifier.Model.Name,
                classifier.Model.Version,
                classifier.Model.Sha256,
                classifier.JpegDecoder,
                manifest.DecisionRule.Exponent is { } exponent ? string.Create(CultureInfo.InvariantCulture, $"{manifest.DecisionRule.Type} (exponent {exponent})") : manifest.DecisionRule.Type,
                manifest.MalignantThreshold.Value,
                [.. manifest.Labels.Where(l => l.Malignant).Select(l => l.Code)]),
            Run = new RunInfo(
                new MachineInfo(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture.ToString(), RuntimeInformation.FrameworkDescription, loadAverage),
                options.Parallelism,
                options.IntraOpThreads,
                Math.Round(loadTime.TotalSeconds, 2),
                Math.Round(outcome.Elapsed.TotalSeconds, 2),
                Math.Round(attempted / outcome.Elapsed.TotalSeconds, 1)),
            Bootstrap = new BootstrapInfo(
                options.BootstrapReplicates,
                options.Seed,
                0.95,
                byLesion ? "lesion_id" : "image",
                bootstrap.Units,
                "percentile; resamples drawn like numpy default_rng(seed).integers, as training/skinlesion/metrics.py bootstrap_ci"),
            Headline = computed.Headline,
            Rates = computed.Rates,
            Figures = computed.Figures,
            Assessment = assessment,
            Subsets = subsets,
            Notes = notes,
            Failures = outcome.Failures,
            TrainingReference = negative ? null : TrainingReference.Compare(
                manifest.Metrics,
                compareKey,
                Path.GetFileName(modelOptions.Path),
                computed.Rates,
                $"Training scored the same images with PyTorch (fp32) on its own Pillow/libjpeg-turbo decode; this run used ONNX Runtime on CPU through SkinLesion.Inference (JPEG decoder {classifier.JpegDecoder}). Figures are rounded to four decimals on both sides."),
        };

        ReportWriter.Write(options.Out, report, outcome.Scored, [.. manifest.Labels.Select(l => l.Code)], manifest.MalignantThreshold.Value);
        if (options.Embeddings is { } embeddingsPath)
        {
            NpyWriter.WriteMatrix(embeddingsPath, [.. outcome.Scored.Select(s => s.Embedding!)]);
            await output.WriteLineAsync($"embeddings of {outcome.Scored.Count} images in {embeddingsPath}");
        }

        if (options.EarlyStatistics is { } earlyPath)
        {
            NpyWriter.WriteMatrix(earlyPath, [.. outcome.Scored.Select(s => s.EarlyStatistics!)]);
            await output.WriteLineAsync($"early-stage statistics of {outcome.Scored.Count} images in {earlyPath}");
        }
        await WriteSummaryAsync(report, options.Out);
    }

    private async Task WriteSummaryAsync(EvaluationReport report, string directory)
    {
        foreach (var h in report.Headline)
        {
            string ci = h.Ci95 is { Count: 2 } c ? string.Create(CultureInfo.InvariantCulture, $" ({c[0]:0.000}–{c[1]:0.000})") : string.Empty;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {h.Label,-24} {(h.Value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—")}{ci}"));
        }

        if (report.Assessment is { } assessment)
        {
            await output.WriteLineAsync($"  assessment: {ReportWriter.StatusSentence(assessment)}");
            if (report.Figures is null)
            {
                foreach (var group in assessment.Groups)
                {
                    await output.WriteLineAsync($"    {group.Name,-12} {group.Counts.Rejected,4} of {group.Images,4} rejected ({ReportWriter.P(group.Rates.GetValueOrDefault(AssessmentCalculator.Rejected))})");
                }
            }
            else if (report.Subsets?.GetValueOrDefault(AssessmentCalculator.Accepted) is { Images: > 0 } accepted)
            {
                foreach (var h in accepted.Headline)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {h.Label + " (accepted)",-35} {(h.Value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—")}"));
                }
            }
        }

        if (report.TrainingReference is { } reference)
        {
            await output.WriteLineAsync(reference.IdenticalToFourDecimals
                ? $"  agrees with {reference.Source}: every value and interval identical to four decimals"
                : string.Create(CultureInfo.InvariantCulture, $"  vs {reference.Source}: largest difference {reference.MaxAbsDifference:0.0000}"));
        }

        if (report.Failures.Count > 0)
        {
            await error.WriteLineAsync($"warning: {report.Failures.Count} image(s) failed and are listed in the report, e.g. {report.Failures[0].ImageId}: {report.Failures[0].Reason}");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{report.Dataset.Evaluated} images at {report.Run.ImagesPerSecond:0.0} images/s; report in {Path.Combine(directory, ReportWriter.ReportFile)}"));
    }

    /// <summary>The screening in force: the artifact and thresholds the results carry, the manifest's uncertainty band.</summary>
    private static ScreeningInfo Screening(ModelManifest manifest, IReadOnlyList<ScoredImage> scored)
    {
        var first = scored.Count > 0 ? scored[0].Assessment.Screening : null;
        return new ScreeningInfo(
            manifest.OutOfDistribution is { } ood ? $"{ood.File} {ood.Version}" : null,
            first?.DistanceThreshold,
            first?.TextureMinimum,
            manifest.Uncertainty is { } u ? new UncertaintyInfo(u.MinTopProbability, u.BorderlineFrom, u.BorderlineTo) : null,
            first?.EarlyThreshold);
    }

    /// <summary>A negative set has no diagnoses: its one figure is the share of images the service rejects.</summary>
    private static ComputedFigures NegativeFigures(AssessmentFigures assessment)
    {
        var rejected = assessment.Rates[AssessmentCalculator.Rejected];
        const string definition = "share of the evaluated images the service rejects (featureless-image or not-dermoscopic), so that no diagnosis is shown; every image of a negative set should be rejected";
        return new ComputedFigures(
            "negative",
            [new HeadlineFigure("rejectedRate", "Rejected", rejected.Value, rejected.Ci95, definition)],
            new Dictionary<string, Estimate> { ["rejectedRate"] = rejected },
            null,
            [],
            [],
            ["A negative set: images that are not dermoscopic photographs of a skin lesion and carry no diagnosis, so no classification figures are defined. It measures screening only; an image that is not rejected would be shown with a diagnosis (see assessment.groups and predictions.csv)."]);
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
    internal static string CommandLine(IReadOnlyList<string> args) =>
        "dotnet run --project src/SkinLesion.Cli -c Release -- evaluate " + string.Join(" ", args.Select(Quote));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:+,@".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
