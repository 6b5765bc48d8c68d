using System.Xml.Linq;

namespace SkinLesion.Audit;

/// <summary>
/// The audit trail's store: append-only through this interface (no update; deletion only by a logged purge).
/// Every failure is an <see cref="AuditStoreException"/>. Safe for concurrent use.
/// </summary>
public interface IAuditStore : IDisposable
{
    /// <summary>Which store this is, for logs and readiness ("SQLite /var/lib/skinlesion/audit.db"); never a password.</summary>
    string Description { get; }

    /// <summary>Creates the schema or migrates it to the current version; refuses a schema newer than this build. Returns the version.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks that the store exists at the current schema version without changing it (for tools). Returns the version.</summary>
    Task<int> VerifySchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends one record; returns only once it is committed.</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>The record of one request; null when there is none.</summary>
    Task<AuditRecord?> FindAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Every record recorded at or after <paramref name="since"/>, in the order they were appended.</summary>
    IAsyncEnumerable<AuditRecord> ExportAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every record recorded before <paramref name="cutoff"/> (which may not be in the future) and logs the
    /// purge in the same transaction; the only deletion there is.
    /// </summary>
    Task<AuditPurge> PurgeAsync(DateTimeOffset cutoff, string purgedBy, CancellationToken cancellationToken = default);

    /// <summary>Every purge logged so far, oldest first.</summary>
    Task<IReadOnlyList<AuditPurge>> PurgesAsync(CancellationToken cancellationToken = default);

    /// <summary>Proves the store takes writes now: one committed write to its heartbeat row. Throws when it cannot.</summary>
    Task CheckAsync(CancellationToken cancellationToken = default);

    /// <summary>The ASP.NET Core Data Protection key ring's elements (keys, revocations), oldest first (ADR 0018).</summary>
    IReadOnlyList<XElement> KeyRingElements();

    /// <summary>Adds one key ring element under a name no other element has; elements are never changed or removed.</summary>
    void AddKeyRingElement(XElement element, string friendlyName);
}
