using System.Text.Json.Serialization;
using SkinLesion.Inference;

namespace SkinLesion.Web.Api;

/// <summary>Response of POST /api/v1/classifications.</summary>
public sealed record ClassificationResponse(
    string RequestId,
    ModelInfo Model,
    PredictionInfo Prediction,
    VerdictInfo Verdict,
    IReadOnlyDictionary<string, float> Probabilities,
    ImageInfo Image,
    TimingsInfo Timings,
    string Disclaimer)
{
    /// <summary>Where the model looked for the reported class; present only when the request asked for it with ?explain=true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExplanationInfo? Explanation { get; init; }

    public const string DisclaimerText =
        "Decision support for clinicians only; this is not a diagnosis. The model was trained on dermoscopic images (HAM10000) and its output must be interpreted by a qualified clinician together with the full clinical picture.";

    public static ClassificationResponse From(string requestId, ClassificationResult result, long byteSize)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ClassificationResponse(
            requestId,
            new ModelInfo(result.Model.Name, result.Model.Version, result.Model.Sha256),
            new PredictionInfo(result.Prediction.Code, result.Prediction.Name, result.Prediction.Probability),
            new VerdictInfo(result.Verdict.Label, Math.Round(result.Verdict.MalignantProbability, 6), result.Verdict.Threshold),
            result.Probabilities.ToDictionary(p => p.Code, p => p.Probability, StringComparer.Ordinal),
            new ImageInfo(result.Image.Format == AcceptedImageFormat.Png ? "png" : "jpeg", result.Image.Width, result.Image.Height, byteSize),
            new TimingsInfo(
                Round(result.Timings.QueueMs),
                Round(result.Timings.DecodeMs),
                Round(result.Timings.PreprocessMs),
                Round(result.Timings.InferenceMs),
                Round(result.Timings.TotalMs)),
            DisclaimerText)
        {
            Explanation = result.Explanation is { } explanation ? ExplanationInfo.From(explanation) : null,
        };
    }

    private static double Round(double milliseconds) => Math.Round(milliseconds, 2);
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
public sealed record ImageInfo(string Format, int Width, int Height, long Bytes);

/// <summary>Server-side milliseconds; totalMs covers queue + decode + preprocess + inference.</summary>
public sealed record TimingsInfo(double QueueMs, double DecodeMs, double PreprocessMs, double InferenceMs, double TotalMs);
