namespace SkinLesion.Inference.Screening;

/// <summary>
/// The screening figures behind an assessment. <paramref name="DistanceScore"/> is null when the manifest lists
/// no out-of-distribution artifact (the checks are then off), <see cref="EarlyScore"/> also when the artifact has
/// no early-stage check; texture is always measured.
/// </summary>
public sealed record ScreeningScores(double? DistanceScore, double? DistanceThreshold, double Texture, double TextureMinimum)
{
    /// <summary>The early-stage distance; null when the artifact has no such distance.</summary>
    public double? EarlyScore { get; init; }

    public double? EarlyThreshold { get; init; }
}
