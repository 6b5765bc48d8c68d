using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Inference.Evaluation;

/// <summary>
/// report.json, schema version 1 (minor version 3), the one definition of the file: the evaluate command
/// writes it and the web app's model page reads it. Written for people and for pages that list several reports
/// generically: <see cref="Dataset"/> says what was measured and whether it is external to training,
/// <see cref="Headline"/> carries the comparable figures under stable keys, <see cref="Rates"/> every rate
/// with its interval under the same keys training uses in the manifest. Minor versions only add fields:
/// 1.1 adds <see cref="Assessment"/> (classified/uncertain/rejected), <see cref="Subsets"/> (figures on
/// accepted, classified-only and uncertain-only images) and negative sets (task "negative", no classification figures);
/// 1.2 adds <see cref="OperatingPoint"/> (the shipped operating point or a site profile's);
/// 1.3 adds <see cref="Segmentation"/> (the lesion outline against reference masks, and the measures' AUCs).
/// </summary>
public sealed record EvaluationReport
{
    /// <summary>The file's name in each models/evaluation/&lt;set&gt;/ folder.</summary>
    public const string FileName = "report.json";

    public const int CurrentSchemaVersion = 1;

    /// <summary>The minor version of a report with the operating point (1.2) and no segmentation section.</summary>
    public const int OperatingPointMinorVersion = 2;

    /// <summary>The minor version of a report with a segmentation section (1.3). A report says the lowest minor version its fields need, so every report without the section stays a 1.2 file.</summary>
    public const int SegmentationMinorVersion = 3;

    /// <summary>The newest minor version this code reads and writes.</summary>
    public const int CurrentMinorVersion = SegmentationMinorVersion;

    /// <summary>The value of <see cref="Kind"/> that tells this file from other JSON.</summary>
    public const string ReportKind = "skinlesion-evaluation";

    /// <summary>The command writes <see cref="CurrentSchemaVersion"/>; a reader skips a version it does not know.</summary>
    public required int SchemaVersion { get; init; }

    /// <summary><see cref="OperatingPointMinorVersion"/>, or <see cref="SegmentationMinorVersion"/> with a segmentation section; 1 in reports written before the operating point, absent (read as 0) before 1.1.</summary>
    public int SchemaMinorVersion { get; init; }

    /// <summary>Always <see cref="ReportKind"/>.</summary>
    public required string Kind { get; init; }

    public required DatasetInfo Dataset { get; init; }

    /// <summary>The command line that produced the report, runnable from the repository root.</summary>
    public required string Command { get; init; }

    public required IReadOnlyList<string> Arguments { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    public required ModelInfo Model { get; init; }

    /// <summary>
    /// Where the threshold and the uncertainty band of the figures came from: the manifest's (shipped) or a site profile's
    /// (evaluate --site-profile). Null in reports before 1.2, which all used the shipped one.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OperatingPointInfo? OperatingPoint { get; init; }

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

    /// <summary>
    /// The lesion outline against reference masks and the measures' AUCs; only from <c>evaluate --segment</c>, null
    /// otherwise and before 1.2. Left out of the file when null, so a report without it is byte for byte a 1.1 file.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public SegmentationFigures? Segmentation { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    public required IReadOnlyList<FailedImage> Failures { get; init; }

    public TrainingComparison? TrainingReference { get; init; }

    /// <summary>The file's text: indented JSON and a final newline, as committed under models/evaluation/.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EvaluationReportJsonContext.Report.EvaluationReport) + "\n";

    /// <summary>Reads a report; throws <see cref="JsonException"/> naming the path of a value that does not fit the shape.</summary>
    public static EvaluationReport FromJson(string json) =>
        JsonSerializer.Deserialize(json, EvaluationReportJsonContext.Report.EvaluationReport)
            ?? throw new JsonException("The document is null, not a report.");

    public static EvaluationReport Read(string path) => FromJson(File.ReadAllText(path));
}
