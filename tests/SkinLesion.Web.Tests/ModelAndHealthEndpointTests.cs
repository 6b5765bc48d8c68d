using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

[Collection(ApiGroup.Name)]
public sealed class ModelAndHealthEndpointTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task GetModel_ReturnsModelCardFromTheManifest()
    {
        // Arrange
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(RepoLayout.ManifestPath)).RootElement;

        // Act
        using var response = await _client.GetAsync("/api/v1/model");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(manifest.GetProperty("name").GetString(), card.GetProperty("name").GetString());
        Assert.Equal(manifest.GetProperty("version").GetString(), card.GetProperty("version").GetString());
        Assert.Equal(manifest.GetProperty("sha256").GetString(), card.GetProperty("sha256").GetString());
        Assert.Equal(
            manifest.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("code").GetString()),
            card.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("code").GetString()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(manifest.GetProperty("metrics").GetRawText()), JsonNode.Parse(card.GetProperty("metrics").GetRawText())), "metrics pass through unchanged");
        Assert.Equal(manifest.GetProperty("decisionRule").GetProperty("type").GetString(), card.GetProperty("decisionRule").GetProperty("type").GetString());
        Assert.Equal(manifest.GetProperty("malignantThreshold").GetProperty("value").GetDouble(), card.GetProperty("malignantThreshold").GetProperty("value").GetDouble());
        Assert.Equal(manifest.GetProperty("calibration").GetProperty("method").GetString(), card.GetProperty("calibration").GetProperty("method").GetString());
        Assert.Equal(manifest.GetProperty("intendedUse").GetString(), card.GetProperty("intendedUse").GetString());
        Assert.Equal(manifest.GetProperty("data").GetProperty("licence").GetString(), card.GetProperty("licence").GetString());
        Assert.Equal(ShippedModel.InputSize.Width, card.GetProperty("input").GetProperty("width").GetInt32());
        Assert.Equal(10L * 1024 * 1024, card.GetProperty("serving").GetProperty("maxUploadBytes").GetInt64());
        foreach (var key in new[] { "minTopProbability", "borderlineFrom", "borderlineTo" })
        {
            Assert.Equal(manifest.GetProperty("uncertainty").GetProperty(key).GetDouble(), card.GetProperty("uncertainty").GetProperty(key).GetDouble());
        }

        foreach (var key in new[] { "file", "sha256", "version" })
        {
            Assert.Equal(manifest.GetProperty("outOfDistribution").GetProperty(key).GetString(), card.GetProperty("screening").GetProperty(key).GetString());
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task GetHealth_ModelLoaded_Returns200Healthy(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("HEAD", "/health/ready", HttpStatusCode.OK)]
    [InlineData("HEAD", "/health/live", HttpStatusCode.OK)]
    [InlineData("POST", "/health/ready", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/health/live", HttpStatusCode.MethodNotAllowed)]
    [InlineData("HEAD", "/api/v1/model", HttpStatusCode.OK)]
    [InlineData("PUT", "/api/v1/model", HttpStatusCode.MethodNotAllowed)]
    [InlineData("HEAD", "/metrics", HttpStatusCode.OK)]
    [InlineData("POST", "/metrics", HttpStatusCode.MethodNotAllowed)]
    public async Task ReadOnlyEndpoints_AnswerGetAndHeadOnly(string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await _client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.MethodNotAllowed)
        {
            await Http.AssertProblemAsync(response, expected, SkinLesion.Web.Problems.ProblemTypes.MethodNotAllowed, $"does not take {method}");
            Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task GetReady_ReportsTheWarmedModel()
    {
        using var response = await _client.GetAsync("/health/ready");

        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var model = report.GetProperty("checks").GetProperty("model");
        Assert.Equal("Healthy", model.GetProperty("status").GetString());
        Assert.Equal(64, model.GetProperty("data").GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public async Task GetSwagger_DescribesBothUploadStylesWithExamples()
    {
        using var document = await _client.GetAsync("/swagger/v1/swagger.json");
        using var ui = await _client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var openApi = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement;
        var post = openApi.GetProperty("paths").GetProperty("/api/v1/classifications").GetProperty("post");
        var content = post.GetProperty("requestBody").GetProperty("content");
        Assert.True(content.TryGetProperty("multipart/form-data", out _));
        Assert.True(content.TryGetProperty("image/png", out _));
        Assert.True(content.TryGetProperty("image/jpeg", out _));
        Assert.True(content.TryGetProperty("image/pjpeg", out _));
        Assert.True(content.TryGetProperty("application/octet-stream", out _));
        Assert.True(post.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").TryGetProperty("examples", out _));
        Assert.True(post.GetProperty("responses").GetProperty("415").GetProperty("content").EnumerateObject().First().Value.TryGetProperty("example", out _));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/model", out var model));
        Assert.Equal(["get"], model.EnumerateObject().Select(operation => operation.Name)); // HEAD is GET without the body, not an operation of its own
    }

    [Theory]
    [InlineData("/swagger/v1/swagger.json", "application/json")]
    [InlineData("/swagger/index.html", "text/html")]
    public async Task HeadSwagger_AnswersAsGetWithoutABody(string path, string mediaType)
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Head, path);

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetSwagger_EveryApiOperationListsTheRateLimitsRefusal()
    {
        // The per-client rate limit covers every route but the probes, /metrics and the error page (RateLimitSetup):
        // a generated client must expect 429 with Retry-After wherever the document sends it.
        using var document = await _client.GetAsync("/swagger/v1/swagger.json");
        var paths = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");

        var operations = paths.EnumerateObject()
            .Where(path => path.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name} {path.Name}", Responses: operation.Value.GetProperty("responses"))))
            .ToList();

        Assert.True(operations.Count >= 3, $"only {operations.Count} API operations documented");
        Assert.All(operations, operation => Assert.True(operation.Responses.TryGetProperty("429", out _), $"{operation.Name} does not list 429"));
    }
}
