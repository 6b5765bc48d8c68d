using Microsoft.Extensions.Diagnostics.HealthChecks;
using SkinLesion.Audit;
using SkinLesion.Web.Auditing;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// Readiness's report of the audit store: Healthy while it takes a write (one committed write to its heartbeat row,
/// bounded by the write timeout), Unhealthy otherwise. Unhealthy fails readiness (503): an instance that cannot record
/// can answer nothing (every answer would be 503 audit-unavailable), so the load balancer should send its traffic to
/// another. The data names the engine, not where it is.
/// </summary>
public sealed class AuditStoreHealthCheck(IAuditStore store, AuditWriteFailures failures) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["store"] = store is PostgreSqlAuditStore ? "PostgreSQL" : "SQLite",
        };
        if (failures.LastUtc is { } failed)
        {
            data["lastFailureUtc"] = failed;
        }

        try
        {
            await store.CheckAsync(cancellationToken);
            return HealthCheckResult.Healthy("The audit store takes writes.", data);
        }
        catch (AuditStoreException ex)
        {
            return HealthCheckResult.Unhealthy("The audit store cannot be written: every answer is withheld (503 audit-unavailable) until it can.", ex, data);
        }
    }
}
