using System.Text.Json.Serialization;
using SkinLesion.Inference;
using SkinLesion.Web.Problems;

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, float>? Probabilities,
    ImageInfo Image,
    ScreeningInfo Screening,
    TimingsInfo Timings,
    string Disclaimer)
{
    /// <summary>Where the model looked for the reported class; present only when the request asked for it with ?explain=true, and never for a rejected image.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExplanationInfo? Explanation { get; init; }

    public const string DisclaimerText =
        "Decision support for clinicians only; this is not a diagnosis. The model was trained on dermoscopic images (HAM10000) and its output must be interpreted by a qualified clinician together with the full clinical picture.";

    public static ClassificationResponse From(string requestId, ClassificationResult result, long byteSize)
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
            rejected ? null : new VerdictInfo(result.Verdict.Label, Math.Round(result.Verdict.MalignantProbability, 6), result.Verdict.Threshold),
            rejected ? null : result.Probabilities.ToDictionary(p => p.Code, p => p.Probability, StringComparer.Ordinal),
            new ImageInfo(ImageInfo.FormatName(result.Image.Format), result.Image.Width, result.Image.Height, byteSize),
            ScreeningInfo.From(assessment.Screening),
            new TimingsInfo(
                Round(result.Timings.QueueMs),
                Round(result.Timings.DecodeMs),
                Round(result.Timings.PreprocessMs),
                Round(result.Timings.InferenceMs),
                Round(result.Timings.ScreeningMs),
                Round(result.Timings.TotalMs)),
            DisclaimerText)
        {
            Explanation = !rejected && result.Explanation is { } explanation ? ExplanationInfo.From(explanation) : null,
        };
    }

    private static double Round(double milliseconds) => Math.Round(milliseconds, 2);
}

/// <summary>Why a rejected image was not assessed.</summary>
/// <param name="Code">"featureless-image" (blank, solid colour, smooth gradient) or "not-dermoscopic" (unlike any training image).</param>
/// <param name="Message">For the clinician: why the image was not assessed.</param>
/// <param name="Advice">For the clinician: what to upload instead.</param>
public sealed record RejectionInfo(string Code, string Message, string Advice)
{
    public static RejectionInfo From(AssessmentNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new RejectionInfo(notice.Code, notice.Message, notice.Advice ?? throw new ArgumentException($"'{notice.Code}' is not a rejection.", nameof(notice)));
    }
}

/// <summary>One reason a result is uncertain.</summary>
/// <param name="Code">"low-confidence" (the reported class's probability is below the manifest's minimum) or "borderline-malignancy" (the malignant probability is in the manifest's borderline band).</param>
/// <param name="Message">For the clinician, starting "Uncertain — refer for specialist review".</param>
public sealed record ReasonInfo(string Code, string Message)
{
    public static ReasonInfo From(AssessmentNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new ReasonInfo(notice.Code, notice.Message);
    }
}

/// <summary>
/// The screening figures behind the status. An image is rejected as featureless when texture is below
/// textureMinimum, and as not dermoscopic when distanceScore is above distanceThreshold or earlyScore above
/// earlyThreshold.
/// </summary>
/// <param name="DistanceScore">Squared Mahalanobis distance of the model's embedding to the nearest training-class mean; null when the model ships no out-of-distribution artifact (the check is then off).</param>
/// <param name="DistanceThreshold">The largest accepted distanceScore; null when the check is off.</param>
/// <param name="Texture">Mean absolute difference between neighbouring pixels of the 200x150 model input, in grey levels.</param>
/// <param name="TextureMinimum">The smallest accepted texture.</param>
/// <param name="EarlyScore">Squared Mahalanobis distance of the per-channel statistics of the model's early stages (local colour and texture) to the training images; null when the out-of-distribution artifact has no such check.</param>
/// <param name="EarlyThreshold">The largest accepted earlyScore; null when that check is off.</param>
public sealed record ScreeningInfo(double? DistanceScore, double? DistanceThreshold, double Texture, double TextureMinimum, double? EarlyScore, double? EarlyThreshold)
{
    public static ScreeningInfo From(ScreeningScores screening)
    {
        ArgumentNullException.ThrowIfNull(screening);
        // Not rounded: a client comparing a figure with its limit must reach the server's decision.
        return new ScreeningInfo(screening.DistanceScore, screening.DistanceThreshold, screening.Texture, screening.TextureMinimum, screening.EarlyScore, screening.EarlyThreshold);
    }
}

/// <summary>
/// The class activation map of the reported class over the image as the model saw it (after the
/// geometry rule: landscape, centre-cropped to 4:3, 200x150), with a colour-bar legend under it.
/// </summary>
/// <param name="ClassCode">The explained class: always the reported prediction.</param>
/// <param name="Image">PNG as a data URI (data:image/png;base64,...): the overlay on top, the legend strip below.</param>
/// <param name="Width">Width of the PNG in pixels.</param>
/// <param name="Height">Height of the PNG in pixels (the 150-pixel map area plus the legend).</param>
/// <param name="BoundingBox">Where the map is at least half its maximum, in pixels of the PNG (origin top-left).</param>
/// <param name="ColourMap">The colour map's name (viridis: dark purple = least evidence, yellow = most).</param>
/// <param name="Note">How the map was made and how to read it.</param>
public sealed record ExplanationInfo(string ClassCode, string Image, int Width, int Height, BoundingBoxInfo BoundingBox, string ColourMap, string Note)
{
    public static ExplanationInfo From(ClassExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var box = explanation.BoundingBox;
        return new ExplanationInfo(
            explanation.ClassCode,
            "data:image/png;base64," + Convert.ToBase64String(explanation.Png),
            explanation.Width,
            explanation.Height,
            new BoundingBoxInfo(box.X, box.Y, box.Width, box.Height),
            explanation.ColourMap,
            explanation.Note);
    }
}

/// <summary>A rectangle in image pixels: x, y of the top-left corner, width and height.</summary>
public sealed record BoundingBoxInfo(int X, int Y, int Width, int Height);

public sealed record ModelInfo(string Name, string Version, string Sha256);

/// <summary>The class chosen by the manifest's decision rule, with its calibrated probability.</summary>
public sealed record PredictionInfo(string Code, string Name, float Probability);

/// <summary>Label is "malignant" when malignantProbability (sum over malignant classes) is at least threshold.</summary>
public sealed record VerdictInfo(string Label, double MalignantProbability, double Threshold);

/// <summary>The upload as decoded (before the geometry rule): format by magic bytes, header dimensions, size.</summary>
public sealed record ImageInfo(string Format, int Width, int Height, long Bytes)
{
    /// <summary>The format's name in responses and data URIs: "png" or "jpeg".</summary>
    public static string FormatName(AcceptedImageFormat format) => format == AcceptedImageFormat.Png ? "png" : "jpeg";
}

/// <summary>Server-side milliseconds; totalMs covers queue + decode + preprocess + inference + screening (the texture and distance checks).</summary>
public sealed record TimingsInfo(double QueueMs, double DecodeMs, double PreprocessMs, double InferenceMs, double ScreeningMs, double TotalMs);
