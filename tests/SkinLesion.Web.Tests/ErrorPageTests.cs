using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkinLesion.Inference;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests;

/// <summary>
/// Unexpected failures and unknown addresses: browsers get the HTML error page with the request id,
/// API clients get problem details; neither sees the exception.
/// </summary>
public sealed class ErrorPageTests : IDisposable
{
    private const string Internals = "native inference failure 0xDEADBEEF at /opt/secret/path";

    private readonly WebApplicationFactory<Program> _factory = new ApiFactory().WithWebHostBuilder(builder =>
        builder.ConfigureServices(services => services.AddSingleton<ISkinLesionClassifier>(provider =>
            new FailingClassifier(provider.GetRequiredService<SkinLesionClassifier>()))));

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task PostPageForm_WhenClassificationFails_Returns500ErrorPageWithRequestIdAndNoInternals()
    {
        // Arrange
        using var client = _factory.CreateClient();
        var token = await ClinicianPageTests.TokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = ClinicianPageTests.Form(TestImages.LesionJpeg(), "lesion.jpg", token) };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        // Act
        using var response = await client.SendAsync(request);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Something went wrong on the server", html, StringComparison.Ordinal);
        Assert.Contains("The image was not assessed and nothing was stored", html, StringComparison.Ordinal);
        Assert.Matches("<code id=\"request-id\">[^<]+</code>", html);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("DEADBEEF", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-verdict", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostApi_WhenClassificationFails_Returns500InternalErrorProblemWithoutInternals()
    {
        // Arrange
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Http.ClassificationsPath)
        {
            Content = Http.Multipart(TestImages.LesionJpeg(), "lesion.jpg", "image/jpeg"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.InternalServerError, ProblemTypes.InternalError, "Quote request id");
        Assert.DoesNotContain("DEADBEEF", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains(problem.GetProperty("requestId").GetString()!, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUnknownPage_FromBrowser_Returns404ErrorPageWithLinkBack()
    {
        // Arrange
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        request.Headers.Accept.ParseAdd("text/html");

        // Act
        using var response = await client.SendAsync(request);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"404\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUnknownApiPath_EvenFromBrowser_Returns404Problem()
    {
        // Arrange
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-resource");
        request.Headers.Accept.ParseAdd("text/html,*/*;q=0.8");

        // Act
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTypes.NotFound, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task GetOnThePostOnlyClassificationsPath_Returns405ProblemOfThisServicesType()
    {
        // Arrange
        using var client = _factory.CreateClient();

        // Act
        using var response = await client.GetAsync(Http.ClassificationsPath);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal(ProblemTypes.MethodNotAllowed, problem.GetProperty("type").GetString());
        Assert.Equal(Http.ClassificationsPath, problem.GetProperty("instance").GetString());
    }

    /// <summary>The real classifier, except that classification fails the way a native fault would.</summary>
    private sealed class FailingClassifier(ISkinLesionClassifier inner) : ISkinLesionClassifier
    {
        public ModelManifest Manifest => inner.Manifest;

        public ModelIdentity Model => inner.Model;

        public OperatingPoint OperatingPoint => inner.OperatingPoint;

        public TimeSpan WarmUpDuration => inner.WarmUpDuration;

        public string JpegDecoder => inner.JpegDecoder;

        public Task<ClassificationResult> ClassifyAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Internals);

        public bool CanSegment => inner.CanSegment;

        public Task<ClassificationResult> ClassifyAsync(ReadOnlyMemory<byte> image, ClassificationRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Internals);
    }
}
