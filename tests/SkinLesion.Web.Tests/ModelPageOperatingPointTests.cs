using System.Globalization;
using System.Net;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>The /model page says when an answer is uncertain and which screening runs, in the manifest's own figures.</summary>
[Collection(ApiGroup.Name)]
public sealed class ModelPageOperatingPointTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task GetModelPage_ShowsTheUncertaintyRuleAndTheScreeningArtifact()
    {
        // Arrange
        var uncertainty = ShippedModel.Manifest.GetProperty("uncertainty");
        string Percent(string key) => (uncertainty.GetProperty(key).GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        // Act
        var html = WebUtility.HtmlDecode(await _client.GetStringAsync("/model"));

        // Assert
        Assert.Contains($"when the reported class's probability is below {Percent("minTopProbability")}, or when the combined malignant probability lies from {Percent("borderlineFrom")} up to {Percent("borderlineTo")}", html, StringComparison.Ordinal);
        Assert.Contains($"is artifact {ShippedModel.ScreeningArtifactVersion} (sha256 ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("no image from them was used for training", html, StringComparison.Ordinal);
    }
}
