using Microsoft.Extensions.Options;
using SkinLesion.Audit;
using SkinLesion.Web.Auditing;
using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Setup;

public static class AuditSetup
{
    /// <summary>
    /// The audit trail: validated options, the store they name (created or migrated at startup, so a store that cannot
    /// be reached or a schema from a newer build stops the process before it answers anything), the recorder both
    /// channels record through, and readiness's check that the store takes writes.
    /// </summary>
    public static WebApplicationBuilder AddAuditTrail(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AuditOptions>()
            .BindConfigurationStrictly(AuditOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(provider => AuditStoreFactory.Create(
            provider.GetRequiredService<IOptions<AuditOptions>>().Value,
            provider.GetRequiredService<IHostEnvironment>().ContentRootPath,
            provider.GetRequiredService<TimeProvider>(),
            createIfMissing: true));
        services.AddHostedService<AuditStoreMigrator>();
        services.AddSingleton<AuditWriteFailures>();
        services.AddSingleton<AssessmentRecorder>();
        services.AddHealthChecks().AddCheck<AuditStoreHealthCheck>("audit", tags: [HealthTags.Ready]);

        return builder;
    }
}
