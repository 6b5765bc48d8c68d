namespace SkinLesion.Inference.Evaluation;

/// <summary>The screening in force for the run.</summary>
/// <param name="OutOfDistribution">The artifact's file and version, or null when the manifest lists none (the distance check was off).</param>
/// <param name="DistanceThreshold">Embedding distance above which an image is rejected as not dermoscopic; null without the artifact.</param>
/// <param name="TextureMinimum">Texture (mean neighbour difference of the model-input pixels) below which an image is rejected as featureless.</param>
/// <param name="Uncertainty">Null when the manifest has no uncertainty section (then no image is uncertain).</param>
/// <param name="EarlyThreshold">Early-stage statistics distance above which an image is rejected as not dermoscopic; null when the artifact has no such check.</param>
/// <param name="HeadThreshold">Screening-head score below which an image is rejected as not dermoscopic; null when the artifact has no head.</param>
/// <param name="DistanceRefuses">False when the embedding distance was reported as information only (never rejecting); null without the artifact.</param>
/// <param name="EarlyRefuses">False when the early-stage distance was reported as information only; null when the artifact has no such check.</param>
public sealed record ScreeningInfo(
    string? OutOfDistribution,
    double? DistanceThreshold,
    double? TextureMinimum,
    UncertaintyInfo? Uncertainty,
    double? EarlyThreshold = null,
    double? HeadThreshold = null,
    bool? DistanceRefuses = null,
    bool? EarlyRefuses = null);
