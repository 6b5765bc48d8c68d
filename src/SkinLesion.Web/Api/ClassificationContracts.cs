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
            DisclaimerText);
    }

    private static double Round(double milliseconds) => Math.Round(milliseconds, 2);
}

public sealed record ModelInfo(string Name, string Version, string Sha256);

/// <summary>The class chosen by the manifest's decision rule, with its calibrated probability.</summary>
public sealed record PredictionInfo(string Code, string Name, float Probability);

/// <summary>Label is "malignant" when malignantProbability (sum over malignant classes) is at least threshold.</summary>
public sealed record VerdictInfo(string Label, double MalignantProbability, double Threshold);

/// <summary>The upload as decoded (before the geometry rule): format by magic bytes, header dimensions, size.</summary>
public sealed record ImageInfo(string Format, int Width, int Height, long Bytes);

/// <summary>Server-side milliseconds; totalMs covers queue + decode + preprocess + inference.</summary>
public sealed record TimingsInfo(double QueueMs, double DecodeMs, double PreprocessMs, double InferenceMs, double TotalMs);
