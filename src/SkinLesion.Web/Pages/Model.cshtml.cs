using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Site;
using SkinLesion.Web.Api;
using SkinLesion.Web.Clinical;
using SkinLesion.Web.Evaluations;
using SkinLesion.Web.ModelCard;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Pages;

/// <summary>The model card for people: the same facts GET /api/v1/model returns, laid out as tables and figures.</summary>
public sealed class ModelModel(
    ISkinLesionClassifier classifier,
    IOptions<UploadOptions> upload,
    IOptions<ImageOptions> images,
    EvaluationReports evaluationReports,
    ClinicalFields clinicalFields,
    ClinicalStudy clinicalStudy) : PageModel
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

    public ModelFacts Facts { get; } = ModelFacts.From(classifier, upload.Value, images.Value);

    public IReadOnlyList<MetricRow> Metrics { get; private set; } = [];

    public IReadOnlyList<ClassMetricRow> PerClass { get; private set; } = [];

    /// <summary>Validation per training source at the shipped threshold; empty for a model trained on one source.</summary>
    public IReadOnlyList<SourceValidationRow> BySource { get; private set; } = [];

    public IReadOnlyList<FigureView> Figures { get; private set; } = [];

    /// <summary>Every readable models/evaluation/*/report.json of a labelled set, held-out split first.</summary>
    public IReadOnlyList<EvaluatedSet> Evaluations { get; private set; } = [];

    /// <summary>Reports of negative sets (images that are not dermoscopic): only how many the service rejects.</summary>
    public IReadOnlyList<EvaluatedSet> NegativeSets { get; private set; } = [];

    /// <summary>Whether any labelled report says how many images were accepted (schema 1.1); older ones show only their image count.</summary>
    public bool ShowsAcceptance => Evaluations.Any(set => set.Assessment is not null);

    public EvaluationChart? EvaluationChart { get; private set; }

    /// <summary>The clinical fields the model accepts and why it does not use them.</summary>
    public ClinicalFields ClinicalFields => clinicalFields;

    /// <summary>The clinical-data study's tables (validation, test); empty where the manifest names no report or it cannot be read.</summary>
    public IReadOnlyList<ClinicalStudyTable> ClinicalTables { get; private set; } = [];

    /// <summary>"balanced accuracy -0.0282, malignant AUC +0.0020", from the manifest; null without a clinical section.</summary>
    public string? ClinicalGainText => clinicalFields.GainText;

    /// <summary>The lesion segmentation graph and its figures; null when the model ships none.</summary>
    public SegmentationView? Segmentation { get; private set; }

    public string ThresholdText => ClassificationView.Percent(Facts.Manifest.MalignantThreshold.Value);

    /// <summary>The site profile verdicts use; null with the shipped operating point.</summary>
    public SiteProfile? Site => Facts.OperatingPoint.Profile;

    /// <summary>The shipped figures beside the site's; empty with the shipped operating point.</summary>
    public IReadOnlyList<OperatingPointRow> OperatingPointRows { get; private set; } = [];

    public string SiteThresholdText => ClassificationView.Percent(Facts.OperatingPoint.Threshold);

    /// <summary>The lower end of the site's sensitivity interval, which the guard rail reads ("0.741"); null without a site profile.</summary>
    public string? SiteSensitivityLowerText => Site is { SensitivityLowerBound: var lower } && !double.IsNaN(lower) ? FigureText.Number(lower) : null;

    /// <summary>A screening score (a logit) as the page shows it.</summary>
    public string Score(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>When an answer is uncertain, in the served operating point's figures; null without a band.</summary>
    public string? UncertaintyRuleText => Facts.OperatingPoint.Band is { } band
        ? $"An answer is uncertain, shown with its probabilities and referred for specialist review, when the reported class's probability is below {ClassificationView.Percent(band.MinTopProbability)}, or when the combined malignant probability lies from {ClassificationView.Percent(band.BorderlineFrom)} up to {ClassificationView.Percent(band.BorderlineTo)}: malignant by the threshold, but not beyond the band's upper end."
        : null;

    /// <summary>The screening artifact's version, as answers and audit records name it; null without one.</summary>
    public string? ScreeningArtifactText => Facts.Manifest.OutOfDistribution is { } ood
        ? $"The screening that refuses images which are not dermoscopic is artifact {ood.Version} (sha256 {ood.Sha256[..12]}…){(ood.Description is { Length: > 0 } d ? ": " + d : ".")}"
        : null;

    /// <summary>A share as the page shows it ("99.2%").</summary>
    public string Share(double value) => FigureText.Share(value);

    public string SiteSensitivityFloorText => string.Create(CultureInfo.InvariantCulture, $"{SiteProfile.SensitivityWarningFloor:0.00}");

    public string? TargetSensitivityText => Facts.Manifest.MalignantThreshold.TargetSensitivity is { } sensitivity
        ? string.Create(CultureInfo.InvariantCulture, $"{sensitivity * 100:0}%")
        : null;

    public UploadLimitsView Limits => UploadLimitsView.From(upload.Value, images.Value);

    public void OnGet()
    {
        var test = Facts.TrainingFigures("test");
        var validation = Facts.TrainingFigures("validation");
        Metrics = MetricRow.From(SummaryMetrics, test, validation);
        PerClass = Facts.Manifest.Labels
            .Select(label => (label, stats: TrainingMetrics.Section(TrainingMetrics.Section(test, "perClass"), label.Code)))
            .Where(entry => entry.stats is not null)
            .Select(entry => new ClassMetricRow(
                entry.label.Code,
                entry.label.Name,
                entry.label.Malignant,
                NumberText(entry.stats, "support", "0"),
                NumberText(entry.stats, "recall", "0.000"),
                NumberText(entry.stats, "precision", "0.000"),
                NumberText(entry.stats, "auc", "0.000")))
            .ToList();
        BySource = TrainingMetrics.Section(Facts.Manifest.Metrics, "validationBySource") is { ValueKind: JsonValueKind.Object } bySource
            ? bySource.EnumerateObject()
                .Select(source => new SourceValidationRow(
                    source.Name,
                    NumberText(source.Value, "images", "0"),
                    NumberText(source.Value, "malignant", "0"),
                    NumberText(source.Value, "malignantAuc", "0.000"),
                    NumberText(source.Value, "malignantSensitivity", "0.000"),
                    NumberText(source.Value, "malignantSpecificity", "0.000")))
                .ToList()
            : [];
        Figures = Facts.FigureNames
            .Select(name => new FigureView(
                $"{ModelFiguresApi.FiguresPath}/{Uri.EscapeDataString(name)}?v={Uri.EscapeDataString(Facts.Identity.Version)}",
                FigureCaptions.GetValueOrDefault(name, name)))
            .ToList();
        var sets = evaluationReports.ReadAll();
        Evaluations = sets.Where(set => !set.Negative).ToList();
        NegativeSets = sets.Where(set => set.Negative && set.Assessment is not null).ToList();
        EvaluationChart = Evaluations.Count > 0 ? EvaluationChart.From(Evaluations) : null;
        OperatingPointRows = Site is { } site ? SiteRows(site, test) : [];
        ClinicalTables = clinicalStudy.ReadTables();
        Segmentation = SegmentationView.From(Facts.Manifest, Evaluations);
    }

    /// <summary>Threshold, sensitivity, specificity, AUC and band: shipped (test split), site (its images), shipped threshold on the site's images.</summary>
    private List<OperatingPointRow> SiteRows(SiteProfile site, JsonElement? test)
    {
        var manifest = Facts.Manifest;
        var figures = site.Figures;
        string Undefined(string? text) => text ?? FigureText.Undefined;
        return
        [
            new("Threshold (malignant at or above)", ThresholdText,
                SiteThresholdText + (site.ThresholdCi95 is [var lower, var upper] ? $" ({ClassificationView.Percent(lower)}–{ClassificationView.Percent(upper)} over resamples)" : string.Empty),
                ThresholdText),
            new("Malignant sensitivity", Undefined(MetricRow.EstimateText(test, "malignantSensitivity")), FigureText.Estimate(figures.Sensitivity), FigureText.Estimate(site.Shipped.Sensitivity)),
            new("Malignant specificity", Undefined(MetricRow.EstimateText(test, "malignantSpecificity")), FigureText.Estimate(figures.Specificity), FigureText.Estimate(site.Shipped.Specificity)),
            new("Malignant AUC (ranking, any threshold)", Undefined(MetricRow.EstimateText(test, "malignantAuc")), FigureText.Estimate(figures.MalignantAuc), FigureText.Undefined),
            new("Uncertainty band (malignant, marked uncertain)", BandText(manifest.Uncertainty is { } u ? UncertaintyBand.From(u) : null), BandText(site.Band), FigureText.Undefined),
        ];
    }

    private static string BandText(UncertaintyBand? band) => band is null
        ? "none"
        : $"[{ClassificationView.Percent(band.BorderlineFrom)}, {ClassificationView.Percent(band.BorderlineTo)})";

    private static string? NumberText(JsonElement? section, string name, string format) =>
        TrainingMetrics.Number(section, name)?.ToString(format, CultureInfo.InvariantCulture);
}
