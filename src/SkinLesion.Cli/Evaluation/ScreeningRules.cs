using System.Globalization;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>The screening rules an evaluation ran under, as one sentence of its README (which check refuses, which only reports).</summary>
internal static class ScreeningRules
{
    /// <summary>The artifact and the rule it applies, the texture and colour floors and the uncertainty band.</summary>
    public static string Sentence(ScreeningInfo s) =>
        (s.OutOfDistribution is { } ood
            ? $"out-of-distribution artifact `{ood}` ({NotDermoscopicRule(s)})"
            : "no out-of-distribution artifact in the manifest (the distance check was off)") +
        (s.TextureMinimum is { } texture ? string.Create(CultureInfo.InvariantCulture, $", texture floor {texture:0.###} (below: featureless-image)") : string.Empty) +
        (s.ChromaMinimum is { } chroma ? string.Create(CultureInfo.InvariantCulture, $", colour floor {chroma:0.###} mean chroma (below: greyscale-image)") : string.Empty) +
        (s.Uncertainty is { } u
            ? string.Create(CultureInfo.InvariantCulture, $"; uncertain when the named class's probability is below {u.MinTopProbability:0.###} (low-confidence) or the malignant probability is in [{u.BorderlineFrom:0.###}, {u.BorderlineTo:0.###}) (borderline-malignancy).")
            : "; no uncertainty section in the manifest (no image can be uncertain).");

    /// <summary>"rejected as not-dermoscopic below head score h or above distance d ...", naming a distance kept as information only apart.</summary>
    private static string NotDermoscopicRule(ScreeningInfo s)
    {
        var refusing = new List<string>(3);
        var informational = new List<string>(2);
        if (s.HeadThreshold is { } head)
        {
            refusing.Add(string.Create(CultureInfo.InvariantCulture, $"below head score {head:0.###}"));
        }

        (s.DistanceRefuses == false ? informational : refusing).Add(string.Create(CultureInfo.InvariantCulture, $"above distance {s.DistanceThreshold:0.###}"));
        if (s.EarlyThreshold is { } early)
        {
            (s.EarlyRefuses == false ? informational : refusing).Add(string.Create(CultureInfo.InvariantCulture, $"above early-stage distance {early:0.###}"));
        }

        return "rejected as not-dermoscopic " + string.Join(" or ", refusing)
            + (informational.Count > 0 ? "; reported only, never rejecting: " + string.Join(", ", informational) : string.Empty);
    }
}
