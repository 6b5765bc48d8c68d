using System.Net;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests;

/// <summary>
/// The pages answer only the methods they have handlers for: any other is a 405 with the Allow header, as problem
/// details for a program and as the error page for a browser, never the page itself or a form error.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class PageMethodTests(ApiFactory factory)
{
    [Theory]
    [InlineData("PUT", "/", "GET, HEAD, POST")]
    [InlineData("DELETE", "/", "GET, HEAD, POST")]
    [InlineData("PATCH", "/", "GET, HEAD, POST")]
    [InlineData("POST", "/model", "GET, HEAD")]
    [InlineData("DELETE", "/model", "GET, HEAD")]
    public async Task PageAskedWithAMethodItHasNoHandlerFor_Returns405ProblemWithTheMethodsItTakes(string method, string path, string allowed)
    {
        // Arrange
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed, $"does not take {method}");
        Assert.Equal(path, problem.GetProperty("instance").GetString());
        Assert.Equal(allowed.Split(", "), response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BrowserSendingDeleteToTheUploadPage_Gets405ErrorPageWithRequestId()
    {
        // Arrange
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        // Act
        using var response = await client.SendAsync(request);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["GET", "HEAD", "POST"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Contains("This address does not take that kind of request", html, StringComparison.Ordinal);
        Assert.Matches("<code id=\"request-id\">[^<]+</code>", html);
        Assert.DoesNotContain("type=\"file\"", html, StringComparison.Ordinal);
    }

    // The body is Kestrel's to drop for HEAD; the in-memory test server passes it through, so only the answer is checked.
    [Theory]
    [InlineData("/")]
    [InlineData("/model")]
    public async Task HeadOnAPage_AnswersAsGetDoes(string path)
    {
        // Arrange
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, path);

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
