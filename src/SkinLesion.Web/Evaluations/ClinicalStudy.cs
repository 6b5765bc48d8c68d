using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;

namespace SkinLesion.Web.Evaluations;

/// <summary>
/// The clinical-data fusion study's report (written by training/clinical.py study; tables in
/// models/evaluation/clinical/README.md), at the path the manifest's <c>clinical.report</c> names, for the model page's
/// "Clinical data" section. Read on each call, as the evaluation reports are; a report that cannot be read is skipped
/// with a warning, never thrown, and the page still shows the manifest's decision and gain.
/// </summary>
public sealed partial class ClinicalStudy(IOptions<ModelOptions> model, ISkinLesionClassifier classifier, ILogger<ClinicalStudy> logger)
{
    /// <summary>The report's sections shown, in order, with what each was measured on.</summary>
    private static readonly (string Key, string Caption)[] Sections =
    [
        ("validationCrossValidated", "HAM10000 validation, 5-fold lesion-grouped cross-validation: the figures the decision was taken on"),
        ("hamTest", "HAM10000 test split, scored once for the report (not used for the decision)"),
        ("isic2016Test", "ISIC 2016 test, another clinic's images (age and sex only: the set has no body site)"),
    ];

    private static readonly Dictionary<string, string> FigureNames = new(StringComparer.Ordinal)
    {
        ["balancedAccuracy"] = "Balanced accuracy",
        ["macroAuc"] = "Macro AUC",
        ["malignantAuc"] = "Malignant AUC",
        ["malignantSensitivity"] = "Malignant sensitivity",
        ["malignantSpecificity"] = "Malignant specificity",
        ["melanomaAuc"] = "Melanoma AUC",
        ["benignSpecificity"] = "Benign specificity",
        ["ece15"] = "Calibration error (ECE, 15 bins)",
        ["nll"] = "Log-loss",
    };

    /// <summary>The report's full path: <c>clinical.report</c> resolved beside the manifest; null where the manifest names none.</summary>
    public static string? PathBeside(string manifestPath, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Clinical?.Report is { } report
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(manifestPath)!, report))
            : null;
    }

    /// <summary>
    /// The report's tables, in <see cref="Sections"/> order, each only where the report has it; empty when the manifest
    /// names no report or it cannot be read (a warning names the file).
    /// </summary>
    public IReadOnlyList<ClinicalStudyTable> ReadTables()
    {
        if (PathBeside(model.Value.ResolveManifestPath(), classifier.Manifest) is not { } path)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the report is not a JSON object");
            }

            return Sections
                .Select(section => document.RootElement.TryGetProperty(section.Key, out var rows) ? Table(section.Key, section.Caption, rows) : null)
                .OfType<ClinicalStudyTable>()
                .ToList();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            LogSkipped(logger, path, error.Message);
            return [];
        }
    }

    /// <summary>{"image only (no fusion)": {"balancedAccuracy": 0.7754, ...}, ...} as a table; figures it lacks are dashes.</summary>
    private static ClinicalStudyTable Table(string key, string caption, JsonElement rows)
    {
        if (rows.ValueKind != JsonValueKind.Object || rows.EnumerateObject().Any(row => row.Value.ValueKind != JsonValueKind.Object))
        {
            throw new FormatException($"'{key}' is not an object of rows, each an object of figures");
        }

        var figures = rows.EnumerateObject()
            .SelectMany(row => row.Value.EnumerateObject().Select(figure => figure.Name))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ClinicalStudyTable(
            key,
            caption,
            [.. figures.Select(figure => FigureNames.GetValueOrDefault(figure, figure))],
            [.. rows.EnumerateObject().Select(row => new ClinicalStudyRow(row.Name, [.. figures.Select(figure => FigureText(row.Value, figure))]))]);
    }

    private static string FigureText(JsonElement row, string figure) =>
        row.TryGetProperty(figure, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble().ToString("0.0000", CultureInfo.InvariantCulture)
            : "—";

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Skipping the clinical-data study report {Path}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string path, string reason);
}
