using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Site;

namespace SkinLesion.Tests.Shared;

/// <summary>Site profiles for tests: valid by the reader's rules, for the shipped model unless told otherwise.</summary>
internal static class SiteProfiles
{
    public static ModelIdentity ShippedIdentity => new(ShippedModel.Name, ShippedModel.Version, ShippedModel.Sha256);

    /// <summary>A profile with the shipped band's rule moved to <paramref name="threshold"/>; the sensitivity interval decides the guard rail.</summary>
    public static SiteProfile Make(
        double threshold = 0.5,
        ModelIdentity? model = null,
        string site = "St Example dermatology",
        string version = "2026-11-30.1",
        double sensitivityLower = 0.84,
        int malignant = 120)
    {
        var uncertainty = ShippedModel.Manifest.GetProperty("uncertainty");
        var band = new UncertaintyBand(uncertainty.GetProperty("minTopProbability").GetDouble(), uncertainty.GetProperty("borderlineFrom").GetDouble(), uncertainty.GetProperty("borderlineTo").GetDouble());
        return new SiteProfile
        {
            SchemaVersion = SiteProfile.CurrentSchemaVersion,
            Kind = SiteProfile.ProfileKind,
            Site = site,
            Version = version,
            CreatedUtc = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero),
            Model = model ?? ShippedIdentity,
            TargetSensitivity = 0.9,
            Threshold = threshold,
            ThresholdCi95 = [threshold * 0.8, Math.Min(1, threshold * 1.25)],
            Rule = "test profile",
            Band = band.At(threshold),
            ChosenOn = new SiteData("image-id-dx", "mel, bcc, akiec (the model's malignant classes)", "every evaluated image", 400, 400, 0, malignant, 400 - malignant, 3, 1),
            Figures = new SiteFigures(
                new Estimate(0.9083, [sensitivityLower, 0.9576]),
                new Estimate(0.6012, [0.5412, 0.6598]),
                new Estimate(0.8811, [0.8432, 0.9163]),
                new Estimate(0.9076, [sensitivityLower, 0.9573]),
                new Estimate(0.6003, [0.5401, 0.6591]),
                new Estimate(0.2410, [0.1980, 0.2876]),
                new Estimate(0.1810, [0.1433, 0.2222]),
                new Estimate(0.3101, [0.2142, 0.4118])),
            Shipped = new ShippedOnSite(ShippedModel.MalignantThreshold, new Estimate(0.9667, [0.9322, 0.9917]), new Estimate(0.4119, [0.3541, 0.4711])),
            Bootstrap = new BootstrapInfo(1000, 0, 0.95, "image", 400, "percentile"),
            Command = "dotnet run --project src/SkinLesion.Cli -c Release -- calibrate (test)",
        };
    }

    /// <summary><paramref name="profile"/> with a screening threshold for the artifact whose sha256 is <paramref name="artifactSha256"/>.</summary>
    public static SiteProfile WithScreening(SiteProfile profile, string artifactSha256, double threshold, double shipped, double floor) => profile with
    {
        Screening = new SiteScreening("test", artifactSha256, threshold, shipped, floor, SiteScreening.DefaultTargetAcceptance, "test screening threshold", 400, 0.9, 0.99),
    };

    /// <summary>Writes <paramref name="profile"/> into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(SiteProfile profile, string directory, string fileName = "site-profile.json")
    {
        var path = Path.Combine(directory, fileName);
        profile.Write(path);
        return path;
    }
}
