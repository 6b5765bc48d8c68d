namespace SkinLesion.Inference.Screening;

/// <summary>
/// The screening figures behind an assessment. <paramref name="DistanceScore"/> is null when the manifest lists
/// no out-of-distribution artifact (the checks are then off), <see cref="EarlyScore"/> also when the artifact has
/// no early-stage check, <see cref="HeadScore"/> when it has no screening head; texture is always measured.
/// </summary>
public sealed record ScreeningScores(double? DistanceScore, double? DistanceThreshold, double Texture, double TextureMinimum)
{
    /// <summary>The early-stage distance; null when the artifact has no such distance.</summary>
    public double? EarlyScore { get; init; }

    public double? EarlyThreshold { get; init; }

    /// <summary>Whether a <see cref="DistanceScore"/> above its threshold refuses the image (false: reported as information only).</summary>
    public bool DistanceRefuses { get; init; } = true;

    /// <summary>Whether an <see cref="EarlyScore"/> above its threshold refuses the image (false: reported as information only).</summary>
    public bool EarlyRefuses { get; init; } = true;

    /// <summary>The screening head's logit of "dermoscopic"; null when the artifact has no head.</summary>
    public double? HeadScore { get; init; }

    /// <summary>The smallest accepted <see cref="HeadScore"/>; null without a head.</summary>
    public double? HeadThreshold { get; init; }
}
