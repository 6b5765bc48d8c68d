using System.Data.Common;
using Npgsql;
using SkinLesion.Audit.Schema;

namespace SkinLesion.Audit;

/// <summary>
/// The audit trail in a PostgreSQL database that several replicas share. Connections come from one pooled data
/// source; connecting and every statement are bounded by the write timeout. Migrations take a transaction-scoped
/// advisory lock, so replicas starting together migrate one after another and the later ones find nothing to do.
/// </summary>
public sealed class PostgreSqlAuditStore : DbAuditStore
{
    // An arbitrary constant shared by every build of this service: the advisory lock's name.
    private const long MigrationLockKey = 0x5EC1_A0D1_7000_0001;

    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlAuditStore(string connectionString, TimeSpan timeout, TimeProvider time)
        : base(time)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = (int)Math.Ceiling(timeout.TotalSeconds),
            CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
        };
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Description { get; }

    internal override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_utc timestamptz NOT NULL)";

    internal override string MigrationSql(AuditMigration migration) => migration.PostgreSql;

    internal override object ToDb(DateTimeOffset time) => time.ToUniversalTime();

    // The server's clock when the statement started (now() would be the transaction's start).
    internal override string DatabaseNowSql => "SELECT statement_timestamp()";

    internal override DateTimeOffset FromDb(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    internal override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = Command(transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", MigrationLockKey));
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    private protected override DbConnection OpenConnection() => _dataSource.OpenConnection();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dataSource.Dispose();
        }

        base.Dispose(disposing);
    }
}
