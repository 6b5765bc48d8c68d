using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SkinLesion.Inference.Admission;
using SkinLesion.Web.Problems;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Tests.Auth;

namespace SkinLesion.Web.Tests.Telemetry;

/// <summary>
/// GET /metrics through HTTP (docs/decisions/0016-metrics-and-kubernetes.md): the service's own instruments in
/// Prometheus text, counted by the requests the tests make, each test on a host of its own (see MetricsGroup).
/// </summary>
[Collection(MetricsGroup.Name)]
public sealed class MetricsEndpointTests : IDisposable
{
    // Started by the tests that use it: a host whose meters exist beside a test's own would share their streams.
    private readonly ApiFactory _factory = new();
    private readonly Lazy<HttpClient> _client;

    public MetricsEndpointTests()
    {
        // The previous test's host may still be going away; its meters must be gone before this test's host starts.
        // 30 s: the host's own shutdown timeout, the longest a disposing host may take.
        HostMeters.WaitUntilNoneAlive(TimeSpan.FromSeconds(30));
        _client = new(_factory.CreateClient);
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        _factory.Dispose();
    }

    [Fact]
    public async Task GetMetrics_AfterOneClassification_ListsTheServicesOwnMetricsWithNonZeroCounts()
    {
        // Arrange
        var before = await ScrapeAsync();
        using var content = Http.Multipart(AuthHosts.Lesion, "lesion.png", "image/png");
        using var classified = await _client.Value.PostAsync(Http.ClassificationsPath, content);
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
        using var refused = await _client.Value.PostAsync(Http.ClassificationsPath, content);
        await Http.AssertProblemAsync(refused, HttpStatusCode.UnsupportedMediaType, "https://skinlesion.example/problems/unsupported-media-type", "PNG");

        // Act
        var metrics = await ScrapeAsync();

        // Assert
        var labels = new[] { ("type", "unsupported-media-type"), ("http_response_status_code", "415"), ("channel", "api") };
        Assert.True(metrics.Sum("skinlesion_refusals_total", labels) >= before.Sum("skinlesion_refusals_total", labels) + 1, metrics.Text);
    }

    [Fact]
    public async Task GetMetrics_AfterAPagePostOfACameraSizedImage_RecordsTheDisplayCopyStage()
    {
        // Arrange
        using var form = ClinicianPageTests.Form(AssessmentImages.DermoscopyLikeJpeg(4000, 3000), "lesion.jpg", await ClinicianPageTests.TokenAsync(_client.Value));
        using var page = await _client.Value.PostAsync("/", form);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // Act
        var metrics = await ScrapeAsync();

        // Assert
        Assert.Equal(1, metrics.Sum("skinlesion_classification_stage_duration_seconds_count", ("stage", "display")));
        Assert.True(metrics.Sum("skinlesion_classification_stage_duration_seconds_sum", ("stage", "display")) > 0, metrics.Text);
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

    [Fact]
    public async Task GetMetrics_LineFull_CountsTheLoadRefusalAndShowsTheQueue()
    {
        // Arrange: one slot + one waiting place, both taken by requests that are "still uploading".
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SkinLesion:Model:MaxConcurrentInferences", "1");
            builder.UseSetting("SkinLesion:Admission:MaxQueueLength", "1");
        });
        using var client = factory.CreateClient();
        var gate = factory.Services.GetRequiredService<InferenceGate>();
        using var first = gate.TryTakePlace("another-client-1", out _);
        using var second = gate.TryTakePlace("another-client-2", out _);
        using var busy = await client.PostAsync(Http.ClassificationsPath, Http.Raw([1, 2, 3], "image/png"));
        await Http.AssertProblemAsync(busy, HttpStatusCode.ServiceUnavailable, ProblemTypes.ServiceBusy, "try again in");

        // Act
        var metrics = await PrometheusText.ScrapeAsync(client);

        // Assert
        Assert.Equal(1, metrics.Sum("skinlesion_load_refusals_total", ("reason", "line-full"), ("http_response_status_code", "503"), ("channel", "api")));
        Assert.Equal(1, metrics.Sum("skinlesion_inference_queue_length"));
        Assert.Equal(1, metrics.Sum("skinlesion_inference_slots"));
        Assert.Equal(1, metrics.Sum("skinlesion_inference_queue_capacity"));
    }

    [Fact]
    public async Task GetMetrics_RateLimitExhausted_CountsThe429AndIsNotLimitedItself()
    {
        // Arrange: a bucket of 1 that refills once a minute, spent on the first request.
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SkinLesion:RateLimit:TokenLimit", "1");
            builder.UseSetting("SkinLesion:RateLimit:TokensPerPeriod", "1");
            builder.UseSetting("SkinLesion:RateLimit:ReplenishmentPeriodSeconds", "60");
        });
        using var client = factory.CreateClient();
        using var allowed = await client.GetAsync("/api/v1/model");
        using var limited = await client.PostAsync(Http.ClassificationsPath, Http.Raw([1, 2, 3], "image/png"));
        await Http.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, ProblemTypes.TooManyRequests, "try again in");

        // Act: two scrapes after the bucket is empty.
        await PrometheusText.ScrapeAsync(client);
        var metrics = await PrometheusText.ScrapeAsync(client);

        // Assert
        Assert.Equal(1, metrics.Sum("skinlesion_load_refusals_total", ("reason", "rate-limited"), ("http_response_status_code", "429"), ("channel", "api")));
    }

    private Task<PrometheusText> ScrapeAsync() => PrometheusText.ScrapeAsync(_client.Value);
}
