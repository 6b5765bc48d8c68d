namespace SkinLesion.Tests.Assessment;

/// <summary>
/// HAM10000 validation images with a known assessment under the shipped model and manifest (their reference
/// probabilities are in models/reference-predictions.json). Also linked into the browser tests.
/// </summary>
internal static class HamCases
{
    /// <summary>A nevus at p(nv)=0.978, p(malignant)=0.012 (model 2.2.0): classified.</summary>
    public const string NevusId = "ISIC_0024327";

    /// <summary>
    /// A dermatofibroma the model (2.2.0) reports as df at p=0.121 (below the 0.30 minimum) with p(malignant)=0.256
    /// (malignant by the 0.0584 threshold, below 0.5): uncertain for both reasons, well inside both bands.
    /// </summary>
    public const string UncertainId = "ISIC_0027188";

    public static readonly string[] UncertainReasons = ["low-confidence", "borderline-malignancy"];
}
