using System.Globalization;
using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Metrics;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Site;

namespace SkinLesion.Cli.Calibration;

/// <summary>Turns a calibration run into the site profile: the chosen threshold and band, the figures at both operating points, and what the run was.</summary>
internal static class ProfileBuilder
{
    public const string Population = "every evaluated image, the ones the screening refuses included, as in evaluate's headline figures";

    public static SiteProfile Build(CalibrationRun run, DateTimeOffset createdUtc)
    {
        ArgumentNullException.ThrowIfNull(run);
        var options = run.Options;
        var scored = run.Outcome.Scored;
        var manifest = run.Classifier.Manifest;
        bool byLesion = scored.All(s => s.Label.LesionId is not null);
        var bootstrap = new Bootstrap(scored.Count, byLesion ? [.. scored.Select(s => s.Label.LesionId!)] : null, options.BootstrapReplicates, options.Seed);
        var screening = options.ShippedScreening
            ? null
            : ScreeningThresholdSearch.Choose(scored, manifest.OutOfDistribution, run.Head, SiteScreening.DefaultTargetAcceptance);
        bool[] refused = [.. scored.Select(s => ScreeningThresholdSearch.Refuses(s.Assessment.Screening, screening))];
        var calibrator = new SiteCalibrator(scored, run.Truth, bootstrap, refused);

        double threshold = calibrator.ChooseThreshold(options.TargetSensitivity);

        // The manifest's band rule (docs/decisions/0009-refusal-and-uncertainty.md) at the site's threshold; its figures on
        // the site's images show whether its premise holds there (a malignant call in the band more often wrong than right).
        var band = manifest.Uncertainty is { } uncertainty ? UncertaintyBand.From(uncertainty).At(threshold) : null;
        return new SiteProfile
        {
            SchemaVersion = SiteProfile.CurrentSchemaVersion,
            Kind = SiteProfile.ProfileKind,
            Site = run.Site,
            Version = options.ProfileVersion ?? createdUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
            CreatedUtc = createdUtc,
            Model = run.Classifier.Model,
            TargetSensitivity = options.TargetSensitivity,
            Threshold = threshold,
            ThresholdCi95 = calibrator.ThresholdInterval(options.TargetSensitivity),
            Rule = ThresholdSearch.Rule,
            Band = band,
            ChosenOn = ChosenOn(run, refused),
            Figures = calibrator.Measure(threshold, band),
            Shipped = calibrator.MeasureShipped(manifest.MalignantThreshold.Value),
            Bootstrap = new BootstrapInfo(options.BootstrapReplicates, options.Seed, 0.95, byLesion ? "lesion_id" : "image", bootstrap.Units,
                "percentile; resamples drawn like numpy default_rng(seed).integers, as evaluate; the threshold's interval re-chooses it on each resample, the figures' keep it fixed"),
            Command = OptionParser.CommandLine("calibrate", run.Arguments),
            Screening = screening,
        };
    }

    /// <param name="refused">Whether the screening refuses each image at the site's operating point.</param>
    private static SiteData ChosenOn(CalibrationRun run, bool[] refused)
    {
        var scored = run.Outcome.Scored;
        var truth = run.Truth;
        int malignant = truth.Count(t => t);
        var rejected = Enumerable.Range(0, scored.Count).Where(i => refused[i]).ToList();
        return new SiteData(
            run.Labels.LabelSet.FormatName,
            MalignantTruth.Definition(run.Labels.LabelSet.Format, run.Classifier.Manifest),
            Population,
            run.Labels.Images.Count,
            scored.Count,
            run.Outcome.Failures.Count,
            malignant,
            scored.Count - malignant,
            rejected.Count,
            rejected.Count(i => truth[i]));
    }
}
