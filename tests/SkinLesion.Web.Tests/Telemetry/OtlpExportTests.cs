using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace SkinLesion.Web.Tests.Telemetry;

/// <summary>OTLP export is switched on by the standard OTEL_EXPORTER_OTLP_ENDPOINT and off without it (Setup/TelemetrySetup.cs).</summary>
public sealed class OtlpExportTests
{
    [Theory]
    [InlineData("OTEL_SERVICE_NAME", "skinlesion-ward-7")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=test, service.name=skinlesion-ward-7")]
    public async Task OtlpEndpoint_Set_ExportsTheRequestsTraceToTheCollectorUnderTheConfiguredServiceName(string variable, string value)
    {
        // Arrange: a collector of our own on a free port, taking OTLP over HTTP (http/protobuf) and noting what it was sent.
        var received = new ConcurrentQueue<(string Signal, string Body)>();
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            // Protobuf: the span's attributes (the route, the path) are UTF-8 strings inside it, readable as text.
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue((signal, System.Text.Encoding.UTF8.GetString(body.ToArray())));
            return Results.Ok();
        });
        await collector.StartAsync();
        string address = collector.Urls.Single();
        await using var factory = new ApiFactory().WithWebHostBuilder(builder => builder
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", address)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100")
            .UseSetting(variable, value));
        using var client = factory.CreateClient();

        // Act
        using var response = await client.GetAsync("/api/v1/model");

        // Assert: the batch goes out within its schedule (100 ms here); the deadline only bounds a failure.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        bool RequestSpanReceived() => received.Any(r => r.Signal == "traces" && r.Body.Contains("api/v1/model", StringComparison.Ordinal)
            && r.Body.Contains("skinlesion-ward-7", StringComparison.Ordinal));
        long start = Stopwatch.GetTimestamp();
        while (!RequestSpanReceived() && Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        Assert.True(RequestSpanReceived(), $"no trace naming api/v1/model from service skinlesion-ward-7; received: {string.Join(", ", received.Select(r => r.Signal))}");
    }

    [Theory]
    [InlineData("otel-collector.monitoring:4317")]
    [InlineData("grpc://otel-collector:4317")]
    [InlineData("/collector")]
    public void OtlpEndpoint_NotAnHttpUrl_StopsTheStartNamingIt(string endpoint)
    {
        // Arrange
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint));

        // Act
        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        // Assert
        Assert.Contains($"OTEL_EXPORTER_OTLP_ENDPOINT '{endpoint}' is not an absolute http(s) URL", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OtlpEndpoint_Unset_ExportsNothing()
    {
        // Arrange
        using var factory = new ApiFactory();

        // Act
        var tracing = factory.Services.GetService<TracerProvider>();

        // Assert
        Assert.Null(tracing);
    }
}
