using SkinLesion.Web.Pages;

namespace SkinLesion.Web.Tests;

/// <summary>
/// How the result page writes probabilities: never rounded onto certainty, and the malignant probability and the
/// threshold never written alike beside opposite verdicts (both read 5.8% for 0.05829 and 0.05843 at one decimal).
/// </summary>
public sealed class ClassificationViewTests
{
    [Theory]
    [InlineData(0.058292, 0.058415, "5.83%", "5.84%")] // below: benign
    [InlineData(0.058430, 0.058415, "5.843%", "5.842%")] // above: malignant
    [InlineData(0.300000, 0.058415, "30.0%", "5.8%")] // plainly apart: one decimal
    [InlineData(0.058415, 0.058415, "5.8%", "5.8%")] // exactly at the threshold
    public void Distinguishable_ProbabilityBesideTheThreshold_ReadsDifferentlyWhenItDiffers(double probability, double threshold, string expectedProbability, string expectedThreshold)
    {
        // Act
        var (p, t) = ClassificationView.Distinguishable(probability, threshold);

        // Assert
        Assert.Equal((expectedProbability, expectedThreshold), (p, t));
    }

    [Theory]
    [InlineData(0.99981, "> 99.9%")]
    [InlineData(0.9995, "> 99.9%")] // the midpoint, which formatting rounds up to 100.0
    [InlineData(0.0005, "0.1%")]
    [InlineData(0.00049, "< 0.1%")]
    [InlineData(1.0, "100.0%")]
    [InlineData(0.9994, "99.9%")]
    [InlineData(0.0004, "< 0.1%")]
    [InlineData(0.0, "0.0%")]
    [InlineData(0.185, "18.5%")]
    public void Percent_NearEitherEnd_IsNotRoundedOntoCertainty(double probability, string expected)
    {
        Assert.Equal(expected, ClassificationView.Percent(probability));
    }
}
