namespace SkinLesion.Inference.Screening;

/// <summary>Stable machine-readable reasons; clinician-facing wording lives with the presentation layer.</summary>
public static class AssessmentReasons
{
    /// <summary>Rejected: almost no texture or detail (blank, solid colour, smooth gradient).</summary>
    public const string Featureless = "featureless-image";

    /// <summary>Rejected: the image holds (almost) no colour (black and white, or exported without colour); dermoscopy is assessed by its colours.</summary>
    public const string Greyscale = "greyscale-image";

    /// <summary>
    /// Rejected: the screening head scores the image below its threshold (unlike dermoscopy), or a refusing distance
    /// (the model's embedding, or its early-stage statistics) is far from the training images.
    /// </summary>
    public const string NotDermoscopic = "not-dermoscopic";

    /// <summary>Uncertain: the reported class's calibrated probability is below the manifest's minimum.</summary>
    public const string LowConfidence = "low-confidence";

    /// <summary>Uncertain: malignant by the threshold, yet the calibrated malignant probability is in the borderline band.</summary>
    public const string BorderlineMalignancy = "borderline-malignancy";

    /// <summary>Every code, rejections first.</summary>
    public static IReadOnlyList<string> All { get; } = [Featureless, Greyscale, NotDermoscopic, LowConfidence, BorderlineMalignancy];

    /// <summary>Whether the code rejects an image; the others make it uncertain.</summary>
    public static bool IsRejection(string reason) => reason is Featureless or Greyscale or NotDermoscopic;
}
