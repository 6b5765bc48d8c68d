namespace SkinLesion.Audit;

/// <summary>Where the audit trail is kept (configuration SkinLesion:Audit:Provider).</summary>
public enum AuditProvider
{
    /// <summary>A SQLite file in the data directory: one instance, nothing to run beside it.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database: several replicas share it.</summary>
    PostgreSql,
}
