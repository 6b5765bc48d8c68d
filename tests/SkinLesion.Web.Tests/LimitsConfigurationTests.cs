using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
}
