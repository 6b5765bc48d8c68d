using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Inference.Admission;
using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Setup;

public static class InferenceSetup
{
    /// <summary>
    /// Registers the classifier as a DI-owned singleton (disposed with the host), binds and validates
    /// its options at startup, and loads + warms the model, with the site profile when one is configured
    /// (<see cref="SiteSetup"/>), beside the web server's start and before the service reports ready
    /// (<see cref="ModelLoading"/>).
    /// </summary>
    public static WebApplicationBuilder AddSkinLesionInference(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<ModelOptions>()
            .BindConfigurationStrictly(ModelOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ImageOptions>()
            .BindConfigurationStrictly(ImageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new SkinLesionClassifier(
            provider.GetRequiredService<IOptions<ModelOptions>>().Value,
            provider.GetRequiredService<IOptions<ImageOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SkinLesionClassifier>>(),
            provider.GetRequiredService<IOptions<AdmissionOptions>>().Value,
            SiteSetup.ReadProfile(provider)));
        services.AddSingleton<ISkinLesionClassifier>(provider => provider.GetRequiredService<SkinLesionClassifier>());
        services.AddSingleton<ModelLoading>();
        services.AddHostedService(provider => provider.GetRequiredService<ModelLoading>());
        return builder;
    }

    /// <summary>
    /// The checks behind /health/live (the process answers) and /health/ready (the model is loaded and warm, and
    /// whether the inference line is saturated: Degraded, still 200, see <see cref="SaturationHealthCheck"/>).
    /// </summary>
    public static WebApplicationBuilder AddSkinLesionHealthChecks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ReadinessOptions>()
            .BindConfigurationStrictly(ReadinessOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SaturationMonitor>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<SaturationMonitor>());
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("The process is serving requests."), tags: [HealthTags.Live])
            .AddCheck<ModelReadyHealthCheck>("model", tags: [HealthTags.Ready])
            .AddCheck<SaturationHealthCheck>("saturation", tags: [HealthTags.Ready]);
        return builder;
    }
}
