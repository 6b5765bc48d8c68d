using SkinLesion.Cli.Calibration;
using SkinLesion.Cli.Data;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Cli.Metrics;
using SkinLesion.Inference;

namespace SkinLesion.Cli.Tests;

/// <summary>The site's figures at a chosen operating point, on a constructed set whose every figure is known by hand.</summary>
public sealed class SiteCalibratorTests
{
    // Ten malignant cases at 0.1, 0.2, ..., 1.0 and ten benign at 0.05, 0.15, ..., 0.95; the benign 0.05 is rejected by
    // the screening; the malignant 1.0 and the benign 0.95 are reported with a low top-class probability.
    private static readonly (double Probability, bool Malignant, bool Rejected, double Top)[] Set =
    [
        .. Enumerable.Range(1, 10).Select(i => (Math.Round(0.1 * i, 2), true, false, i == 10 ? 0.2 : 0.9)),
        .. Enumerable.Range(0, 10).Select(j => (Math.Round(0.05 + (0.1 * j), 2), false, j == 0, j == 9 ? 0.2 : 0.9)),
    ];

    private static readonly UncertaintyBand ShippedBand = new(0.3, 0.5, 0.5);

    [Fact]
    public void Calibrate_TargetEighty_ChoosesTheEighthHighestCaseAndMeasuresItAndTheShippedPoint()
    {
        // Arrange
        var calibrator = new SiteCalibrator(Scored(), [.. Set.Select(s => s.Malignant)], new Bootstrap(Set.Length, null, 200, 0));

        // Act
        double threshold = calibrator.ChooseThreshold(0.8);
        var band = ShippedBand.At(threshold);
        var site = calibrator.Measure(threshold, band);
        var shipped = calibrator.MeasureShipped(0.5);
        var interval = calibrator.ThresholdInterval(0.8);

        // Assert: at 0.3, 8 of 10 malignant and 3 of 10 benign (0.05, 0.15, 0.25) fall on their side.
        Assert.Equal(0.3, threshold);
        Assert.Equal(0.8, site.Sensitivity.Value);
        Assert.Equal(0.3, site.Specificity.Value);
        Assert.Equal(0.55, site.MalignantAuc.Value);

        // Accepted images leave out the rejected benign 0.05: specificity 2 of 9.
        Assert.Equal(0.8, site.AcceptedSensitivity.Value);
        Assert.Equal(0.2222, site.AcceptedSpecificity.Value);

        // Band [0.3, 0.5) holds 0.3, 0.4 (malignant) and 0.35, 0.45 (benign) of 19 accepted; two more are low-confidence.
        Assert.Equal(new UncertaintyBand(0.3, 0.3, 0.5), band);
        Assert.Equal(0.2105, site.BorderlineRate.Value);
        Assert.Equal(0.3158, site.UncertainRate.Value);
        Assert.Equal(0.5, site.MalignantShareInBand.Value);

        // The shipped 0.5 on the same images: 6 of 10 malignant, 5 of 10 benign.
        Assert.Equal(0.5, shipped.Threshold);
        Assert.Equal(0.6, shipped.Sensitivity.Value);
        Assert.Equal(0.5, shipped.Specificity.Value);

        // Every figure has its interval, and the threshold's own interval spans values the rule can pick.
        Assert.All(new[] { site.Sensitivity, site.Specificity, site.MalignantAuc, shipped.Sensitivity }, estimate => Assert.Equal(2, estimate.Ci95!.Count));
        Assert.NotNull(interval);
        Assert.InRange(interval[0], 0.1, threshold);
        Assert.InRange(interval[1], threshold, 1.0);
    }

    [Fact]
    public void Measure_NoBand_NothingIsUncertain()
    {
        // Arrange
        var calibrator = new SiteCalibrator(Scored(), [.. Set.Select(s => s.Malignant)], new Bootstrap(Set.Length, null, 20, 0));

        // Act
        var site = calibrator.Measure(0.3, band: null);

        // Assert
        Assert.Equal(0.0, site.UncertainRate.Value);
        Assert.Equal(0.0, site.BorderlineRate.Value);
        Assert.Null(site.MalignantShareInBand.Value);
    }

    private static List<ScoredImage> Scored() =>
    [
        .. Set.Select((s, i) => new ScoredImage(
            new LabelledImage($"img{i}", s.Malignant ? "mel" : "nv", s.Malignant, null, null, i + 2),
            [(float)s.Top, (float)(1 - s.Top)],
            0,
            s.Probability,
            200,
            150)
        {
            Assessment = new Assessment(
                s.Rejected ? AssessmentStatus.Rejected : AssessmentStatus.Classified,
                s.Rejected ? [AssessmentReasons.NotDermoscopic] : [],
                new ScreeningScores(null, null, 2.0, 0.5) { Chroma = 40, ChromaMinimum = 1.5 }),
        }),
    ];
}
