using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace SkinLesion.Web.Tests.Telemetry;

/// <summary>OTLP export is switched on by the standard OTEL_EXPORTER_OTLP_ENDPOINT and off without it (Setup/TelemetrySetup.cs).</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public void OtlpEndpoint_Set_RegistersTheTracerProviderThatExports()
    {
        // Arrange: a collector address nobody listens on; nothing is exported before the host shuts down.
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"));

        // Act
        var tracing = factory.Services.GetService<TracerProvider>();

        // Assert
        Assert.NotNull(tracing);
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
