namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// report.json, schema version 1. Written for people and for pages that list several reports
/// generically: <see cref="Dataset"/> says what was measured and whether it is external to training,
/// <see cref="Headline"/> carries the comparable figures under stable keys, <see cref="Rates"/> every rate
/// with its interval under the same keys training uses in the manifest.
/// </summary>
internal sealed record EvaluationReport
{
    public int SchemaVersion { get; init; } = 1;

    public string Kind { get; init; } = "skinlesion-evaluation";

    public required DatasetInfo Dataset { get; init; }

    /// <summary>The command line that produced the report, runnable from the repository root.</summary>
    public required string Command { get; init; }

    public required IReadOnlyList<string> Arguments { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    public required ModelInfo Model { get; init; }

    public required RunInfo Run { get; init; }

    public required BootstrapInfo Bootstrap { get; init; }

    public required IReadOnlyList<HeadlineFigure> Headline { get; init; }

    public required IReadOnlyDictionary<string, Estimate> Rates { get; init; }

    public required Figures Figures { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    public required IReadOnlyList<FailedImage> Failures { get; init; }

    public TrainingComparison? TrainingReference { get; init; }
}

/// <param name="Task">"seven-class", "isic2017-three-class" or "isic2016-melanoma".</param>
/// <param name="ExcludedBySplit">Labelled images left out because the split file puts them in another split.</param>
internal sealed record DatasetInfo(
    string Name,
    string Title,
    bool External,
    string LabelFormat,
    string Task,
    string Images,
    string Labels,
    string? Split,
    string? SplitFile,
    int Labelled,
    int Evaluated,
    int Failed,
    int ExcludedBySplit,
    int DuplicateImageFiles,
    IReadOnlyList<string> ClassesPresent,
    IReadOnlyList<string> ClassesAbsent,
    IReadOnlyDictionary<string, int> ImageSizes);

internal sealed record ModelInfo(
    string Name,
    string Version,
    string Sha256,
    string JpegDecoder,
    string DecisionRule,
    double MalignantThreshold,
    IReadOnlyList<string> MalignantClasses);

/// <param name="LoadAverage">The 1-minute load average when the run started (Linux), so a throughput measured on a busy machine is recognisable as such.</param>
internal sealed record MachineInfo(int ProcessorCount, string OperatingSystem, string Architecture, string Runtime, double? LoadAverage);

/// <param name="Seconds">Wall clock from the first archive read to the last result: reading, decoding, geometry and inference.</param>
internal sealed record RunInfo(MachineInfo Machine, int Parallelism, int IntraOpThreads, double ModelLoadSeconds, double Seconds, double ImagesPerSecond);

/// <param name="ResampledBy">"lesion_id" when the labels carry lesion ids, otherwise "image".</param>
/// <param name="Units">How many lesions (or images) each resample draws.</param>
internal sealed record BootstrapInfo(int Replicates, uint Seed, double Confidence, string ResampledBy, int Units, string Method);

/// <summary>A rate and its 95% interval; both null when undefined on this set (e.g. no positives).</summary>
internal sealed record Estimate(double? Value, IReadOnlyList<double>? Ci95);

/// <summary>
/// A figure meant for comparison across sets. Keys are stable: balancedAccuracy, melanomaAuc,
/// malignantSensitivity, malignantSpecificity, malignantAuc, and set-specific ones; the definition says
/// how this set's labels turn into it.
/// </summary>
internal sealed record HeadlineFigure(string Key, string Label, double? Value, IReadOnlyList<double>? Ci95, string Definition);

internal sealed record ClassFigures(int Support, int Predicted, Estimate Recall, Estimate Precision, Estimate F1, Estimate Auc);

/// <param name="Rows">Counts; rows are the true class, columns the predicted one, both in <paramref name="Labels"/> order.</param>
internal sealed record ConfusionMatrixFigure(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<long>> Rows, string Definition);

internal sealed record ReliabilityRow(double Lower, double Upper, int Count, double? MeanConfidence, double? Accuracy);

/// <param name="PredictedClassCounts">How often the shipped seven-class rule named each class, on every set.</param>
/// <param name="Other">Single values without intervals (argmax accuracy, NLL, ...).</param>
internal sealed record Figures(
    ConfusionMatrixFigure ConfusionMatrix,
    IReadOnlyDictionary<string, ClassFigures>? PerClass,
    IReadOnlyDictionary<string, int> PredictedClassCounts,
    IReadOnlyList<ReliabilityRow>? Reliability,
    IReadOnlyDictionary<string, double?> Other);

internal sealed record FailedImage(string ImageId, string Reason, string Message);

internal sealed record MetricComparison(string Metric, Estimate Training, Estimate Evaluated, double? Difference);

/// <param name="Source">Where training's figures came from, e.g. "models/skin-lesion-mobilenetv2.json metrics.test".</param>
internal sealed record TrainingComparison(string Source, string MeasuredBy, IReadOnlyList<MetricComparison> Metrics, double? MaxAbsDifference, bool IdenticalToFourDecimals);
