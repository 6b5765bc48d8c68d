namespace SkinLesion.Inference;

/// <summary>What the service may say about an image, decided before anything is shown as a diagnosis.</summary>
public enum AssessmentStatus
{
    /// <summary>A dermoscopic-looking image the model is confident enough about: probabilities and verdict stand.</summary>
    Classified,

    /// <summary>Accepted, but the model is unsure: the probabilities are shown with "uncertain — refer for specialist review".</summary>
    Uncertain,

    /// <summary>Not an image the model can assess (not dermoscopic, featureless): no diagnosis may be shown.</summary>
    Rejected,
}

/// <summary>The status names the API, the page, the logs and the evaluation reports write.</summary>
public static class AssessmentStatusNames
{
    public const string Classified = "classified";
    public const string Uncertain = "uncertain";
    public const string Rejected = "rejected";

    public static IReadOnlyList<string> All { get; } = [Classified, Uncertain, Rejected];
}

/// <summary>Stable machine-readable reasons; clinician-facing wording lives with the presentation layer.</summary>
public static class AssessmentReasons
{
    /// <summary>Rejected: almost no texture or detail (blank, solid colour, smooth gradient).</summary>
    public const string Featureless = "featureless-image";

    /// <summary>Rejected: the model's embedding, or its early-stage statistics, are far from its training images.</summary>
    public const string NotDermoscopic = "not-dermoscopic";

    /// <summary>Uncertain: the reported class's calibrated probability is below the manifest's minimum.</summary>
    public const string LowConfidence = "low-confidence";

    /// <summary>Uncertain: malignant by the threshold, yet the calibrated malignant probability is in the borderline band.</summary>
    public const string BorderlineMalignancy = "borderline-malignancy";

    /// <summary>Every code, rejections first.</summary>
    public static IReadOnlyList<string> All { get; } = [Featureless, NotDermoscopic, LowConfidence, BorderlineMalignancy];

    /// <summary>Whether the code rejects an image; the others make it uncertain.</summary>
    public static bool IsRejection(string reason) => reason is Featureless or NotDermoscopic;
}

/// <summary>
/// The screening figures behind an assessment. <paramref name="DistanceScore"/> is null when the manifest lists
/// no out-of-distribution artifact (the checks are then off), <see cref="EarlyScore"/> also when the artifact has
/// no early-stage check; texture is always measured.
/// </summary>
public sealed record ScreeningScores(double? DistanceScore, double? DistanceThreshold, double Texture, double TextureMinimum)
{
    /// <summary>The early-stage distance (artifact schema 3); null when the artifact has no such check.</summary>
    public double? EarlyScore { get; init; }

    public double? EarlyThreshold { get; init; }
}

/// <summary>The outcome of screening and uncertainty checks; reasons are <see cref="AssessmentReasons"/> codes, most decisive first.</summary>
public sealed record Assessment(AssessmentStatus Status, IReadOnlyList<string> Reasons, ScreeningScores Screening)
{
    public string StatusName => Status switch
    {
        AssessmentStatus.Classified => AssessmentStatusNames.Classified,
        AssessmentStatus.Uncertain => AssessmentStatusNames.Uncertain,
        _ => AssessmentStatusNames.Rejected,
    };
}
