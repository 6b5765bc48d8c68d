using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests.Uploads;

/// <summary>
/// A refused upload's detail is the service's own words: what the client sent comes back quoted and shortened, never a
/// reader's exception text, and a field repeated without end is refused before it costs more than a few parts.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class UploadRefusalDetailTests(ApiFactory factory)
{
    private const string Marker = "MARKER-FROM-THE-CLIENT";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Post_ClinicalFieldRepeated_RefusedAsMalformedAfterEightParts()
    {
        // Arrange: nine 'age' parts, then the image.
        using var form = new MultipartFormDataContent();
        for (int i = 0; i < 9; i++)
        {
            form.Add(new StringContent("61"), "age");
        }

        var file = new ByteArrayContent(TestImages.LesionPng());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        form.Add(file, "image", "lesion.png");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, form);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedRequest, "The form field 'age' was sent more than 8 times");
    }

    [Fact]
    public async Task Post_TwoImageParts_RefusedAsMalformedAskingForOneImagePerRequest()
    {
        // Arrange: two files in the image field, as a client batching images into one request would send them.
        using var form = new MultipartFormDataContent();
        foreach (var (bytes, name) in new[] { (TestImages.LesionPng(), "first.png"), (TestImages.LesionPng(320, 240), "second.png") })
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
            form.Add(file, "image", name);
        }

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, form);

        // Assert: refused, not answered for the first image alone.
        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedRequest, "more than one part in the field 'image'; each request assesses one image");
    }

    [Fact]
    public async Task Post_MalformedPartHeader_DetailDoesNotRepeatTheClientsBytes()
    {
        // Arrange: a part header line without a colon, which the multipart reader reports with the line in its message.
        using var body = new StringContent($"--b\r\n{Marker} no colon here\r\n\r\nabc\r\n--b--\r\n", Encoding.ASCII);
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, body);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedRequest, "multipart/form-data body");
        Assert.DoesNotContain(Marker, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_LongContentType_QuotedShortened()
    {
        // Arrange
        using var body = new ByteArrayContent([1, 2, 3]);
        body.Headers.TryAddWithoutValidation("Content-Type", "application/" + new string('x', 4000));

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, body);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "is not accepted");
        Assert.Contains("'application/xxxxxxxxxxxxxxxxxxxxxxxxxxxx…'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("detail").GetString()!.Length < 400, "the detail repeats the whole header");
    }

    [Fact]
    public async Task Post_NoImageAmongManyFields_ListsFiveAndCountsTheRest()
    {
        // Arrange
        using var form = new MultipartFormDataContent();
        for (int i = 0; i < 20; i++)
        {
            form.Add(new StringContent("x"), $"field{i:00}");
        }

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, form);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MissingImage,
            "only the field(s) 'field00', 'field01', 'field02', 'field03', 'field04' and 15 more");
    }
}
