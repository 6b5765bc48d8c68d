using System.Net;
using System.Text.RegularExpressions;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>
/// What a refused form tells the clinician, and a screen reader: an error in the title, the file marked invalid only when
/// the file was the cause, and whether what was typed came back.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed partial class ClinicianPageRefusalTests(ApiFactory factory)
{
    private const string NotKept = "The clinical details and options sent with it were not kept: enter them again.";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Post_RefusedFile_TitlesTheErrorMarksTheFileAndKeepsWhatWasTyped()
    {
        // Arrange
        using var form = await FormAsync(TestImages.WithPadding(TestImages.DocxPrefix), withToken: true);

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("<title>Error: This file is not a PNG or JPEG image · SkinLesion Check</title>", html, StringComparison.Ordinal);
        Assert.Equal("true", FileInvalid(html));
        Assert.Contains("<p class=\"refusal-next\">The file was not stored. Choose another file and try again.</p>", html, StringComparison.Ordinal);
        Assert.Matches("<div id=\"upload-error\" class=\"refusal\" role=\"alert\" tabindex=\"-1\"", html);
        Assert.Matches("id=\"age\"[^>]*value=\"61\"", html);
        Assert.Matches("id=\"explain\"[^>]*checked", html);
        Assert.DoesNotContain(NotKept, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ExpiredForm_DoesNotBlameTheFile()
    {
        // Arrange: no antiforgery token; the form is read, so what was typed comes back.
        using var form = await FormAsync(TestImages.LesionPng(), withToken: false);

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<title>Error: The form has expired · SkinLesion Check</title>", html, StringComparison.Ordinal);
        Assert.Equal("false", FileInvalid(html));
        Assert.Contains("<p class=\"refusal-next\">The image was not stored. Choose it again, then press Classify.</p>", html, StringComparison.Ordinal);
        Assert.Matches("id=\"age\"[^>]*value=\"61\"", html);
    }

    [Fact]
    public async Task Post_UploadTooLargeToRead_SaysTheClinicalDetailsWereNotKept()
    {
        // Arrange: the body is refused before the form is read, so the age and the ticked box cannot come back.
        using var form = await FormAsync(new byte[(10 * 1024 * 1024) + 1], withToken: true);

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("true", FileInvalid(html));
        Assert.Contains($"<p class=\"refusal-next\">The file was not stored. Choose another file and try again. {NotKept}</p>", html, StringComparison.Ordinal);
        Assert.Matches("id=\"age\"[^>]*value=\"\"", html);
    }

    [Fact]
    public async Task Post_InvalidClinicalData_TitlesTheErrorAndMakesItsMessageFocusable()
    {
        // Arrange
        using var form = ClinicianPageTests.Form(TestImages.LesionPng(), "lesion.png", await ClinicianPageTests.TokenAsync(_client));
        form.Add(new StringContent("abc"), "age");

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<title>Error: Check the clinical details · SkinLesion Check</title>", html, StringComparison.Ordinal);
        Assert.Matches("<div id=\"clinical-error\" class=\"refusal\" role=\"alert\" tabindex=\"-1\"", html);
        Assert.Equal("false", FileInvalid(html));
    }

    [Fact]
    public async Task Post_TwoImages_IsRefusedAsTheApiRefusesThemNotAnsweredForTheFirst()
    {
        // Arrange
        using var form = await FormAsync(TestImages.LesionPng(), withToken: true);
        form.Add(new ByteArrayContent(TestImages.LesionJpeg()), "image", "second.jpg");

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more than one part in the field 'image'", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-verdict=", html, StringComparison.Ordinal);
        Assert.Matches("id=\"age\"[^>]*value=\"61\"", html);
    }

    private async Task<MultipartFormDataContent> FormAsync(byte[] file, bool withToken)
    {
        var form = ClinicianPageTests.Form(file, "upload.jpg", withToken ? await ClinicianPageTests.TokenAsync(_client) : null);
        form.Add(new StringContent("61"), "age");
        form.Add(new StringContent("true"), "explain");
        return form;
    }

    private static string FileInvalid(string html) => FileInputPattern().Match(html).Groups["invalid"].Value;

    [GeneratedRegex("<input type=\"file\" id=\"image\"[^>]*aria-invalid=\"(?<invalid>true|false)\"")]
    private static partial Regex FileInputPattern();
}
