using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SkinLesion.Web.Admission;

namespace SkinLesion.Web.Tests;

/// <summary>The upload cap reaches Kestrel and form options too, not only the service's own byte count.</summary>
public sealed class LimitsConfigurationTests
{
    [Fact]
    public void DefaultCap_IsTenMegabytesEverywhereAndBelowKestrelsDefault()
    {
        // Arrange
        using var factory = new ApiFactory();

        // Act
        var kestrel = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        var form = factory.Services.GetRequiredService<IOptions<FormOptions>>().Value;

        // Assert
        Assert.Equal((10L * 1024 * 1024) + (64 * 1024), kestrel.Limits.MaxRequestBodySize);
        Assert.True(kestrel.Limits.MaxRequestBodySize < 30_000_000, "below Kestrel's 30 MB default");
        Assert.Equal(10L * 1024 * 1024, form.MultipartBodyLengthLimit);
    }

    [Fact]
    public void ConfiguredCap_FlowsToKestrelAndFormOptions()
    {
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Upload:MaxBytes", "2097152"));

        var kestrel = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        var form = factory.Services.GetRequiredService<IOptions<FormOptions>>().Value;

        Assert.Equal(2097152 + (64 * 1024), kestrel.Limits.MaxRequestBodySize);
        Assert.Equal(2097152, form.MultipartBodyLengthLimit);
    }

    [Fact]
    public async Task ConfiguredLimits_AreWhatTheModelPageStates()
    {
        // Arrange
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder
            .UseSetting("SkinLesion:Upload:MaxBytes", "2097152")
            .UseSetting("SkinLesion:Images:MaxPixels", "12000000")
            .UseSetting("SkinLesion:Images:MinSide", "96"));
        using var client = factory.CreateClient();

        // Act
        var html = await client.GetStringAsync("/model");

        // Assert
        Assert.Contains("<dd id=\"accepted-uploads\">PNG or JPEG up to 2 MB, at least 96 pixels on each side and at most 12 megapixels</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void SlowClientDefaults_ReachKestrelAndTheClassifyTimeout()
    {
        using var factory = new ApiFactory();

        var kestrel = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        var timeouts = factory.Services.GetRequiredService<IOptions<RequestTimeoutOptions>>().Value;

        Assert.Equal(4096, kestrel.Limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), kestrel.Limits.MinRequestBodyDataRate.GracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(10), kestrel.Limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), kestrel.Limits.KeepAliveTimeout);
        var classify = timeouts.Policies[SlowClientOptions.ClassifyTimeoutPolicy];
        Assert.Equal(TimeSpan.FromSeconds(60), classify.Timeout);
        Assert.Equal(408, classify.TimeoutStatusCode);
    }

    [Fact]
    public void ConfiguredSlowClientLimits_FlowToKestrelAndTheClassifyTimeout()
    {
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SkinLesion:Clients:MinRequestBodyBytesPerSecond", "1000");
            builder.UseSetting("SkinLesion:Clients:MinRequestBodyGraceSeconds", "3");
            builder.UseSetting("SkinLesion:Clients:RequestHeadersTimeoutSeconds", "4");
            builder.UseSetting("SkinLesion:Clients:KeepAliveTimeoutSeconds", "7");
            builder.UseSetting("SkinLesion:Clients:ClassifyTimeoutSeconds", "12");
        });

        var kestrel = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        var timeouts = factory.Services.GetRequiredService<IOptions<RequestTimeoutOptions>>().Value;

        Assert.Equal(1000, kestrel.Limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(3), kestrel.Limits.MinRequestBodyDataRate.GracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(4), kestrel.Limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), kestrel.Limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), timeouts.Policies[SlowClientOptions.ClassifyTimeoutPolicy].Timeout);
    }

    [Theory]
    [InlineData(null, null, 65)]
    [InlineData("120", null, 125)]
    [InlineData(null, "300", 300)]
    [InlineData("120", "20", 125)]
    public void Shutdown_WaitsForAClassificationAsLongAsItsTimeout_UnlessTheHostIsGivenLonger(string? classifyTimeout, string? hostTimeout, double expectedSeconds)
    {
        // The host's default of 30 s would cut off a slow upload the classify timeout still allows.
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            if (classifyTimeout is not null)
            {
                builder.UseSetting("SkinLesion:Clients:ClassifyTimeoutSeconds", classifyTimeout);
            }

            if (hostTimeout is not null)
            {
                builder.UseSetting(WebHostDefaults.ShutdownTimeoutKey, hostTimeout);
            }
        });

        var host = factory.Services.GetRequiredService<IOptions<HostOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), host.ShutdownTimeout);
    }
}
