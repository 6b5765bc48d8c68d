using System.Net;
using SkinLesion.Tests.Assessment;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests;

/// <summary>
/// The classification endpoint takes its options in the query and the image and clinical fields in the form, and says
/// so when a request puts something elsewhere or misspells it, instead of answering as if it were absent.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class RequestParameterTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("segment", "segment is a query parameter, not a form field")]
    [InlineData("Explain", "explain is a query parameter, not a form field")]
    [InlineData("segmnet", "field this endpoint does not take, 'segmnet'")]
    [InlineData("patientName", "field this endpoint does not take, 'patientName'")]
    public async Task Post_FormFieldTheEndpointDoesNotTake_IsRefusedNamingIt(string field, string says)
    {
        // Arrange
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikePng(200, 150), "lesion.png", "image/png");
        content.Add(new StringContent("true"), field);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidParameter, says);
        Assert.Equal("A request parameter is invalid", problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("classification", out _));
    }

    [Fact]
    public async Task Post_KnownNamesInAnyCase_AreTakenInTheQueryAndTheForm()
    {
        // Arrange: the image's own field too ("Image" was answered as a request without an image).
        using var content = new MultipartFormDataContent();
        var image = new ByteArrayContent(AssessmentImages.DermoscopyLikePng(200, 150));
        image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        content.Add(image, "Image", "lesion.png");
        content.Add(new StringContent("female"), "Sex");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath + "?Explain=false&AGE=61", content);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["age", "sex"], answer.GetProperty("clinical").GetProperty("received").EnumerateArray().Select(name => name.GetString()));
        Assert.False(answer.TryGetProperty("explanation", out var explanation) && explanation.ValueKind != System.Text.Json.JsonValueKind.Null, "explain=false asks for no map");
    }
}
