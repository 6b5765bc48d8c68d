namespace SkinLesion.Inference.Screening;

/// <summary>
/// The screening figures behind an assessment. <paramref name="DistanceScore"/> is null when the manifest lists
/// no out-of-distribution artifact (the checks are then off), <see cref="EarlyScore"/> also when the artifact has
/// no early-stage check, <see cref="HeadScore"/> when it has no screening head; texture and chroma are always measured.
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

    /// <summary>The smallest accepted <see cref="HeadScore"/>; null without a head. A site profile may set its own (docs/decisions/0034-site-screening-threshold.md).</summary>
    public double? HeadThreshold { get; init; }

    /// <summary>Mean chroma of the model-input pixels (<see cref="Images.ImageChroma"/>), in grey levels.</summary>
    public required double Chroma { get; init; }

    /// <summary>The smallest chroma accepted as a colour image. Required, so no screening can leave the floor out by default.</summary>
    public required double ChromaMinimum { get; init; }

    /// <summary>Refused as featureless: the texture of the model-input pixels is below the floor.</summary>
    public bool IsFeatureless => Texture < TextureMinimum;

    /// <summary>Refused as greyscale: the model-input pixels hold (almost) no colour.</summary>
    public bool IsGreyscale => Chroma < ChromaMinimum;

    /// <summary>Refused by a rule the screening head cannot overrule: featureless, greyscale, or a refusing distance.</summary>
    public bool RefusedWhateverTheHead => IsFeatureless || IsGreyscale || RefusedByDistance;

    /// <summary>
    /// Refused as not dermoscopic: the head's score below its threshold, or a refusing distance above its own. A missing
    /// figure (null) never refuses: lifted comparisons with null are false.
    /// </summary>
    public bool IsNotDermoscopic => HeadScore < HeadThreshold || RefusedByDistance;

    /// <summary>Refused by a distance that refuses (not one reported as information only), whatever the head says.</summary>
    public bool RefusedByDistance => (DistanceRefuses && DistanceScore > DistanceThreshold) || (EarlyRefuses && EarlyScore > EarlyThreshold);
}
