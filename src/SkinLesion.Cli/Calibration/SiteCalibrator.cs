using SkinLesion.Cli.Evaluation;
using SkinLesion.Cli.Metrics;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Site;
using M = SkinLesion.Cli.Metrics.ClassificationMetrics;

namespace SkinLesion.Cli.Calibration;

/// <summary>
/// Chooses a site's threshold on its scored images and measures an operating point there, every figure with the run's
/// bootstrap (the one evaluate uses: same resamples, same percentile intervals). Figures are over every evaluated image,
/// as evaluate's headline; the accepted-only figures and the band's rates leave out the images the screening refuses.
/// </summary>
internal sealed class SiteCalibrator
{
    private readonly bool[] _malignant;
    private readonly double[] _probability;
    private readonly double[] _top;
    private readonly bool[] _accepted;
    private readonly Bootstrap _bootstrap;

    /// <param name="malignant">Each scored image's truth (<see cref="MalignantTruth"/>), in the same order.</param>
    /// <param name="refused">Whether the screening refuses each image at the site's operating point (<see cref="ScreeningThresholdSearch.Refuses"/>); null: as the images were assessed.</param>
    public SiteCalibrator(IReadOnlyList<ScoredImage> scored, IReadOnlyList<bool> malignant, Bootstrap bootstrap, IReadOnlyList<bool>? refused = null)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(malignant);
        if (scored.Count != malignant.Count)
        {
            throw new ArgumentException($"{malignant.Count} truths for {scored.Count} images.", nameof(malignant));
        }

        if (refused is not null && refused.Count != scored.Count)
        {
            throw new ArgumentException($"{refused.Count} screening outcomes for {scored.Count} images.", nameof(refused));
        }

        _malignant = [.. malignant];
        _probability = [.. scored.Select(s => s.MalignantProbability)];
        _top = [.. scored.Select(s => (double)s.Probabilities[s.Predicted])];
        _accepted = refused is null ? [.. scored.Select(s => s.Assessment.Status != AssessmentStatus.Rejected)] : [.. refused.Select(r => !r)];
        _bootstrap = bootstrap;
    }

    private int Count => _malignant.Length;

    public double ChooseThreshold(double target) => ThresholdSearch.Choose(MalignantCaseProbabilities([.. Enumerable.Range(0, Count)]), target);

    /// <summary>The thresholds the same rule picks on the bootstrap resamples (2.5th and 97.5th percentiles); null when none has a malignant case.</summary>
    public IReadOnlyList<double>? ThresholdInterval(double target) =>
        _bootstrap.Interval(ix => ThresholdSearch.Choose(MalignantCaseProbabilities(ix), target)) is { } ci ? [ci.Lower, ci.Upper] : null;

    /// <summary>The site's figures at <paramref name="threshold"/> with <paramref name="band"/> (null: nothing uncertain).</summary>
    public SiteFigures Measure(double threshold, UncertaintyBand? band) => new(
        Rate(ix => Sensitivity(ix, threshold)),
        Rate(ix => Specificity(ix, threshold)),
        Rate(ix => M.Auc(Bootstrap.Pick(_malignant, ix), Bootstrap.Pick(_probability, ix))),
        Rate(ix => Sensitivity(Accepted(ix), threshold)),
        Rate(ix => Specificity(Accepted(ix), threshold)),
        Rate(ix => Share(Accepted(ix), i => band is not null && (band.IsLowConfidence(_top[i]) || band.IsBorderline(_probability[i])))),
        Rate(ix => Share(Accepted(ix), i => band is not null && band.IsBorderline(_probability[i]))),
        Rate(ix => Share([.. Accepted(ix).Where(i => band is not null && band.IsBorderline(_probability[i]))], i => _malignant[i])));

    /// <summary>The shipped threshold on the same images.</summary>
    public ShippedOnSite MeasureShipped(double shippedThreshold) => new(
        shippedThreshold,
        Rate(ix => Sensitivity(ix, shippedThreshold)),
        Rate(ix => Specificity(ix, shippedThreshold)));

    private double Sensitivity(int[] indices, double threshold) => M.SensitivitySpecificity(Bootstrap.Pick(_malignant, indices), Bootstrap.Pick(_probability, indices), threshold).Sensitivity;

    private double Specificity(int[] indices, double threshold) => M.SensitivitySpecificity(Bootstrap.Pick(_malignant, indices), Bootstrap.Pick(_probability, indices), threshold).Specificity;

    private double[] MalignantCaseProbabilities(int[] indices) => [.. indices.Where(i => _malignant[i]).Select(i => _probability[i])];

    private int[] Accepted(int[] indices) => [.. indices.Where(i => _accepted[i])];

    private static double Share(int[] indices, Func<int, bool> counts) =>
        indices.Length == 0 ? double.NaN : (double)indices.Count(counts) / indices.Length;

    private Estimate Rate(Func<int[], double> statistic) => RateEstimate.Of(_bootstrap, Count, statistic);
}
