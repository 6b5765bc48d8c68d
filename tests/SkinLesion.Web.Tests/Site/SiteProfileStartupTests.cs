using Microsoft.AspNetCore.Hosting;
using SkinLesion.Inference;
using SkinLesion.Inference.Site;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests.Site;

/// <summary>The service refuses to start, naming the file and the reason, when its site profile cannot be applied to the model it loads.</summary>
public sealed class SiteProfileStartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skinlesion-site-startup-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Start_ProfileForAnotherModel_FailsNamingBothModelsAndTheFile()
    {
        // Arrange: a valid profile, made for a model with another sha256.
        var other = new ModelIdentity("skin-lesion-mobilenetv2", "1.1.0", new string('b', 64));
        var path = SiteProfiles.Write(SiteProfiles.Make(model: other), _directory);

        // Act
        var error = StartWithProfileAt(path);

        // Assert
        Assert.Equal(path, error.Path);
        Assert.Contains($"Cannot use the site profile '{path}': it was made for model skin-lesion-mobilenetv2 1.1.0 (sha256 {new string('b', 64)})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"but the model loaded is {ShippedModel.Name} {ShippedModel.Version} (sha256 {ShippedModel.Sha256})", error.Message, StringComparison.Ordinal);
        Assert.Contains("run calibrate with this model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ProfileFileMissing_FailsNamingTheSetting()
    {
        // Arrange
        var missing = Path.Combine(_directory, "no-such-profile.json");

        // Act
        var error = StartWithProfileAt(missing);

        // Assert
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("SkinLesion__Site__ProfilePath", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("schema", "schemaVersion is 3; this service understands schemaVersion 1 to 2")]
    [InlineData("kind", "kind is 'skinlesion-evaluation', not 'skinlesion-site-profile'")]
    [InlineData("few", "it was chosen on 12 malignant cases; at least 30 are needed")]
    [InlineData("band", "band.borderlineFrom 0.2 is not the threshold 0.5")]
    [InlineData("json", "it is not a site profile of schema version 1 to 2")]
    [InlineData("null", "it is not a site profile of schema version 1 to 2")] // a section that is always there, given as null
    public void Start_ProfileThatIsNotAValidProfile_FailsWithTheProblem(string defect, string expected)
    {
        // Arrange
        var profile = SiteProfiles.Make(threshold: 0.5);
        var path = Path.Combine(_directory, "site-profile.json");
        switch (defect)
        {
            case "schema": SiteProfiles.Write(profile with { SchemaVersion = 3 }, _directory); break;
            case "kind": SiteProfiles.Write(profile with { Kind = "skinlesion-evaluation" }, _directory); break;
            case "few": SiteProfiles.Write(profile with { ChosenOn = profile.ChosenOn with { Malignant = 12 } }, _directory); break;
            case "band": SiteProfiles.Write(profile with { Band = profile.Band! with { BorderlineFrom = 0.2 } }, _directory); break;
            case "null": File.WriteAllText(path, profile.ToJson().Replace("\"chosenOn\": {", "\"chosenOn\": null, \"unused\": {", StringComparison.Ordinal)); break;
            default: File.WriteAllText(path, profile.ToJson().Replace("\"threshold\": 0.5,", string.Empty, StringComparison.Ordinal)); break;
        }

        // Act
        var error = StartWithProfileAt(path);

        // Assert
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static SiteProfileException StartWithProfileAt(string path) =>
        SiteHost.StartupFailure(new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Site:ProfilePath", path)));
}
