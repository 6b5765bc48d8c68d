using SkinLesion.Inference;

namespace SkinLesion.Web.Api;

/// <summary>
/// The screening figures behind the status. An image is rejected as featureless when texture is below
/// textureMinimum, as greyscale when chroma is below chromaMinimum, and as not dermoscopic when headScore is below
/// headThreshold, or distanceScore is above distanceThreshold while distanceRefuses is true, or earlyScore is above
/// earlyThreshold while earlyRefuses is true.
/// </summary>
/// <param name="DistanceScore">Squared Mahalanobis distance of the model's embedding to the nearest training-class mean; null when the model ships no out-of-distribution artifact (the check is then off).</param>
/// <param name="DistanceThreshold">The largest accepted distanceScore; null when the check is off.</param>
/// <param name="Texture">Mean absolute difference between neighbouring pixels of the 200x150 model input, in grey levels.</param>
/// <param name="TextureMinimum">The smallest accepted texture.</param>
/// <param name="EarlyScore">Squared Mahalanobis distance of the per-channel statistics of the model's early stages (local colour and texture) to the training images; null when the out-of-distribution artifact has no such check.</param>
/// <param name="EarlyThreshold">The largest accepted earlyScore; null when that check is off.</param>
/// <param name="HeadScore">The screening head's score: a learned dermoscopy-vs-not logit on the model's embedding (and early-stage statistics), higher is more like dermoscopy; null when the out-of-distribution artifact has no head.</param>
/// <param name="HeadThreshold">The smallest accepted headScore: the artifact's, or the one a site profile set for the site's equipment (operatingPoint.screeningThreshold); null when the artifact has no head.</param>
/// <param name="DistanceRefuses">Whether a distanceScore above distanceThreshold rejects the image (false: the distance is reported as information only); null when the check is off.</param>
/// <param name="EarlyRefuses">Whether an earlyScore above earlyThreshold rejects the image (false: information only); null when that check is off.</param>
/// <param name="Chroma">Mean chroma of the 200x150 model input (per pixel the largest of R, G, B minus the smallest), in grey levels: 0 for a greyscale picture.</param>
/// <param name="ChromaMinimum">The smallest accepted chroma.</param>
public sealed record ScreeningInfo(
    double? DistanceScore,
    double? DistanceThreshold,
    double Texture,
    double TextureMinimum,
    double? EarlyScore,
    double? EarlyThreshold,
    double? HeadScore,
    double? HeadThreshold,
    bool? DistanceRefuses,
    bool? EarlyRefuses,
    double Chroma,
    double ChromaMinimum)
{
    public static ScreeningInfo From(ScreeningScores screening)
    {
        ArgumentNullException.ThrowIfNull(screening);
        // Not rounded: a client comparing a figure with its limit must reach the server's decision.
        return new ScreeningInfo(
            screening.DistanceScore,
            screening.DistanceThreshold,
            screening.Texture,
            screening.TextureMinimum,
            screening.EarlyScore,
            screening.EarlyThreshold,
            screening.HeadScore,
            screening.HeadThreshold,
            screening.DistanceScore is null ? null : screening.DistanceRefuses,
            screening.EarlyScore is null ? null : screening.EarlyRefuses,
            screening.Chroma,
            screening.ChromaMinimum);
    }
}
