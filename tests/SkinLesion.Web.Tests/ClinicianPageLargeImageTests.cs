using System.Net;
using System.Text.RegularExpressions;
using SixLabors.ImageSharp;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Assessment;

namespace SkinLesion.Web.Tests;

/// <summary>A camera-sized JPEG is shown on the result page as a smaller copy, so the page does not carry the whole file.</summary>
[Collection(ApiGroup.Name)]
public sealed partial class ClinicianPageLargeImageTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Post_LargeJpeg_PageEmbedsACopyFittedWithinTheMaximumAndSaysSo()
    {
        // Arrange
        byte[] upload = AssessmentImages.DermoscopyLikeJpeg(4000, 3000);
        using var form = ClinicianPageTests.Form(upload, "lesion.jpg", await ClinicianPageTests.TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await response.Content.ReadAsStringAsync();

        // Assert: the embedded picture is a JPEG of 2048 x 1536; the caption gives the upload's size and the shown one.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var embedded = EmbeddedJpeg().Match(html);
        Assert.True(embedded.Success, "no embedded JPEG on the result page");
        var info = Image.Identify(Convert.FromBase64String(WebUtility.HtmlDecode(embedded.Groups["data"].Value)));
        Assert.Equal((DisplayImage.MaxSide, 1536), (info.Width, info.Height));
        Assert.Contains("JPEG, 4000 x 3000 pixels, ", html, StringComparison.Ordinal);
        Assert.Contains($"(shown at {DisplayImage.MaxSide} x 1536)", html, StringComparison.Ordinal);
        Assert.True(html.Length < upload.Length, $"a page of {html.Length} characters for an upload of {upload.Length} bytes");
    }

    [GeneratedRegex("src=\"data:image/jpeg;base64,(?<data>[^\"]+)\" alt=\"The uploaded dermoscopic image\"")]
    private static partial Regex EmbeddedJpeg();
}
