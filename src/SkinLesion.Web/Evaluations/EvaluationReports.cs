using System.Text.Json;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Web.Evaluations;

/// <summary>
/// Reads every models/evaluation/*/report.json next to the loaded model's manifest (format in
/// models/evaluation/README.md, shape in <see cref="EvaluationReport"/>), so a report dropped there shows on the
/// model page without a code change. The report a manifest section names for itself (the clinical-data study,
/// <see cref="ClinicalStudy"/>) is that section's, not a data set's, and is left out here.
/// </summary>
public sealed partial class EvaluationReports(IOptions<ModelOptions> model, ISkinLesionClassifier classifier, ILogger<EvaluationReports> logger)
{
    public const string FolderName = "evaluation";

    /// <summary>The headline keys compared across sets, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> ComparedFigures =
    [
        ("balancedAccuracy", "Balanced accuracy"),
        ("melanomaAuc", "Melanoma AUC"),
        ("malignantSensitivity", "Malignant sensitivity"),
        ("malignantSpecificity", "Malignant specificity"),
    ];

    /// <summary>The evaluation folder beside the manifest, found as the figures endpoint finds the model's PNGs.</summary>
    public string Directory => Path.Combine(Path.GetDirectoryName(model.Value.ResolveManifestPath())!, FolderName);

    /// <summary>
    /// The readable reports, held-out split first, then external sets by name, then negative sets (task "negative",
    /// images that are not dermoscopic; schema 1.1). Read on each call: the files are a few hundred kilobytes at most
    /// and the page is rarely visited, and this way a new report needs no restart.
    /// A report that cannot be read or does not follow schema version 1 is skipped with a warning, never thrown.
    /// </summary>
    public IReadOnlyList<EvaluatedSet> ReadAll()
    {
        var directory = Directory;
        if (!System.IO.Directory.Exists(directory))
        {
            LogNoFolder(logger, directory);
            return [];
        }

        var sets = new List<EvaluatedSet>();
        string? study = ClinicalStudy.PathBeside(model.Value.ResolveManifestPath(), classifier.Manifest);
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, EvaluationReport.FileName, SearchOption.AllDirectories)
                     .Where(path => Path.GetDirectoryName(Path.GetDirectoryName(path)) == directory)
                     .Where(path => !string.Equals(Path.GetFullPath(path), study, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            try
            {
                sets.Add(new EvaluatedSet(Check(EvaluationReport.Read(path))));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
            {
                LogSkipped(logger, path, error.Message);
            }
        }

        return sets
            .OrderBy(set => set.Negative)
            .ThenBy(set => set.External)
            .ThenBy(set => set.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The labelled sets' reports (see <see cref="ReadAll"/>); negative sets are left out, as they have no classification figures.</summary>
    internal IReadOnlyList<EvaluatedSet> Read() => ReadAll().Where(set => !set.Negative).ToList();

    /// <summary>
    /// What the page relies on beyond the shape the JSON reader checks; throws FormatException naming the first thing
    /// that does not follow schema 1.
    /// </summary>
    internal static EvaluationReport Check(EvaluationReport report)
    {
        Require(report.SchemaVersion == EvaluationReport.CurrentSchemaVersion, $"schemaVersion is not {EvaluationReport.CurrentSchemaVersion}");
        Require(report.Kind == EvaluationReport.ReportKind, $"kind is not \"{EvaluationReport.ReportKind}\"");
        Require(report.Dataset is not null, "dataset is missing");
        Require(!string.IsNullOrWhiteSpace(report.Dataset!.Name), "dataset.name is missing");
        Require(report.Headline is not null, "headline is not a list");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var figure in report.Headline!)
        {
            CheckFigure(figure);
            Require(keys.Add(figure.Key), $"headline key '{figure.Key}' appears twice");
        }

        if (report.Assessment is { } assessment)
        {
            CheckAssessment(assessment);
        }

        return report;
    }

    private static void CheckFigure(HeadlineFigure? figure)
    {
        Require(figure is not null, "a headline entry is not an object");
        Require(!string.IsNullOrWhiteSpace(figure!.Key), "a headline entry has no key");
        Require(figure.Value is not null, $"headline '{figure.Key}' has no numeric value");
        Require(figure.Ci95 is null || (figure.Ci95 is [var lower, var upper] && lower <= upper), $"headline '{figure.Key}' has a ci95 that is not [lower, upper]");
    }

    /// <summary>Schema 1.1's "assessment": counts per status, reasons, and per group (negative sets) or true label.</summary>
    private static void CheckAssessment(AssessmentFigures assessment)
    {
        Require(assessment.Counts is not null, "assessment.counts is missing");
        Require(assessment.Groups is not null, "assessment.groups is not a list");
        foreach (var group in assessment.Groups!)
        {
            Require(group is not null, "an assessment group is not an object");
            Require(!string.IsNullOrWhiteSpace(group!.Name), "an assessment group has no name");
            Require(group.Counts is not null, "an assessment group has no counts");
            Require(group.Reasons is not null, "an assessment group has no reasons");
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "No evaluation reports: {Directory} does not exist")]
    private static partial void LogNoFolder(ILogger logger, string directory);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Skipping evaluation report {Path}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string path, string reason);

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new FormatException(reason);
        }
    }
}
