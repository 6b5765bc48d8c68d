using SkinLesion.Inference.Model;
using SkinLesion.Inference.Screening;
using SkinLesion.Inference.Site;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>The operating point the verdict and the uncertainty band come from: the manifest's, or a site profile's for this model only.</summary>
[Collection(ShippedModelGroup.Name)]
public sealed class OperatingPointTests(ClassifierFixture fixture)
{
    private readonly ModelManifest _manifest = fixture.Classifier.Manifest;

    [Fact]
    public void Shipped_IsTheManifestsThresholdAndBand()
    {
        // Act
        var shipped = OperatingPoint.Shipped(_manifest);

        // Assert
        Assert.Equal((OperatingPoint.ShippedKind, _manifest.Name, _manifest.Version), (shipped.Kind, shipped.Name, shipped.Version));
        Assert.Equal(_manifest.MalignantThreshold.Value, shipped.Threshold);
        Assert.Equal(UncertaintyBand.From(_manifest.Uncertainty!), shipped.Band);
        Assert.Null(shipped.Profile);
        Assert.Equal(shipped, fixture.Classifier.OperatingPoint);
    }

    [Fact]
    public void ForSite_ProfileForAnotherModel_ThrowsNamingBothModels()
    {
        // Arrange
        var profile = SiteProfiles.Make(model: new ModelIdentity("skin-lesion-mobilenetv2", "1.1.0", new string('a', 64))) with { Source = "/etc/skinlesion/site.json" };

        // Act
        var error = Assert.Throws<SiteProfileException>(() => OperatingPoint.ForSite(profile, fixture.Classifier.Model, _manifest.Uncertainty));

        // Assert
        Assert.Equal("/etc/skinlesion/site.json", error.Path);
        Assert.Contains($"made for model skin-lesion-mobilenetv2 1.1.0 (sha256 {new string('a', 64)}), but the model loaded is {_manifest.Name} {_manifest.Version}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edited minimum")]
    [InlineData("edited end")]
    [InlineData("no band")]
    public void ForSite_BandNotTheManifestsRuleAtItsThreshold_ThrowsNamingBoth(string edit)
    {
        // Arrange: a profile for this model whose band was changed after calibrate wrote it.
        var profile = SiteProfiles.Make(threshold: 0.2) with { Source = "/etc/skinlesion/site.json" };
        profile = edit switch
        {
            "edited minimum" => profile with { Band = profile.Band! with { MinTopProbability = 0.05 } },
            "edited end" => profile with { Band = profile.Band! with { BorderlineTo = 0.9 } },
            _ => profile with { Band = null },
        };

        // Act
        var error = Assert.Throws<SiteProfileException>(() => OperatingPoint.ForSite(profile, fixture.Classifier.Model, _manifest.Uncertainty));

        // Assert
        Assert.Equal("/etc/skinlesion/site.json", error.Path);
        Assert.Contains("is not the model manifest's rule at the profile's threshold (borderline [0.2, ", error.Message, StringComparison.Ordinal);
        Assert.Contains("run calibrate again", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN, "shipped", true, true)]
    [InlineData(0.30, "site-0.5", false, false)]
    [InlineData(0.30, "site-0.2", true, true)]
    [InlineData(0.15, "site-0.2", false, false)]
    [InlineData(0.60, "site-0.2", true, false)]
    public void Decide_MalignantProbability_IsJudgedAtTheOperatingPointsThresholdAndBand(double malignant, string point, bool isMalignant, bool borderline)
    {
        // Arrange: a confident nevus except for the malignant mass, spread over mel, bcc and akiec. For the shipped point
        // (NaN), the mass midway between the manifest's threshold and the band's end, whatever a retrained model sets them to.
        if (double.IsNaN(malignant))
        {
            malignant = (_manifest.MalignantThreshold.Value + _manifest.Uncertainty!.BorderlineTo) / 2;
        }

        var operatingPoint = point == "shipped"
            ? OperatingPoint.Shipped(_manifest)
            : OperatingPoint.ForSite(SiteProfiles.Make(threshold: point == "site-0.5" ? 0.5 : 0.2), fixture.Classifier.Model, _manifest.Uncertainty);
        var policy = new AssessmentPolicy(_manifest, null, operatingPoint);
        var probabilities = _manifest.Labels.Select(l => l.Malignant ? (float)(malignant / 3) : l.Code == "nv" ? (float)(1 - malignant - 0.003) : 0.001f).ToArray();

        // Act
        var (_, top, verdict) = policy.Decide(probabilities);
        var assessment = policy.Assess(new ScreeningScores(null, null, 2.0, 0.5) { Chroma = 40, ChromaMinimum = 1.5 }, top, verdict);

        // Assert
        Assert.Equal(isMalignant, verdict.IsMalignant);
        Assert.Equal(operatingPoint.Threshold, verdict.Threshold);
        Assert.Equal(borderline, assessment.Reasons.Contains(AssessmentReasons.BorderlineMalignancy));
    }

    [Fact]
    public void Profile_WrittenAndReadBack_IsTheSameProfileFromItsFile()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("skinlesion-profile-").FullName;
        var written = SiteProfiles.Make(threshold: 0.031244983524084091);

        try
        {
            // Act
            var path = SiteProfiles.Write(written, directory);
            var read = SiteProfile.Read(path);

            // Assert: the threshold round-trips exactly; the rest as written.
            Assert.Equal(written.Threshold, read.Threshold);
            Assert.Equal(path, read.Source);
            Assert.Equal(written.ToJson(), read.ToJson());
            Assert.Equal(written.ChosenOn, read.ChosenOn);
            Assert.Equal(written.Band, read.Band);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
