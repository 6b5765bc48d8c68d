using Microsoft.Extensions.Diagnostics.HealthChecks;
using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Setup;

public static class HealthChecksSetup
{
    /// <summary>The checks behind /health/live (the process answers) and /health/ready (the model is loaded and warm).</summary>
    public static WebApplicationBuilder AddSkinLesionHealthChecks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("The process is serving requests."), tags: [HealthTags.Live])
            .AddCheck<ModelReadyHealthCheck>("model", tags: [HealthTags.Ready]);
        return builder;
    }
}
