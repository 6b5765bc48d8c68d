using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using SkinLesion.Audit;
using SkinLesion.Web.Auditing;

namespace SkinLesion.Web.Setup;

public static class DataProtectionSetup
{
    /// <summary>The application name every replica protects under: the key ring is shared only between equal names.</summary>
    public const string ApplicationName = "SkinLesion";

    /// <summary>
    /// The key ring that protects the page's form tokens and sign-in cookies, kept in the audit store (the same
    /// instance the audit trail writes to) instead of each process's memory, so every replica reads what any other
    /// protected (ADR 0018). The keys are stored unencrypted unless ProtectKeysWith... is added here.
    /// </summary>
    public static WebApplicationBuilder AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Data Protection loads the ring in a hosted service of its own, and hosted services start in registration
        // order: the store's migration (AddAuditTrail) must come before it, or the first load finds no table.
        if (!services.Any(service => service.ServiceType == typeof(IAuditStore)))
        {
            throw new InvalidOperationException($"{nameof(AddSharedKeyRing)} keeps the key ring in the audit store: call {nameof(AuditSetup.AddAuditTrail)} first.");
        }

        if (services.Any(service => service.ServiceType == typeof(IDataProtectionProvider)))
        {
            throw new InvalidOperationException($"Data Protection was added before {nameof(AddSharedKeyRing)} (authentication, antiforgery and Razor Pages add it): its key ring would load before the audit store is migrated.");
        }

        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IAuditStore>((options, store) => options.XmlRepository = new AuditKeyRingRepository(store));
        return builder;
    }
}
