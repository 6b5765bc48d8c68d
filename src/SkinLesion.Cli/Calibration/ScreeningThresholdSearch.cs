using System.Globalization;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference.Model;
using SkinLesion.Inference.Screening;
using SkinLesion.Inference.Site;

namespace SkinLesion.Cli.Calibration;

/// <summary>
/// The screening head's threshold for a site's equipment (docs/decisions/0034-site-screening-threshold.md). The shipped
/// threshold was chosen to accept at least 99% of every development set; a clinic the head was not fitted on loses up
/// to about one genuine image in ten (ADR 0033, ADR 0035). The site's own images say where its dermoscopy scores, and
/// the artifact's floor says how far down the threshold may go before images that are not dermoscopy get through.
/// training/skinlesion/screening_generalisation.py (site_threshold) applies the same rule in its study, where the
/// distances only inform, as in every served artifact since 2.0.0.
/// </summary>
internal static class ScreeningThresholdSearch
{
    public static string Rule(double target) => string.Create(CultureInfo.InvariantCulture,
        $"the highest head score that accepts at least {target:0.###} of the site's images that neither the texture floor, the colour floor nor a refusing distance refuses (the score at position floor((1 − {target:0.###}) × n) in ascending order), never above the artifact's threshold and never below its siteThresholdFloor");

    /// <summary>
    /// The site's screening threshold; null when there is none to set: the model has no screening head, its artifact
    /// allows no site threshold (no siteThresholdFloor), or every image is refused whatever the head says.
    /// </summary>
    public static SiteScreening? Choose(IReadOnlyList<ScoredImage> scored, ManifestOutOfDistribution? artifact, ScreeningHead? head, double target)
    {
        ArgumentNullException.ThrowIfNull(scored);
        if (artifact is null || head is not { SiteThresholdFloor: { } floor })
        {
            return null;
        }

        // Featureless and greyscale images and those a refusing distance turns away are refused whatever the head's threshold.
        double[] scores = [.. scored.Select(s => s.Assessment.Screening)
            .Where(s => !s.RefusedWhateverTheHead && s.HeadScore is not null)
            .Select(s => s.HeadScore!.Value)
            .Order()];
        if (scores.Length == 0)
        {
            return null;
        }

        double wanted = scores[Math.Min((int)Math.Floor(((1 - target) * scores.Length) + 1e-9), scores.Length - 1)];
        double threshold = Math.Clamp(wanted, floor, head.Threshold);
        return new SiteScreening(artifact.Version, artifact.Sha256.ToLowerInvariant(), threshold, head.Threshold, floor, target, Rule(target),
            scores.Length, Share(scores, head.Threshold), Share(scores, threshold));
    }

    /// <summary>Whether the service refuses the image (featureless, greyscale or not dermoscopic) with the site's screening threshold (null: the shipped one).</summary>
    public static bool Refuses(ScreeningScores screening, SiteScreening? site)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var applied = site is null ? screening : screening with { HeadThreshold = screening.HeadThreshold is null ? null : site.HeadThreshold };
        return applied.RefusedWhateverTheHead || applied.IsNotDermoscopic;
    }

    private static double Share(double[] scores, double threshold) => (double)scores.Count(s => s >= threshold) / scores.Length;
}
