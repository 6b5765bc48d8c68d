using System.Globalization;
using SkinLesion.Inference.Model;
using SkinLesion.Inference.Screening;
using SkinLesion.Inference.Site;

namespace SkinLesion.Inference;

/// <summary>
/// Where the benign/malignant verdict and the uncertainty band come from, chosen once when the classifier is built:
/// the manifest's own (<see cref="ShippedKind"/>, chosen on the training data's validation split), or a site profile
/// that a hospital made on its own labelled images with the calibrate command (<see cref="SiteKind"/>). Every answer
/// names it (kind, name, version) beside the threshold it used.
/// </summary>
public sealed record OperatingPoint
{
    public const string ShippedKind = "shipped";
    public const string SiteKind = "site";

    /// <summary><see cref="ShippedKind"/> or <see cref="SiteKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The model's name for the shipped operating point; the site's name for a site profile.</summary>
    public required string Name { get; init; }

    /// <summary>The model's version for the shipped operating point; the profile's version for a site profile.</summary>
    public required string Version { get; init; }

    /// <summary>Malignant when the summed malignant probability is at least this.</summary>
    public required double Threshold { get; init; }

    /// <summary>Null when the manifest has no uncertainty section: then no image is reported as uncertain.</summary>
    public UncertaintyBand? Band { get; init; }

    /// <summary>The profile a site operating point was read from (its figures, for the model page); null when shipped.</summary>
    public SiteProfile? Profile { get; init; }

    /// <summary>
    /// The share of malignant lesions the threshold was chosen to score at or above it (the manifest's target on validation,
    /// or the one the site calibrated for); null when the manifest does not say.
    /// </summary>
    public double? TargetSensitivity { get; init; }

    /// <summary>The screening head's threshold the site chose (<see cref="SiteProfile.Screening"/>); null: the artifact's own.</summary>
    public double? HeadThreshold => Profile?.Screening?.HeadThreshold;

    public bool IsSite => Kind == SiteKind;

    /// <summary>The manifest's threshold and uncertainty band.</summary>
    public static OperatingPoint Shipped(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new OperatingPoint
        {
            Kind = ShippedKind,
            Name = manifest.Name,
            Version = manifest.Version,
            Threshold = manifest.MalignantThreshold.Value,
            TargetSensitivity = manifest.MalignantThreshold.TargetSensitivity,
            Band = manifest.Uncertainty is { } uncertainty ? UncertaintyBand.From(uncertainty) : null,
        };
    }

    /// <summary>
    /// The profile's threshold and band, once the profile is shown to be made for <paramref name="model"/>: a threshold
    /// measured on one model's outputs means nothing for another's, so any other sha256 is refused. Its band must be the
    /// manifest's rule (<paramref name="uncertainty"/>) moved to its threshold, as calibrate writes it: a band edited by hand,
    /// or a manifest whose rule changed while its graph did not, would otherwise drop or move the referral reasons unseen.
    /// </summary>
    /// <exception cref="SiteProfileException">The profile was made for another model, or its band is not the manifest's rule.</exception>
    public static OperatingPoint ForSite(SiteProfile profile, ModelIdentity model, ManifestUncertainty? uncertainty)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(model);
        if (!string.Equals(profile.Model.Sha256, model.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new SiteProfileException(
                profile.Source ?? profile.Site,
                $"it was made for model {profile.Model.Name} {profile.Model.Version} (sha256 {profile.Model.Sha256.ToLowerInvariant()}), but the model loaded is {model.Name} {model.Version} " +
                $"(sha256 {model.Sha256}). A threshold chosen on one model's outputs does not hold for another's: run calibrate with this model on the site's labelled images " +
                $"(docs/site-calibration.md), or unset {SiteOptions.SectionName}:ProfilePath to use the shipped operating point.");
        }

        var rule = uncertainty is null ? null : UncertaintyBand.From(uncertainty).At(profile.Threshold);
        if (profile.Band != rule)
        {
            throw new SiteProfileException(
                profile.Source ?? profile.Site,
                $"its uncertainty band ({Describe(profile.Band)}) is not the model manifest's rule at the profile's threshold ({Describe(rule)}). " +
                "The band follows the manifest (docs/site-calibration.md): run calibrate again with the manifest the service loads.");
        }

        return new OperatingPoint
        {
            Kind = SiteKind,
            Name = profile.Site,
            Version = profile.Version,
            Threshold = profile.Threshold,
            TargetSensitivity = profile.TargetSensitivity,
            Band = profile.Band,
            Profile = profile,
        };
    }

    /// <summary>
    /// Checks a site's screening threshold against the artifact the service loaded: the same file it was chosen with
    /// (a threshold is a logit of one fitted head), a head that allows site thresholds, and a value within its limits.
    /// Nothing to check for the shipped operating point or a profile without a screening section.
    /// </summary>
    /// <exception cref="SiteProfileException">The profile's screening threshold cannot be applied with this artifact.</exception>
    public void VerifyScreening(ManifestOutOfDistribution? entry, ScreeningHead? head)
    {
        if (Profile is { Screening: { } screening } profile && ScreeningProblem(screening, entry, head) is { } problem)
        {
            throw new SiteProfileException(profile.Source ?? profile.Site, problem);
        }
    }

    private static string? ScreeningProblem(SiteScreening screening, ManifestOutOfDistribution? entry, ScreeningHead? head)
    {
        if (entry is null || head is null)
        {
            return "it sets a screening threshold, but the model's manifest lists no out-of-distribution artifact with a screening head.";
        }

        if (!string.Equals(entry.Sha256, screening.ArtifactSha256, StringComparison.OrdinalIgnoreCase))
        {
            return $"its screening threshold was chosen with out-of-distribution artifact {screening.ArtifactVersion} (sha256 {screening.ArtifactSha256.ToLowerInvariant()}), but the service loads {entry.File} {entry.Version} (sha256 {entry.Sha256.ToLowerInvariant()}). " +
                "A threshold is a score of one fitted head: run calibrate again with this artifact (docs/site-calibration.md).";
        }

        if (head.SiteThresholdFloor is not { } floor)
        {
            // The artifact's own threshold is what a site keeps when the artifact allows no other.
            return screening.HeadThreshold == head.Threshold ? null : $"it sets a screening threshold, but artifact {entry.File} {entry.Version} allows no site threshold (no head.siteThresholdFloor).";
        }

        if (screening.HeadThreshold < floor || screening.HeadThreshold > head.Threshold)
        {
            return string.Create(CultureInfo.InvariantCulture, $"its screening threshold {screening.HeadThreshold} is outside what artifact {entry.File} {entry.Version} allows: from its siteThresholdFloor {floor} to its threshold {head.Threshold}.");
        }

        // The model page shows the profile's limits beside its threshold; a file edited by hand must not show others.
        return screening.Floor != floor || screening.ShippedHeadThreshold != head.Threshold
            ? string.Create(CultureInfo.InvariantCulture, $"it records the floor {screening.Floor} and the shipped threshold {screening.ShippedHeadThreshold}, but artifact {entry.File} {entry.Version} has {floor} and {head.Threshold}: the file was changed after calibrate wrote it.")
            : null;
    }

    /// <summary>The verdict at this operating point.</summary>
    public Verdict Decide(double malignantProbability) => new(malignantProbability >= Threshold, malignantProbability, Threshold);

    private static string Describe(UncertaintyBand? band) => band is null
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"borderline [{band.BorderlineFrom}, {band.BorderlineTo}), minimum class probability {band.MinTopProbability}");
}
