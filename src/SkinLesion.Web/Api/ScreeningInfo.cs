using SkinLesion.Inference;

namespace SkinLesion.Web.Api;

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
