using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Web.Api;
using SkinLesion.Web.Evaluations;
using SkinLesion.Web.Hosting;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Pages;

/// <summary>The model card for people: the same manifest GET /api/v1/model returns, laid out as tables and figures.</summary>
public sealed class ModelModel(
    ISkinLesionClassifier classifier,
    IOptions<UploadOptions> upload,
    IOptions<ImageOptions> images,
    EvaluationReports evaluationReports) : PageModel
{
    // The manifest's metric keys in reading order, with the words a clinician knows them by.
    private static readonly (string Key, string Label)[] SummaryMetrics =
    [
        ("balancedAccuracy", "Balanced accuracy (shipped decision rule)"),
        ("accuracy", "Accuracy (shipped decision rule)"),
        ("macroAuc", "Macro one-vs-rest AUC"),
        ("malignantAuc", "Malignant-vs-benign AUC"),
        ("malignantSensitivity", "Malignant sensitivity at the threshold"),
        ("malignantSpecificity", "Malignant specificity at the threshold"),
        ("ece15", "Expected calibration error (15 bins)"),
    ];

    private static readonly Dictionary<string, string> FigureCaptions = new(StringComparer.Ordinal)
    {
        ["confusion"] = "Confusion matrix on the HAM10000 test split",
        ["roc"] = "ROC curves per class on the HAM10000 test split",
        ["reliability"] = "Reliability diagram: predicted probability against observed frequency (calibration)",
        ["curves"] = "Training curves: loss and validation metrics per epoch",
    };

    public ModelCardResponse Card { get; } = ModelCardResponse.From(classifier, upload.Value, images.Value);

    public IReadOnlyList<MetricRow> Metrics { get; private set; } = [];

    public IReadOnlyList<ClassMetricRow> PerClass { get; private set; } = [];

    public IReadOnlyList<FigureView> Figures { get; private set; } = [];

    /// <summary>Every readable models/evaluation/*/report.json of a labelled set, held-out split first.</summary>
    public IReadOnlyList<EvaluationReport> Evaluations { get; private set; } = [];

    /// <summary>Reports of negative sets (images that are not dermoscopic): only how many the service rejects.</summary>
    public IReadOnlyList<EvaluationReport> NegativeSets { get; private set; } = [];

    /// <summary>Whether any labelled report says how many images were accepted (schema 1.1); older ones show only their image count.</summary>
    public bool ShowsAcceptance => Evaluations.Any(report => report.Assessment is not null);

    public EvaluationChart? EvaluationChart { get; private set; }

    public string? DataName { get; private set; }

    public string? DataAttribution { get; private set; }

    public string? ExternalSets { get; private set; }

    public string ThresholdText => ClassificationView.Percent(Card.MalignantThreshold.Value);

    public string? TargetSensitivityText => Card.MalignantThreshold.TargetSensitivity is { } sensitivity
        ? string.Create(CultureInfo.InvariantCulture, $"{sensitivity * 100:0}%")
        : null;

    public string MaxUploadText => UploadLimitsView.From(upload.Value, images.Value).MaxSizeText;

    public void OnGet()
    {
        var test = Section(Card.Metrics, "test");
        var validation = Section(Card.Metrics, "validation");
        Metrics = SummaryMetrics
            .Select(metric => new MetricRow(metric.Label, Estimate(test, metric.Key), Estimate(validation, metric.Key)))
            .Where(row => row.Test is not null || row.Validation is not null)
            .ToList();
        PerClass = Card.Labels
            .Select(label => (label, stats: Section(Section(test, "perClass"), label.Code)))
            .Where(entry => entry.stats is not null)
            .Select(entry => new ClassMetricRow(
                entry.label.Code,
                entry.label.Name,
                entry.label.Malignant,
                Number(entry.stats, "support", "0"),
                Number(entry.stats, "recall", "0.000"),
                Number(entry.stats, "precision", "0.000"),
                Number(entry.stats, "auc", "0.000")))
            .ToList();
        Figures = Card.Figures is { ValueKind: JsonValueKind.Object } figures
            ? figures.EnumerateObject()
                .Select(figure => new FigureView(
                    $"{ClinicianPagesSetup.FiguresPath}/{Uri.EscapeDataString(figure.Name)}?v={Uri.EscapeDataString(Card.Version)}",
                    FigureCaptions.GetValueOrDefault(figure.Name, figure.Name)))
                .ToList()
            : [];
        var reports = evaluationReports.ReadAll();
        Evaluations = reports.Where(report => !report.Negative).ToList();
        NegativeSets = reports.Where(report => report.Negative && report.Assessment is not null).ToList();
        EvaluationChart = Evaluations.Count > 0 ? EvaluationChart.From(Evaluations) : null;
        var data = Card.Data is { ValueKind: JsonValueKind.Object } value ? value : (JsonElement?)null;
        DataName = Text(data, "name");
        DataAttribution = Text(data, "attribution");
        ExternalSets = Text(data, "externalSets");
    }

    private static JsonElement? Section(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object
            ? child
            : null;

    private static string? Text(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.String
            ? child.GetString()
            : null;

    private static string? Number(JsonElement? parent, string name, string format) =>
        parent is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Number
            ? child.GetDouble().ToString(format, CultureInfo.InvariantCulture)
            : null;

    /// <summary>"0.758 (0.710–0.803)" from {"value": .., "ci95": [lo, hi]}, or the bare number.</summary>
    private static string? Estimate(JsonElement? parent, string name)
    {
        if (parent is not { ValueKind: JsonValueKind.Object } element || !element.TryGetProperty(name, out var metric))
        {
            return null;
        }

        if (metric.ValueKind == JsonValueKind.Number)
        {
            return metric.GetDouble().ToString("0.000", CultureInfo.InvariantCulture);
        }

        if (metric.ValueKind != JsonValueKind.Object || !metric.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        var text = value.GetDouble().ToString("0.000", CultureInfo.InvariantCulture);
        return metric.TryGetProperty("ci95", out var ci) && ci.ValueKind == JsonValueKind.Array && ci.GetArrayLength() == 2
            ? string.Create(CultureInfo.InvariantCulture, $"{text} ({ci[0].GetDouble():0.000}–{ci[1].GetDouble():0.000})")
            : text;
    }
}

public sealed record MetricRow(string Label, string? Test, string? Validation);

public sealed record ClassMetricRow(string Code, string Name, bool Malignant, string? Support, string? Recall, string? Precision, string? Auc);

public sealed record FigureView(string Url, string Caption);
