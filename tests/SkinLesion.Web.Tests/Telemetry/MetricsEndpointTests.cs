using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Tests.Auth;

namespace SkinLesion.Web.Tests.Telemetry;

/// <summary>
/// GET /metrics through HTTP (docs/decisions/0016-metrics-and-kubernetes.md): the service's own instruments in
/// Prometheus text, counted by the requests the tests make. The host is shared with other tests, so counts are
/// compared with what this test saw before its own requests.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class MetricsEndpointTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task GetMetrics_AfterOneClassification_ListsTheServicesOwnMetricsWithNonZeroCounts()
    {
        // Arrange
        var before = await ScrapeAsync();
        using var content = Http.Multipart(AuthHosts.Lesion, "lesion.png", "image/png");
        using var classified = await _client.PostAsync(Http.ClassificationsPath, content);
        var result = await Http.AssertClassificationAsync(classified);
        string status = result.GetProperty("status").GetString()!;
        string verdict = result.GetProperty("verdict").GetProperty("label").GetString()!;
        string version = result.GetProperty("model").GetProperty("version").GetString()!;

        // Act
        var metrics = await ScrapeAsync();

        // Assert
        var labels = new[] { ("status", status), ("verdict", verdict), ("channel", "api"), ("model_version", version) };
        Assert.True(metrics.Sum("skinlesion_assessments_total", labels) >= before.Sum("skinlesion_assessments_total", labels) + 1, metrics.Text);
        foreach (var stage in new[] { "queue", "decode", "geometry", "inference", "screening", "total" })
        {
            Assert.True(metrics.Sum("skinlesion_classification_stage_duration_seconds_count", ("stage", stage)) >= 1, $"no {stage} durations: {metrics.Text}");
        }

        Assert.True(metrics.Sum("skinlesion_classification_stage_duration_seconds_sum", ("stage", "inference")) > 0);
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(RepoLayout.ManifestPath)).RootElement;
        Assert.Equal(version, manifest.GetProperty("version").GetString());
        Assert.Equal(1, Assert.Single(metrics.Samples("skinlesion_model_info", ("model_version", version), ("model_name", manifest.GetProperty("name").GetString()!))).Value);
        Assert.True(metrics.Sum("skinlesion_inference_slots") >= 1);
        Assert.True(metrics.Sum("skinlesion_inference_queue_capacity") >= 1);
        Assert.Single(metrics.Samples("skinlesion_inference_queue_length"));
    }

    [Fact]
    public async Task GetMetrics_AfterAnUnsupportedUpload_CountsTheRefusalByProblemType()
    {
        // Arrange
        var before = await ScrapeAsync();
        using var content = Http.Raw(TestImages.WithPadding(TestImages.GifPrefix), "image/gif");
        using var refused = await _client.PostAsync(Http.ClassificationsPath, content);
        await Http.AssertProblemAsync(refused, HttpStatusCode.UnsupportedMediaType, "https://skinlesion.example/problems/unsupported-media-type", "PNG");

        // Act
        var metrics = await ScrapeAsync();

        // Assert
        var labels = new[] { ("type", "unsupported-media-type"), ("http_response_status_code", "415"), ("channel", "api") };
        Assert.True(metrics.Sum("skinlesion_refusals_total", labels) >= before.Sum("skinlesion_refusals_total", labels) + 1, metrics.Text);
    }

    [Fact]
    public async Task GetMetrics_AuthenticationRequired_AnswersWithoutACredential()
    {
        // Arrange
        using var secured = AuthHosts.Create(AuthHosts.ApiKeySettings());
        using var client = secured.CreateClient();

        // Act
        using var metrics = await client.GetAsync("/metrics");
        using var classification = await client.SendAsync(AuthHosts.ClassifyRequest());

        // Assert
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("skinlesion_model_info", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Http.AssertProblemAsync(classification, HttpStatusCode.Unauthorized, "https://skinlesion.example/problems/unauthorized", "X-Api-Key");
    }

    [Theory]
    [InlineData("Production", "json")]
    [InlineData("Testing", "json")]
    [InlineData("Development", "simple")]
    public void ConsoleLogs_OutsideDevelopment_AreJsonWithTheRequestScope(string environment, string formatter)
    {
        // Arrange
        using var host = factory.WithWebHostBuilder(builder => builder.UseEnvironment(environment));

        // Act
        var console = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = host.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        // Assert
        Assert.Equal(formatter, console.FormatterName ?? "simple");
        if (formatter == "json")
        {
            // The request's scope (RequestId, the requestId of the answer) is what puts the id on every line.
            Assert.True(json.IncludeScopes);
            Assert.True(json.UseUtcTimestamp);
        }
    }

    private Task<PrometheusText> ScrapeAsync() => PrometheusText.ScrapeAsync(_client);
}
