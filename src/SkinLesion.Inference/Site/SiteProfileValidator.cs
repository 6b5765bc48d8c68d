using System.Globalization;
using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Site;

/// <summary>What a profile must say beyond its JSON shape before the service may apply it; the first problem, or null.</summary>
internal static class SiteProfileValidator
{
    internal static string? FindProblem(SiteProfile profile)
    {
        if (profile.SchemaVersion is < SiteProfile.FirstSchemaVersion or > SiteProfile.CurrentSchemaVersion)
        {
            return $"schemaVersion is {profile.SchemaVersion}; this service understands schemaVersion {SiteProfile.FirstSchemaVersion} to {SiteProfile.CurrentSchemaVersion}. Re-run calibrate with this build.";
        }

        if (profile.Kind != SiteProfile.ProfileKind)
        {
            return $"kind is '{profile.Kind}', not '{SiteProfile.ProfileKind}': the file is not a site profile.";
        }

        if (string.IsNullOrWhiteSpace(profile.Site) || string.IsNullOrWhiteSpace(profile.Version))
        {
            return "site and version must name the profile (answers and audit records carry them).";
        }

        if (profile.Model.Sha256 is not { } sha256 || !ManifestValidator.IsSha256(sha256))
        {
            return $"model.sha256 '{profile.Model.Sha256}' is not 64 hexadecimal characters.";
        }

        return ThresholdProblem(profile) ?? BandProblem(profile) ?? EvidenceProblem(profile) ?? ScreeningProblem(profile);
    }

    private static string? ScreeningProblem(SiteProfile profile)
    {
        if (profile.Screening is not { } screening)
        {
            return null;
        }

        if (profile.SchemaVersion < 2)
        {
            // A schema-1 reader ignores the section and would refuse other images than the profile means.
            return $"screening is a schema-2 section, but schemaVersion is {profile.SchemaVersion}.";
        }

        if (screening.ArtifactSha256 is null || !ManifestValidator.IsSha256(screening.ArtifactSha256))
        {
            return $"screening.artifactSha256 '{screening.ArtifactSha256}' is not 64 hexadecimal characters.";
        }

        if (!(screening.TargetAcceptance > 0 && screening.TargetAcceptance <= 1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"screening.targetAcceptance {screening.TargetAcceptance} is not a share above 0 (at most 1).");
        }

        return double.IsFinite(screening.HeadThreshold) && screening.Floor <= screening.HeadThreshold && screening.HeadThreshold <= screening.ShippedHeadThreshold
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"screening.headThreshold {screening.HeadThreshold} is not between the floor {screening.Floor} and the shipped threshold {screening.ShippedHeadThreshold}.");
    }

    private static string? ThresholdProblem(SiteProfile profile)
    {
        if (!(profile.TargetSensitivity > 0 && profile.TargetSensitivity < 1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"targetSensitivity {profile.TargetSensitivity} is not between 0 and 1.");
        }

        return double.IsFinite(profile.Threshold) && profile.Threshold > 0 && profile.Threshold <= 1
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"threshold {profile.Threshold} is not a probability above 0 (at most 1).");
    }

    private static string? BandProblem(SiteProfile profile)
    {
        if (profile.Band is not { } band)
        {
            return null;
        }

        if (band.BorderlineFrom != profile.Threshold)
        {
            return string.Create(CultureInfo.InvariantCulture, $"band.borderlineFrom {band.BorderlineFrom} is not the threshold {profile.Threshold}: the borderline band starts at the threshold.");
        }

        return band.MinTopProbability is >= 0 and <= 1 && band.BorderlineTo >= band.BorderlineFrom && band.BorderlineTo <= 1
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"band [{band.BorderlineFrom}, {band.BorderlineTo}) with minTopProbability {band.MinTopProbability} is not a band of probabilities.");
    }

    private static string? EvidenceProblem(SiteProfile profile)
    {
        if (profile.ChosenOn.Malignant < SiteProfile.MinimumMalignantCases)
        {
            return $"it was chosen on {profile.ChosenOn.Malignant} malignant cases; at least {SiteProfile.MinimumMalignantCases} are needed (docs/site-calibration.md).";
        }

        return profile.Figures.Sensitivity is { Value: not null, Ci95: [_, _] }
            ? null
            : "figures.sensitivity has no value with a 95% interval: the service cannot judge the operating point without it.";
    }
}
