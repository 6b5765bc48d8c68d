using System.Net;
using System.Text.RegularExpressions;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>The page's "Show where the model looked" checkbox: a plain form field, so it works without JavaScript.</summary>
[Collection(ApiGroup.Name)]
public sealed partial class ClinicianPageExplanationTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Get_FormOffersTheCheckbox_Unticked()
    {
        var html = await _client.GetStringAsync("/");

        Assert.Matches("<input type=\"checkbox\" id=\"explain\" name=\"explain\" value=\"true\">", html);
        Assert.Contains("Show where the model looked", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    [InlineData("TRUE")] // as the API reads its flags
    public async Task Post_ShowsTheMapOnlyWhenTheBoxIsTicked(string? explain)
    {
        bool ticked = explain is not null;
        using var form = ClinicianPageTests.Form(AssessmentImages.DermoscopyLikePng(640, 480), "lesion.png", await ClinicianPageTests.TokenAsync(_client));
        if (ticked)
        {
            form.Add(new StringContent(explain!), "explain");
        }

        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ticked, html.Contains("id=\"explanation\"", StringComparison.Ordinal));
        Assert.Equal(ticked ? 1 : 0, MapImage().Count(html));
        Assert.Contains("data-verdict=", html, StringComparison.Ordinal);
        if (ticked)
        {
            // The page's own caption: the API's note speaks of a bounding box the page does not draw.
            Assert.Contains("it is not an outline of the lesion.</figcaption>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("bounding box", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [GeneratedRegex("<img src=\"data:image/png;base64,[A-Za-z0-9+/=]+\" width=\"200\" height=\"\\d+\" alt=\"Where the model looked for ")]
    private static partial Regex MapImage();
}
