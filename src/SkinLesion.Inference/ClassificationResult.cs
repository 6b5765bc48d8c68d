using SkinLesion.Inference.Explanation;
using SkinLesion.Inference.Images;
using SkinLesion.Inference.Screening;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Inference;

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
    /// Whether the result may be shown as a classification: rejected images (not dermoscopic, featureless, greyscale) must
    /// not be presented with a diagnosis; uncertain ones are shown with a referral message.
    /// </summary>
    public required Assessment Assessment { get; init; }

    /// <summary>Where the verdict's threshold and the uncertainty band came from (shipped or a site profile).</summary>
    public required OperatingPoint OperatingPoint { get; init; }

    /// <summary>Where the model looked for the reported class; only when explicitly requested, else null.</summary>
    public ClassExplanation? Explanation { get; init; }

    /// <summary>The copy of the upload a page shows, when <see cref="ClassificationRequest.Display"/> asked for it.</summary>
    public DisplayImage? Display { get; init; }

    /// <summary>The model's pooled image features (manifest output <c>embedding</c>); null when the manifest names none. Not part of any API response.</summary>
    public IReadOnlyList<float>? Embedding { get; init; }

    /// <summary>Per-channel statistics of the model's early stages (manifest output <c>earlyStatistics</c>); null when the manifest names none. Not part of any API response.</summary>
    public IReadOnlyList<float>? EarlyStatistics { get; init; }

    /// <summary>Milliseconds spent building <see cref="Explanation"/> (reading the cam output excluded); 0 without one.</summary>
    public double ExplanationMs { get; init; }

    /// <summary>
    /// The lesion's outline and measures; only when segmentation was requested, and never for a rejected image (an image
    /// the screening refuses is not a dermoscopic lesion to outline).
    /// </summary>
    public Lesion? Lesion { get; init; }
}
