using SkinLesion.Inference.Site;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>The guard rail's lower end: the bootstrap's, or Wilson's where that is lower, as docs/site-calibration.md tabulates.</summary>
public sealed class SiteSensitivityFloorTests
{
    [Theory]
    [InlineData(30, 0.744)]
    [InlineData(50, 0.786)]
    [InlineData(100, 0.826)]
    [InlineData(200, 0.851)]
    [InlineData(400, 0.867)]
    public void WilsonLower_OfNinetyPercent_IsTheDocumentsTable(int cases, double expected)
    {
        Assert.Equal(expected, Math.Round(SiteProfile.WilsonLower(0.90, cases), 3));
    }

    [Theory]
    [InlineData(0.84, 120, 0.840, false)] // both ends above 0.80 (Wilson 0.843)
    [InlineData(0.84, 40, 0.780, true)] // few cases: the bootstrap says 0.84, Wilson 0.780
    [InlineData(0.74, 58, 0.740, true)] // the bootstrap's own end is the lower
    public void LowerBound_IsTheLowerOfTheTwoEnds_AndDecidesTheWarning(double bootstrapLower, int malignant, double expected, bool warns)
    {
        // Arrange: sensitivity 0.908 in every case.
        var profile = SiteProfiles.Make(sensitivityLower: bootstrapLower, malignant: malignant);

        // Act
        double lower = profile.SensitivityLowerBound;

        // Assert
        Assert.Equal(expected, Math.Round(lower, 3));
        Assert.Equal(warns, profile.SensitivityBelowFloor);
    }
}
