using System.Globalization;
using System.Runtime.InteropServices;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Cli.Metrics;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Commands;

/// <summary>Turns a finished run into its report: the figures with their bootstrap intervals, the assessment, and what the run was.</summary>
internal static class ReportBuilder
{
    /// <param name="bootstrap">The run's resamples (<see cref="BootstrapFor"/>), shared with any figures added to the report afterwards.</param>
    public static EvaluationReport Build(EvaluationRun run, Bootstrap bootstrap, DateTimeOffset createdUtc)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(bootstrap);
        var options = run.Options;
        var scored = run.Outcome.Scored;
        var manifest = run.Classifier.Manifest;
        var labelSet = run.Labels.LabelSet;
        bool negative = labelSet.IsNegative;
        bool byLesion = ByLesion(scored);
        var operatingPoint = run.Classifier.OperatingPoint;
        var screening = AssessmentCalculator.Screening(manifest, scored, operatingPoint);
        var assessment = AssessmentCalculator.Summarise(scored, bootstrap, screening, negative);
        var computed = negative
            ? AssessmentCalculator.NegativeSetFigures(assessment)
            : new FigureCalculator(scored, manifest, operatingPoint.Threshold, bootstrap).Compute(labelSet.Format);
        return new EvaluationReport
        {
            SchemaVersion = EvaluationReport.CurrentSchemaVersion,
            SchemaMinorVersion = EvaluationReport.OperatingPointMinorVersion,
            Kind = EvaluationReport.ReportKind,
            Dataset = Dataset(run, computed),
            Command = EvaluateCommand.CommandLine(run.Arguments),
            Arguments = [.. run.Arguments],
            CreatedUtc = createdUtc,
            Model = Model(run),
            OperatingPoint = new OperatingPointInfo(operatingPoint.Kind, operatingPoint.Name, operatingPoint.Version, operatingPoint.Threshold,
                AssessmentCalculator.UncertaintyOf(operatingPoint), options.SiteProfile),
            Run = Run(run),
            Bootstrap = BootstrapFacts(options, byLesion, bootstrap.Units),
            Headline = computed.Headline,
            Rates = computed.Rates,
            Figures = computed.Figures,
            Assessment = assessment,
            Subsets = negative
                ? null
                : AssessmentCalculator.Subsets(scored, manifest, labelSet.Format, byLesion, options.BootstrapReplicates, options.Seed, operatingPoint),
            Notes = [.. RunNotes.For(computed, screening, run.Classifier.JpegDecoder, manifest.Input, scored, negative), .. SiteNote(operatingPoint, manifest), .. PartialSetNote(run), .. UnlabelledNote(run)],
            Failures = run.Outcome.Failures,

            // Training measured the shipped threshold on every image of the set; at a site's threshold the rates differ by
            // design, and with images left unscored the sets differ, so neither is compared.
            TrainingReference = negative || operatingPoint.IsSite || run.Outcome.Failures.Count > 0 ? null : Training(run, computed),
        };
    }

    /// <summary>The run's resamples: lesions when every image names its lesion, else images; the same for every figure of the report.</summary>
    public static Bootstrap BootstrapFor(EvaluationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var scored = run.Outcome.Scored;
        return new Bootstrap(scored.Count, ByLesion(scored) ? [.. scored.Select(s => s.Label.LesionId!)] : null, run.Options.BootstrapReplicates, run.Options.Seed);
    }

    private static bool ByLesion(IReadOnlyList<ScoredImage> scored) => scored.All(s => s.Label.LesionId is not null);

    private static DatasetInfo Dataset(EvaluationRun run, ComputedFigures computed)
    {
        var options = run.Options;
        var outcome = run.Outcome;
        return new DatasetInfo(
            run.Name,
            options.Title ?? run.Name,
            options.External ?? options.Split is null,
            run.Labels.LabelSet.FormatName,
            computed.Task,
            options.Images,
            options.Labels,
            options.Split,
            options.SplitFile,
            run.Labels.Images.Count,
            outcome.Scored.Count,
            outcome.Failures.Count,
            run.Labels.ExcludedBySplit,
            outcome.Source.DuplicateFiles,
            computed.ClassesPresent,
            computed.ClassesAbsent,
            ImageSizes(outcome.Scored));
    }

    /// <summary>The ten most frequent sizes, most frequent first.</summary>
    private static Dictionary<string, int> ImageSizes(IReadOnlyList<ScoredImage> scored) =>
        scored.GroupBy(s => $"{s.Width}x{s.Height}")
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(10)
            .ToDictionary(g => g.Key, g => g.Count());

    private static ModelInfo Model(EvaluationRun run)
    {
        var classifier = run.Classifier;
        var rule = classifier.Manifest.DecisionRule;
        return new ModelInfo(
            classifier.Model.Name,
            classifier.Model.Version,
            classifier.Model.Sha256,
            classifier.JpegDecoder,
            rule.Exponent is { } exponent ? string.Create(CultureInfo.InvariantCulture, $"{rule.Type} (exponent {exponent})") : rule.Type,
            classifier.OperatingPoint.Threshold,
            [.. classifier.Manifest.Labels.Where(l => l.Malignant).Select(l => l.Code)]);
    }

    // "Training scored the same images" was said beside 20 scored images of a set of 150, with differences up to 0.28.
    private static IEnumerable<string> PartialSetNote(EvaluationRun run)
    {
        if (run.Outcome.Failures.Count > 0 && TrainingMetrics.Section(run.Classifier.Manifest.Metrics, run.Options.CompareWith ?? run.Options.Split ?? run.Name) is not null)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Training's figures for this set are not compared: {run.Outcome.Failures.Count} of {run.Labels.Images.Count} images could not be scored here (listed under failures), so the two runs did not score the same images.");
        }
    }

    private static IEnumerable<string> UnlabelledNote(EvaluationRun run)
    {
        if (run.Outcome.Source.UnlabelledSentence is { } sentence)
        {
            yield return sentence;
        }
    }

    private static IEnumerable<string> SiteNote(OperatingPoint operatingPoint, ModelManifest manifest)
    {
        if (operatingPoint.Profile is { } profile)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Figures at the site profile's operating point: site '{profile.Site}' version {profile.Version}, threshold {operatingPoint.Threshold:0.######} (the manifest's is {manifest.MalignantThreshold.Value:0.######}), chosen by calibrate on {profile.ChosenOn.Malignant} malignant cases for sensitivity {profile.TargetSensitivity:0.##}; the uncertainty band starts at that threshold. Training's figures, made at the manifest's threshold, are not compared.");
        }
    }

    private static RunInfo Run(EvaluationRun run)
    {
        var outcome = run.Outcome;
        int attempted = outcome.Scored.Count + outcome.Failures.Count(f => f.Reason != "NotFound");
        return new RunInfo(
            new MachineInfo(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture.ToString(), RuntimeInformation.FrameworkDescription, run.LoadAverage),
            run.Options.Parallelism,
            run.Options.IntraOpThreads,
            Math.Round(run.LoadTime.TotalSeconds, 2),
            Math.Round(outcome.Elapsed.TotalSeconds, 2),
            Math.Round(attempted / outcome.Elapsed.TotalSeconds, 1));
    }

    private static BootstrapInfo BootstrapFacts(EvaluateArguments options, bool byLesion, int units) =>
        new(options.BootstrapReplicates, options.Seed, 0.95, byLesion ? "lesion_id" : "image", units,
            "percentile; resamples drawn like numpy default_rng(seed).integers, as training/skinlesion/metrics.py bootstrap_ci");

    private static TrainingComparison? Training(EvaluationRun run, ComputedFigures computed) =>
        TrainingReference.Compare(
            run.Classifier.Manifest.Metrics,
            run.Options.CompareWith ?? run.Options.Split ?? run.Name,
            Path.GetFileName(run.ManifestPath),
            computed.Rates,
            $"Training scored the same images with PyTorch (fp32) on its own Pillow/libjpeg-turbo decode; this run used ONNX Runtime on CPU through SkinLesion.Inference (JPEG decoder {run.Classifier.JpegDecoder}). Figures are rounded to four decimals on both sides.");
}
