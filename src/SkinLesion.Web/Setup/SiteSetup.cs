using Microsoft.Extensions.Options;
using SkinLesion.Inference.Site;

namespace SkinLesion.Web.Setup;

/// <summary>The site's operating point (docs/site-calibration.md, ADR 0019): which site profile, if any, the classifier applies.</summary>
public static class SiteSetup
{
    /// <summary>
    /// Binds SkinLesion:Site. The profile itself is read when the classifier is built at startup (AddSkinLesionInference),
    /// beside the model it must match, so a missing, malformed or foreign profile stops the process as a bad model does.
    /// </summary>
    public static WebApplicationBuilder AddSiteOperatingPoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SiteOptions>()
            .BindConfigurationStrictly(SiteOptions.SectionName)
            .ValidateOnStart();
        return builder;
    }

    /// <summary>The configured profile, read and checked; null when none is configured (the shipped operating point).</summary>
    /// <exception cref="SiteProfileException">The profile is missing, unreadable or not a valid profile.</exception>
    internal static SiteProfile? ReadProfile(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SiteOptions>>().Value;
        return options.ResolveProfilePath(services.GetRequiredService<IHostEnvironment>().ContentRootPath) is { } path
            ? SiteProfile.Read(path)
            : null;
    }
}
