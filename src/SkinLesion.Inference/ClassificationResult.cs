namespace SkinLesion.Inference;

/// <summary>Which model produced a result; the sha256 ties it to one exact .onnx file.</summary>
public sealed record ModelIdentity(string Name, string Version, string Sha256);

/// <summary>One class of the model's output, in manifest order.</summary>
public sealed record ClassProbability(int Index, string Code, string Name, bool Malignant, float Probability);

/// <summary>The benign/malignant call: malignant when the summed malignant probability reaches the manifest's threshold.</summary>
public sealed record Verdict(bool IsMalignant, double MalignantProbability, double Threshold)
{
    public string Label => IsMalignant ? "malignant" : "benign";
}

/// <summary>Server-side durations in milliseconds. Decode includes reading the header; queue is the wait for a free inference slot.</summary>
public sealed record ClassificationTimings(double QueueMs, double DecodeMs, double PreprocessMs, double InferenceMs, double TotalMs)
{
    /// <summary>The texture and out-of-distribution checks after inference (included in <see cref="TotalMs"/>).</summary>
    public double ScreeningMs { get; init; }
}

/// <summary>The typed outcome of classifying one image.</summary>
public sealed record ClassificationResult(
    ModelIdentity Model,
    ImageHeader Image,
    IReadOnlyList<ClassProbability> Probabilities,
    ClassProbability Prediction,
    Verdict Verdict,
    ClassificationTimings Timings)
{
    /// <summary>
    /// Whether the result may be shown as a classification: rejected images (not dermoscopic, featureless) must
    /// not be presented with a diagnosis; uncertain ones are shown with a referral message.
    /// </summary>
    public required Assessment Assessment { get; init; }

    /// <summary>Where the model looked for the reported class; only when explicitly requested, else null.</summary>
    public ClassExplanation? Explanation { get; init; }

    /// <summary>The model's pooled image features (manifest output <c>embedding</c>); null when the manifest names none. Not part of any API response.</summary>
    public IReadOnlyList<float>? Embedding { get; init; }

    /// <summary>Per-channel statistics of the model's early stages (manifest output <c>earlyStatistics</c>); null when the manifest names none. Not part of any API response.</summary>
    public IReadOnlyList<float>? EarlyStatistics { get; init; }

    /// <summary>Milliseconds spent building <see cref="Explanation"/> (reading the cam output excluded); 0 without one.</summary>
    public double ExplanationMs { get; init; }
}
