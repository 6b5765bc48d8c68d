using System.Globalization;
using SkinLesion.Inference;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Pages;

/// <summary>Everything the result view shows, worded for a clinician reading at a glance; for classified and uncertain results only.</summary>
public sealed record ClassificationView(
    string Status,
    IReadOnlyList<AssessmentNotice> UncertainReasons,
    string ImageDataUri,
    string ImageDescription,
    bool IsMalignant,
    string VerdictLabel,
    string MalignantPercentText,
    string ThresholdPercentText,
    string MalignantBarWidth,
    string ThresholdPosition,
    string VerdictSentence,
    ClassBar TopClass,
    IReadOnlyList<ClassBar> Classes,
    string ModelName,
    string ModelVersion,
    string TimeTakenText,
    string Disclaimer)
{
    /// <summary>Where the model looked; only when the form asked for it.</summary>
    public ExplanationView? Explanation { get; init; }

    /// <summary>"shipped" or "site": the operating point the verdict and the band were taken from.</summary>
    public required string OperatingPointKind { get; init; }

    /// <summary>The operating point in words, shown beside the threshold.</summary>
    public required string OperatingPointText { get; init; }

    /// <summary>The lesion's outline and measures; only when the form asked for them.</summary>
    public LesionView? Lesion { get; init; }

    public bool IsUncertain => UncertainReasons.Count > 0;

    public static ClassificationView From(ClassificationResult result, ReadOnlyMemory<byte> image)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Assessment.Status == AssessmentStatus.Rejected)
        {
            throw new ArgumentException("A rejected image has no classification to show; use RejectedImageView.", nameof(result));
        }

        var uncertain = result.Assessment.Status == AssessmentStatus.Uncertain
            ? result.Assessment.Reasons.Select(AssessmentCatalogue.For).ToList()
            : [];
        var verdict = result.Verdict;
        string malignant = Percent(verdict.MalignantProbability);
        string threshold = Percent(verdict.Threshold);
        string sentence = verdict.IsMalignant
            ? $"The combined probability of the malignant classes is {malignant}, at or above the {threshold} threshold, so the verdict is malignant."
            : $"The combined probability of the malignant classes is {malignant}, below the {threshold} threshold, so the verdict is benign.";
        var bars = Bars(result);
        return new ClassificationView(
            result.Assessment.StatusName,
            uncertain,
            UploadedImage.DataUri(result, image),
            UploadedImage.Description(result, image),
            verdict.IsMalignant,
            verdict.IsMalignant ? "Malignant" : "Benign",
            malignant,
            threshold,
            SvgPercent(verdict.MalignantProbability),
            SvgPercent(verdict.Threshold),
            sentence,
            bars.Single(bar => bar.IsTop),
            bars,
            result.Model.Name,
            result.Model.Version,
            UploadedImage.TimeTaken(result),
            ClinicalWording.Disclaimer)
        {
            Explanation = result.Explanation is { } explanation ? ExplanationView.From(explanation, result.Prediction.Name) : null,
            OperatingPointKind = result.OperatingPoint.Kind,
            OperatingPointText = OperatingPointWording.Describe(result.OperatingPoint),
            Lesion = result.Lesion is { } lesion ? LesionView.From(lesion) : null,
        };
    }

    /// <summary>Every class as a bar, most probable first.</summary>
    private static List<ClassBar> Bars(ClassificationResult result) =>
        result.Probabilities
            .OrderByDescending(p => p.Probability)
            .ThenBy(p => p.Index)
            .Select(p => new ClassBar(
                p.Code,
                p.Name,
                p.Malignant,
                p.Probability,
                Percent(p.Probability),
                SvgPercent(p.Probability),
                p.Index == result.Prediction.Index))
            .ToList();

    /// <summary>A length for an SVG attribute (invariant, clamped): bars are drawn without inline styles, which the CSP forbids.</summary>
    private static string SvgPercent(double probability) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(probability * 100.0, 0, 100):0.##}%");

    /// <summary>One decimal, so the threshold (18.5%) and small probabilities stay readable.</summary>
    public static string Percent(double probability) =>
        probability > 0 && probability < 0.0005
            ? "< 0.1%"
            : string.Create(CultureInfo.InvariantCulture, $"{probability * 100.0:0.0}%");
}
