using System.Data.Common;
using System.Globalization;

namespace SkinLesion.Audit.Schema;

/// <summary>
/// Brings a store to <see cref="AuditMigrations.Current"/> in one transaction, under the engine's lock so replicas
/// starting together migrate once; refuses a schema newer than this build (an older replica must not write to it).
/// </summary>
internal static class SchemaMigrator
{
    public static async Task<int> MigrateAsync(DbAuditStore store, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginMigrationAsync(connection, cancellationToken);
        await using (var create = DbAuditStore.Command(transaction, store.SchemaVersionTableSql))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        int version = await VersionAsync(transaction, cancellationToken);
        CheckNotNewer(version, store.Description);
        foreach (var migration in AuditMigrations.All.Where(m => m.Version > version))
        {
            await using var apply = DbAuditStore.Command(transaction, store.MigrationSql(migration));
            await apply.ExecuteNonQueryAsync(cancellationToken);
            await using var record = DbAuditStore.Command(transaction, "INSERT INTO schema_version (version, description, applied_utc) VALUES (@version, @description, @applied_utc)",
                ("version", migration.Version), ("description", migration.Description), ("applied_utc", store.ToDb(AuditRecord.ToStoredPrecision(store.Time.GetUtcNow()))));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return AuditMigrations.Current;
    }

    public static async Task<int> VerifyAsync(DbConnection connection, string description, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int version;
        try
        {
            version = await VersionAsync(transaction, cancellationToken);
        }
        catch (DbException ex)
        {
            throw new AuditStoreException($"{description} holds no audit schema (no schema_version table): the service creates it on its first start.", ex);
        }

        CheckNotNewer(version, description);
        return version == AuditMigrations.Current
            ? version
            : throw new AuditStoreException($"{description} is at audit schema version {version}, older than this build's {AuditMigrations.Current}: start the service of this build once to migrate it.");
    }

    private static async Task<int> VersionAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var read = DbAuditStore.Command(transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static void CheckNotNewer(int version, string description)
    {
        if (version > AuditMigrations.Current)
        {
            throw new AuditStoreException(
                $"{description} is at audit schema version {version}, newer than this build knows ({AuditMigrations.Current}): run a build of the service that knows it.");
        }
    }
}
