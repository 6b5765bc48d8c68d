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
        var (malignant, threshold) = Distinguishable(verdict.MalignantProbability, verdict.Threshold);
        string sentence = verdict.IsMalignant
            ? $"The combined probability of the malignant classes is {malignant}, at or above the {threshold} threshold, so the verdict is malignant."
            : $"The combined probability of the malignant classes is {malignant}, below the {threshold} threshold, so the verdict is benign.";
        var bars = Bars(result);
        var top = bars.Single(bar => bar.IsTop);
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
            top,
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
            ThresholdNote = ThresholdNoteFor(result.OperatingPoint, verdict.IsMalignant),
            BandNote = uncertain.Count > 0 && result.OperatingPoint.Band is { } band ? BandNoteFor(band) : null,
            TopClassNote = ReferenceEquals(top, bars[0]) ? null
                : "The model's decision rule weighs the rarer classes up, so its top class need not be the longest bar.",
        };
    }

    /// <summary>What the threshold is for and what the verdict does not say, so a benign verdict is not read as an all-clear.</summary>
    public required string ThresholdNote { get; init; }

    /// <summary>Why the top class is not the most probable one; null when it is.</summary>
    public string? TopClassNote { get; init; }

    /// <summary>The uncertainty rule in this answer's figures, so a reason can be read against them; only for an uncertain answer.</summary>
    public string? BandNote { get; init; }

    private static string BandNoteFor(UncertaintyBand band) =>
        $"An answer is uncertain when the top class's probability is below {Percent(band.MinTopProbability)}, or when the combined malignant probability is from {Percent(band.BorderlineFrom)} (the threshold) up to {Percent(band.BorderlineTo)}.";

    private static string ThresholdNoteFor(OperatingPoint operatingPoint, bool malignant)
    {
        string chosen = operatingPoint.TargetSensitivity is { } target
            ? string.Create(CultureInfo.InvariantCulture, $"The threshold is set low on purpose: it was chosen so that about {target * 100:0}% of malignant lesions in {(operatingPoint.IsSite ? "the site's" : "the validation")} images score at or above it, so many benign lesions do too.")
            : "The threshold is set low on purpose, so that most malignant lesions score at or above it and many benign lesions do too.";
        return chosen + (malignant
            ? " A malignant verdict calls for a closer look, not a diagnosis."
            : " A benign verdict lowers the chance of malignancy but does not rule it out.");
    }

    /// <summary>
    /// The probability and the threshold with as many decimals as it takes (one to four) for them to read differently
    /// when they differ: at one decimal 5.829% and 5.843% both read 5.8%, beside opposite verdicts.
    /// </summary>
    public static (string Probability, string Threshold) Distinguishable(double probability, double threshold)
    {
        for (int decimals = 1; ; decimals++)
        {
            string p = Percent(probability, decimals), t = Percent(threshold, decimals);
            if (p != t || probability == threshold || decimals == 4)
            {
                return (p, t);
            }
        }
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

    /// <summary>
    /// One decimal, so the threshold (18.5%) and small probabilities stay readable. Neither end is rounded onto certainty:
    /// what is not exactly 0 or 1 reads "&lt; 0.1%" or "&gt; 99.9%", not 0.0% or 100.0%.
    /// </summary>
    public static string Percent(double probability) => Percent(probability, 1);

    private static string Percent(double probability, int decimals)
    {
        // Judged on the text as written, so a value that rounds to the end (0.9995 to 100.0) is caught however it rounds.
        string format = "0." + new string('0', decimals);
        string text = Fixed(probability * 100, format);
        double step = Math.Pow(10, -decimals);
        return probability > 0 && text == Fixed(0, format) ? $"< {Fixed(step, format)}%"
            : probability < 1 && text == Fixed(100, format) ? $"> {Fixed(100 - step, format)}%"
            : $"{text}%";
    }

    private static string Fixed(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
