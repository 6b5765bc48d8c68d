using System.Text.Json.Serialization;
using SkinLesion.Inference;
using SkinLesion.Web.Uploads;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Api;

/// <summary>
/// Response of POST /api/v1/classifications. <c>status</c> says what may be shown: "classified" and "uncertain"
/// carry prediction, verdict and probabilities ("uncertain" adds <c>reasons</c>: refer for specialist review);
/// "rejected" carries <c>reason</c> instead and no diagnosis at all (no prediction, verdict, probabilities or explanation).
/// </summary>
/// <param name="RequestId">The server's id of this request, also in its log lines.</param>
/// <param name="Status">"classified", "uncertain" or "rejected".</param>
/// <param name="Reason">Only when rejected: why the image was not assessed and what to upload instead.</param>
/// <param name="Reasons">Only when uncertain: every reason, most decisive first.</param>
/// <param name="Model">The model that produced the result.</param>
/// <param name="Prediction">The class chosen by the manifest's decision rule; absent when rejected.</param>
/// <param name="Verdict">Benign or malignant against the threshold; absent when rejected.</param>
/// <param name="OperatingPoint">Where the threshold and the uncertainty band came from: the shipped operating point or the site's profile (kind, name, version).</param>
/// <param name="Probabilities">Calibrated probability of each of the seven classes; absent when rejected.</param>
/// <param name="Image">The upload as decoded.</param>
/// <param name="Screening">The figures the status was decided on.</param>
/// <param name="Timings">Server-side durations.</param>
/// <param name="Disclaimer">Decision support, not a diagnosis.</param>
public sealed record ClassificationResponse(
    string RequestId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RejectionInfo? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReasonInfo>? Reasons,
    ModelInfo Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PredictionInfo? Prediction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VerdictInfo? Verdict,
    OperatingPointInfo OperatingPoint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, float>? Probabilities,
    ImageInfo Image,
    ScreeningInfo Screening,
    TimingsInfo Timings,
    string Disclaimer)
{
    /// <summary>Where the model looked for the reported class; present only when the request asked for it with ?explain=true, and never for a rejected image.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExplanationInfo? Explanation { get; init; }

    /// <summary>The clinical fields the request sent (age, sex, site), which were used and why; present only when it sent at least one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClinicalInfo? Clinical { get; init; }

    /// <summary>The lesion's outline and measures; present only when the request asked for it with ?segment=true, and never for a rejected image.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LesionInfo? Lesion { get; init; }

    /// <summary>The answer to one request, as the API gives it.</summary>
    /// <param name="requestId">The server's id of the request.</param>
    /// <param name="result">What the classifier returned.</param>
    /// <param name="byteSize">The upload's size in bytes.</param>
    /// <param name="pixelsPerMillimetre">The request's image scale, when it gave one: the lesion's diameter is also given in millimetres.</param>
    public static ClassificationResponse From(string requestId, ClassificationResult result, long byteSize, double? pixelsPerMillimetre = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var assessment = result.Assessment;

        // A rejected image gets no diagnosis in any form: the fields are left out, not zeroed.
        bool rejected = assessment.Status == AssessmentStatus.Rejected;
        return new ClassificationResponse(
            requestId,
            assessment.StatusName,
            rejected ? RejectionInfo.From(AssessmentCatalogue.For(assessment.Reasons[0])) : null,
            assessment.Status == AssessmentStatus.Uncertain ? [.. assessment.Reasons.Select(code => ReasonInfo.From(AssessmentCatalogue.For(code)))] : null,
            new ModelInfo(result.Model.Name, result.Model.Version, result.Model.Sha256),
            rejected ? null : new PredictionInfo(result.Prediction.Code, result.Prediction.Name, result.Prediction.Probability),
            rejected ? null : VerdictInfo.From(result.Verdict),
            OperatingPointInfo.From(result.OperatingPoint),
            rejected ? null : result.Probabilities.ToDictionary(p => p.Code, p => p.Probability, StringComparer.Ordinal),
            new ImageInfo(ImageFormatNames.Of(result.Image.Format), result.Image.Width, result.Image.Height, byteSize),
            ScreeningInfo.From(assessment.Screening),
            TimingsInfo.From(result.Timings),
            ClinicalWording.Disclaimer)
        {
            Explanation = !rejected && result.Explanation is { } explanation ? ExplanationInfo.From(explanation) : null,
            Lesion = !rejected && result.Lesion is { } lesion ? LesionInfo.From(lesion, pixelsPerMillimetre) : null,
        };
    }
}
