using SkinLesion.Inference.Model;

namespace SkinLesion.Inference;

/// <summary>
/// When an accepted image is reported as uncertain: the reported class's calibrated probability is below
/// <see cref="MinTopProbability"/> (low-confidence), or the malignant probability lies in [<see cref="BorderlineFrom"/>,
/// <see cref="BorderlineTo"/>) (borderline-malignancy). The band starts at the operating point's threshold
/// (docs/decisions/0009-refusal-and-uncertainty.md): a malignant call below <see cref="BorderlineTo"/> is more often
/// wrong than right.
/// </summary>
public sealed record UncertaintyBand(double MinTopProbability, double BorderlineFrom, double BorderlineTo)
{
    /// <summary>The manifest's band as the shipped operating point uses it.</summary>
    public static UncertaintyBand From(ManifestUncertainty uncertainty)
    {
        ArgumentNullException.ThrowIfNull(uncertainty);
        return new UncertaintyBand(uncertainty.MinTopProbability, uncertainty.BorderlineFrom, uncertainty.BorderlineTo);
    }

    /// <summary>
    /// The same rule at another threshold, as a site profile applies it: the minimum class probability and the upper end
    /// stay, the band starts at <paramref name="threshold"/>; a threshold at or above the upper end leaves the band empty.
    /// </summary>
    public UncertaintyBand At(double threshold) => this with { BorderlineFrom = threshold, BorderlineTo = Math.Max(threshold, BorderlineTo) };

    public bool IsLowConfidence(double topProbability) => topProbability < MinTopProbability;

    public bool IsBorderline(double malignantProbability) => malignantProbability >= BorderlineFrom && malignantProbability < BorderlineTo;
}
