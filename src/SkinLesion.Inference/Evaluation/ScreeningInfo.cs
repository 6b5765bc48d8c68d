using System.Text.Json.Serialization;

namespace SkinLesion.Inference.Evaluation;

/// <summary>
/// The screening in force for the run. The schema-5 fields (head threshold, informational distances) are written only
/// when they say something, so a report of a schema-4 artifact stays as it was.
/// </summary>
/// <param name="OutOfDistribution">The artifact's file and version, or null when the manifest lists none (the distance check was off).</param>
/// <param name="DistanceThreshold">Embedding distance above which an image is rejected as not dermoscopic; null without the artifact.</param>
/// <param name="TextureMinimum">Texture (mean neighbour difference of the model-input pixels) below which an image is rejected as featureless.</param>
/// <param name="Uncertainty">Null when the manifest has no uncertainty section (then no image is uncertain).</param>
/// <param name="EarlyThreshold">Early-stage statistics distance above which an image is rejected as not dermoscopic; null when the artifact has no such check.</param>
/// <param name="HeadThreshold">Screening-head score below which an image is rejected as not dermoscopic; null when the artifact has no head.</param>
/// <param name="DistanceRefuses">False when the embedding distance was reported as information only (never rejecting); null when it refused (or there was none).</param>
/// <param name="EarlyRefuses">False when the early-stage distance was reported as information only; null when it refused (or there was none).</param>
/// <param name="ChromaMinimum">Mean chroma of the model-input pixels below which an image is rejected as greyscale; null in reports made before the rule (ADR 0049).</param>
public sealed record ScreeningInfo(
    string? OutOfDistribution,
    double? DistanceThreshold,
    double? TextureMinimum,
    UncertaintyInfo? Uncertainty,
    double? EarlyThreshold = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? HeadThreshold = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? DistanceRefuses = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? EarlyRefuses = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ChromaMinimum = null);
