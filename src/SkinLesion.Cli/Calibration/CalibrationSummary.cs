using System.Globalization;
using SkinLesion.Cli.Data;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Site;

namespace SkinLesion.Cli.Calibration;

/// <summary>The lines calibrate prints once the profile is written: the choice, the figures beside the shipped ones, and the guard rail.</summary>
internal sealed class CalibrationSummary(TextWriter output, TextWriter error)
{
    /// <summary>
    /// Above this share of the site's labelled images refused by the screening, calibrate warns. The screening's
    /// threshold accepts at least 99% of each development set it was fitted with; a clinic it was not fitted on loses
    /// more (docs/decisions/0033-screening-at-an-unseen-clinic.md), and a site profile does not change the screening.
    /// </summary>
    internal const double RefusedWarningShare = 0.01;

    /// <summary>Failures listed one per line up to this many; the rest are counted.</summary>
    internal const int ListedFailures = 20;

    public async Task WriteAsync(SiteProfile profile, string path, IReadOnlyList<FailedImage> failures, SourceTally source)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(failures);
        var f = profile.Figures;
        var on = profile.ChosenOn;
        await output.WriteLineAsync(Text($"  threshold                {profile.Threshold:0.######} (resamples {Interval(profile.ThresholdCi95)}); shipped {profile.Shipped.Threshold:0.######}"));
        await output.WriteLineAsync(Text($"  malignant sensitivity    {FigureText.Estimate(f.Sensitivity)}; at the shipped threshold {FigureText.Estimate(profile.Shipped.Sensitivity)}"));
        await output.WriteLineAsync(Text($"  malignant specificity    {FigureText.Estimate(f.Specificity)}; at the shipped threshold {FigureText.Estimate(profile.Shipped.Specificity)}"));
        await output.WriteLineAsync(Text($"  malignant AUC            {FigureText.Estimate(f.MalignantAuc)}"));
        await output.WriteLineAsync(Text($"  on the {on.Evaluated - on.RejectedByScreening} accepted images: sensitivity {FigureText.Estimate(f.AcceptedSensitivity)}, specificity {FigureText.Estimate(f.AcceptedSpecificity)}; uncertain {FigureText.Share(f.UncertainRate.Value)} (borderline {FigureText.Share(f.BorderlineRate.Value)}, of which malignant {FigureText.Share(f.MalignantShareInBand.Value)})"));
        if (profile.Screening is { } s)
        {
            await output.WriteLineAsync(Text($"  screening threshold      {s.HeadThreshold:0.####} (shipped {s.ShippedHeadThreshold:0.####}, floor {s.Floor:0.####}): accepts {FigureText.Share(s.AcceptedAtSite)} of the {s.Images} images it decides; the shipped threshold {FigureText.Share(s.AcceptedAtShipped)}"));
        }

        await output.WriteLineAsync(Text($"  chosen on {on.Evaluated} images, {on.Malignant} malignant, {on.Benign} benign (malignant: {on.MalignantDefinition}); {on.RejectedByScreening} refused by the screening ({on.MalignantRejectedByScreening} malignant) and counted as every other"));
        if (failures.Count > 0)
        {
            // The profile holds no image ids, and calibrate writes no report: this list is the one place the site learns which.
            await error.WriteLineAsync($"warning: {failures.Count} labelled image(s) could not be scored and count nowhere:");
            foreach (var failure in failures.Take(ListedFailures))
            {
                await error.WriteLineAsync($"  {failure.ImageId}: {failure.Reason}: {failure.Message}");
            }

            if (failures.Count > ListedFailures)
            {
                await error.WriteLineAsync($"  … and {failures.Count - ListedFailures} more (evaluate with the same --images and --labels lists every one in its report)");
            }
        }

        foreach (var warning in source.Warnings)
        {
            await error.WriteLineAsync(warning);
        }

        if (profile.Screening is { } lowered && lowered.HeadThreshold < lowered.ShippedHeadThreshold)
        {
            // The site's images cannot show what a lower line lets through; the hospital should hear it from the tool.
            await error.WriteLineAsync(Text(
                $"warning: the profile lowers the screening threshold from {lowered.ShippedHeadThreshold:0.####} to {lowered.HeadThreshold:0.####} (the artifact's floor is {lowered.Floor:0.####}), so that {FigureText.Share(lowered.AcceptedAtSite)} of the site's images the head decides are accepted instead of {FigureText.Share(lowered.AcceptedAtShipped)}. Images that are not dermoscopy, everyday photographs above all, will be refused less often: tell the clinicians, or keep the shipped threshold with --shipped-screening (docs/site-calibration.md)."));
        }

        if (on.Evaluated > 0 && (double)on.RejectedByScreening / on.Evaluated > RefusedWarningShare)
        {
            await error.WriteLineAsync(Text(
                $"warning: the screening refuses {on.RejectedByScreening} of the {on.Evaluated} labelled images ({FigureText.Share(on.RejectedByScreening, on.Evaluated)}; {on.MalignantRejectedByScreening} malignant) as not dermoscopic, featureless or greyscale, {WhyStillRefused(profile.Screening)} If these are genuine dermoscopy, clinicians will meet the same refusals (docs/decisions/0033-screening-at-an-unseen-clinic.md). Check them, and see docs/site-calibration.md."));
        }

        if (profile.SensitivityBelowFloor)
        {
            await error.WriteLineAsync(Text(
                $"warning: with {on.Malignant} malignant cases the sensitivity's 95% interval reaches down to {profile.SensitivityLowerBound:0.000} (the lower of its bootstrap and Wilson ends), below {SiteProfile.SensitivityWarningFloor:0.00}: the service will warn in its log and on /model while this profile is loaded. More malignant cases narrow it (docs/site-calibration.md)."));
        }

        await output.WriteLineAsync($"site profile '{profile.Site}' version {profile.Version} for {profile.Model.Name} {profile.Model.Version} written to {path}");
    }

    private static string WhyStillRefused(SiteScreening? screening) => screening switch
    {
        null => "with the shipped screening threshold (this profile keeps it: --shipped-screening, a model without a screening head, an artifact that allows no site threshold, or no image whose refusal the head decides).",
        { StoppedAtFloor: true } => Text($"at the profile's screening threshold {screening.HeadThreshold:0.####}: the lowest the artifact allows (its siteThresholdFloor), below which images that are not dermoscopy would get through."),
        _ => Text($"at the profile's screening threshold {screening.HeadThreshold:0.####}, which accepts {FigureText.Share(screening.AcceptedAtSite)} of the {screening.Images} images the head decides: the others are featureless, greyscale or refused by a distance, which no threshold changes."),
    };

    private static string Interval(IReadOnlyList<double>? ci) => ci is [var lower, var upper] ? Text($"{lower:0.######}–{upper:0.######}") : FigureText.Undefined;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
