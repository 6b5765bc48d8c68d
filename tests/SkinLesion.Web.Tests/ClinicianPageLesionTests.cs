using System.Net;
using System.Text.RegularExpressions;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>The page's "Outline the lesion and measure it" checkbox: a plain form field, so it works without JavaScript.</summary>
[Collection(ApiGroup.Name)]
public sealed partial class ClinicianPageLesionTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [SegmentationFact]
    public async Task Get_FormOffersTheOutlineCheckbox_UntickedAndDescribed()
    {
        var html = await _client.GetStringAsync("/");

        Assert.Matches("<input type=\"checkbox\" id=\"segment\" name=\"segment\" value=\"true\" aria-describedby=\"segment-hint\">", html);
        Assert.Contains("Outline the lesion and measure it", html, StringComparison.Ordinal);
        Assert.Contains("they are not a diagnosis", html, StringComparison.Ordinal);
    }

    [SegmentationFact]
    public async Task Post_BoxTicked_DrawsTheOutlineWithAToggleAndListsTheFourMeasures()
    {
        // Arrange
        using var lesion = SyntheticLesion.Ellipse(800, 600, cx: 0.48, cy: 0.52, rx: 0.32, ry: 0.24, degrees: -40);
        using var form = ClinicianPageTests.Form(lesion.Jpeg(), "lesion.jpg", await ClinicianPageTests.TokenAsync(_client));
        form.Add(new StringContent("true"), "segment");

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert: the outline is drawn in the upload's own pixels, over the image, and can be switched off.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<input type=\"checkbox\" id=\"outline-toggle\" class=\"outline-toggle\" checked aria-controls=\"lesion-outline\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"outline-toggle\" class=\"outline-toggle-label\">Show the lesion outline</label>", html, StringComparison.Ordinal);
        Assert.Contains("viewBox=\"0 0 800 600\"", html, StringComparison.Ordinal);
        var points = Points().Match(html);
        Assert.True(points.Success, "no outline polygon on the page");
        Assert.True(points.Groups["points"].Value.Split(' ').Length >= 8, "the outline has too few vertices");
        Assert.Contains("role=\"img\" aria-label=\"The outline the segmentation model drew around the lesion", html, StringComparison.Ordinal);
        foreach (var (id, name) in new[] { ("measure-asymmetry", "Asymmetry"), ("measure-border", "Border irregularity"), ("measure-colours", "Colours"), ("measure-diameter", "Greatest diameter") })
        {
            Assert.Contains($"<dt>{name}</dt>", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("folded in half", html, StringComparison.Ordinal);
        Assert.Contains("Not a diagnosis.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BoxNotTicked_HasNoOutlineOrMeasures()
    {
        using var form = ClinicianPageTests.Form(AssessmentImages.DermoscopyLikePng(640, 480), "lesion.png", await ClinicianPageTests.TokenAsync(_client));

        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("id=\"lesion\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<polygon", html, StringComparison.Ordinal);
        Assert.Contains("data-verdict=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_PhoneRotatedJpeg_CaptionGivesTheSizeAsDisplayed()
    {
        // Arrange: stored 600 x 800 with EXIF orientation 6, displayed upright at 800 x 600 like the outline's frame.
        using var lesion = SyntheticLesion.Ellipse(800, 600, cx: 0.5, cy: 0.5, rx: 0.3, ry: 0.22, degrees: 20);
        using var form = ClinicianPageTests.Form(lesion.Jpeg(orientation: 6), "lesion.jpg", await ClinicianPageTests.TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<figcaption>JPEG, 800 x 600 pixels, [0-9.]+ KB</figcaption>", html);
    }

    [SharedSegmentationFact]
    public async Task Post_LesionFillingTheFrame_SaysNoLesionWasOutlinedAndDrawsNothing()
    {
        var image = HamArchive.Read(["ISIC_0026042"])["ISIC_0026042"];
        using var form = ClinicianPageTests.Form(image, "ISIC_0026042.jpg", await ClinicianPageTests.TokenAsync(_client));
        form.Add(new StringContent("true"), "segment");

        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("data-found=\"false\"", html, StringComparison.Ordinal);
        Assert.Contains("No lesion outlined", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<polygon", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"outline-toggle\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<polygon class=\"lesion-outline-line\" points=\"(?<points>[0-9., ]+)\"")]
    private static partial Regex Points();
}
