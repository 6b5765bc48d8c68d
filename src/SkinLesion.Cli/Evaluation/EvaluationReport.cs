namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// report.json, schema version 1 (minor version 1). Written for people and for pages that list several reports
/// generically: <see cref="Dataset"/> says what was measured and whether it is external to training,
/// <see cref="Headline"/> carries the comparable figures under stable keys, <see cref="Rates"/> every rate
/// with its interval under the same keys training uses in the manifest. Minor versions only add fields:
/// 1.1 adds <see cref="Assessment"/> (classified/uncertain/rejected), <see cref="Subsets"/> (figures on
/// accepted, classified-only and uncertain-only images) and negative sets (task "negative", no classification figures).
/// </summary>
internal sealed record EvaluationReport
{
    public const int CurrentMinorVersion = 1;

    public int SchemaVersion { get; init; } = 1;

    /// <summary>The command writes <see cref="CurrentMinorVersion"/>; absent (read as 0) in reports written before 1.1.</summary>
    public int SchemaMinorVersion { get; init; }

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

    /// <summary>Null on a negative set, which has no diagnoses to compare with.</summary>
    public required Figures? Figures { get; init; }

    /// <summary>What the service would have said of each evaluated image (classified / uncertain / rejected); null in reports before 1.1.</summary>
    public AssessmentFigures? Assessment { get; init; }

    /// <summary>
    /// The classification figures again on parts of the evaluated images: "accepted" (classified + uncertain),
    /// "classified" (classified only) and "uncertain" (uncertain only). Null on negative sets and in reports before 1.1.
    /// </summary>
    public IReadOnlyDictionary<string, SubsetFigures>? Subsets { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    public required IReadOnlyList<FailedImage> Failures { get; init; }

    public TrainingComparison? TrainingReference { get; init; }
}

/// <param name="Task">"seven-class", "isic2017-three-class", "isic2016-melanoma", or "negative" for a set without diagnoses.</param>
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

/// <summary>How many images the service would classify, report as uncertain or reject (Inference's Assessment).</summary>
/// <param name="Accepted">Classified + uncertain: images shown with probabilities.</param>
internal sealed record StatusCounts(int Classified, int Uncertain, int Rejected, int Accepted);

/// <summary>The manifest's uncertainty band: uncertain when the named class's probability is below the minimum or the malignant probability lies in [from, to).</summary>
internal sealed record UncertaintyInfo(double MinTopProbability, double BorderlineFrom, double BorderlineTo);

/// <summary>The screening in force for the run.</summary>
/// <param name="OutOfDistribution">The artifact's file and version, or null when the manifest lists none (the distance check was off).</param>
/// <param name="DistanceThreshold">Embedding distance above which an image is rejected as not dermoscopic; null without the artifact.</param>
/// <param name="TextureMinimum">Texture (mean neighbour difference of the model-input pixels) below which an image is rejected as featureless.</param>
/// <param name="Uncertainty">Null when the manifest has no uncertainty section (then no image is uncertain).</param>
/// <param name="EarlyThreshold">Early-stage statistics distance above which an image is rejected as not dermoscopic; null when the artifact has no such check.</param>
internal sealed record ScreeningInfo(string? OutOfDistribution, double? DistanceThreshold, double? TextureMinimum, UncertaintyInfo? Uncertainty, double? EarlyThreshold = null);

/// <summary>The statuses of one group of images (a negative set's group, or a labelled set's true label).</summary>
/// <param name="Rates">accepted, classified, uncertain, rejected as shares of <paramref name="Images"/>.</param>
internal sealed record StatusGroup(string Name, int Images, StatusCounts Counts, IReadOnlyDictionary<string, int> Reasons, IReadOnlyDictionary<string, double?> Rates);

/// <summary>report.json "assessment" (schema 1.1): the statuses of every evaluated image.</summary>
/// <param name="Images">Evaluated images (failures are not assessed; they are listed in failures).</param>
/// <param name="Reasons">Images carrying each reason code; an uncertain image can carry two, so these may add up to more than the uncertain count.</param>
/// <param name="Rates">accepted, classified, uncertain, rejected as shares of the evaluated images, with bootstrap intervals.</param>
/// <param name="GroupedBy">"group" on a negative set, "label" (the true label) on a labelled one.</param>
internal sealed record AssessmentFigures(
    string Definition,
    ScreeningInfo Screening,
    int Images,
    StatusCounts Counts,
    IReadOnlyDictionary<string, int> Reasons,
    IReadOnlyDictionary<string, Estimate> Rates,
    string GroupedBy,
    IReadOnlyList<StatusGroup> Groups);

/// <summary>The classification figures on a subset of the evaluated images, under the same keys as the report's own.</summary>
/// <param name="Images">Images in the subset; 0 leaves headline and rates empty.</param>
/// <param name="Units">Lesions (or images) the subset's bootstrap resamples.</param>
internal sealed record SubsetFigures(
    string Definition,
    int Images,
    int Units,
    IReadOnlyList<HeadlineFigure> Headline,
    IReadOnlyDictionary<string, Estimate> Rates,
    ConfusionMatrixFigure? ConfusionMatrix);
