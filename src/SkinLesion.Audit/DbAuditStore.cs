using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using SkinLesion.Audit.Schema;

namespace SkinLesion.Audit;

/// <summary>
/// What both engines share: the statements (plain SQL, the same text on both), the migrations' bookkeeping and the
/// translation of every engine failure into <see cref="AuditStoreException"/>. An engine supplies connections, how
/// it keeps a time, and how a migration is serialised against other instances.
/// </summary>
public abstract class DbAuditStore : IAuditStore
{
    private static readonly string Columns = string.Join(", ", AuditColumns.Names);
    private static readonly string InsertSql =
        $"INSERT INTO assessments ({Columns}) VALUES ({string.Join(", ", AuditColumns.Names.Select(name => "@" + name))})";

    private protected DbAuditStore(TimeProvider time)
    {
        Time = time;
    }

    public abstract string Description { get; }

    internal TimeProvider Time { get; }

    public Task<int> MigrateAsync(CancellationToken cancellationToken = default) =>
        GuardAsync("migrate", async () =>
        {
            await using var connection = await OpenForMigrationAsync(cancellationToken);
            return await SchemaMigrator.MigrateAsync(this, connection, cancellationToken);
        });

    public Task<int> VerifySchemaAsync(CancellationToken cancellationToken = default) =>
        GuardAsync("read", async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await SchemaMigrator.VerifyAsync(connection, Description, cancellationToken);
        });

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return GuardAsync("append to", () => InsertAsync(record, cancellationToken));
    }

    public Task<AuditRecord?> FindAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return GuardAsync("read", async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, $"SELECT {Columns} FROM assessments WHERE request_id = @request_id", ("request_id", requestId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? AuditColumns.Read(reader, FromDb) : null;
        });
    }

    public async IAsyncEnumerable<AuditRecord> ExportAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Streamed row by row: an export of years of records never sits in memory.
        await using var connection = await GuardAsync("read", () => OpenAsync(cancellationToken).AsTask());
        await using var command = Command(connection, $"SELECT {Columns} FROM assessments WHERE recorded_utc >= @since ORDER BY id", ("since", ToDb(since)));
        await using var reader = await GuardAsync("read", () => command.ExecuteReaderAsync(cancellationToken));
        while (await GuardAsync("read", () => reader.ReadAsync(cancellationToken)))
        {
            yield return Guard("read", () => AuditColumns.Read(reader, FromDb));
        }
    }

    public Task<AuditPurge> PurgeAsync(DateTimeOffset cutoff, string purgedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purgedBy);
        var now = AuditRecord.ToStoredPrecision(Time.GetUtcNow());
        cutoff = AuditRecord.ToStoredPrecision(cutoff);
        if (cutoff > now)
        {
            throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "A purge cutoff in the future would delete records of answers not yet past retention.");
        }

        return GuardAsync("purge", async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

            // The cutoff comes from this host's clock. One that runs ahead would purge records still within retention
            // (a replica, or an operator's machine running the CLI against the shared PostgreSQL), so it is held to the
            // database's own clock, which every writer shares.
            var databaseNow = await DatabaseNowAsync(transaction, cancellationToken);
            if (now - databaseNow > MaxClockLead)
            {
                throw new AuditStoreException($"This host's clock reads {AuditColumns.FormatTime(now)}, {Description}'s {AuditColumns.FormatTime(databaseNow)}: a purge by a clock {(now - databaseNow).TotalMinutes:F0} minutes ahead would delete records still within retention. Nothing was purged; set this host's clock right and run it again.");
            }

            // The log row goes in first: the delete trigger allows a deletion only below a logged cutoff.
            await using var count = Command(transaction, "SELECT COUNT(*) FROM assessments WHERE recorded_utc < @cutoff", ("cutoff", ToDb(cutoff)));
            long expected = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            await using var log = Command(transaction, "INSERT INTO purges (purged_utc, cutoff_utc, deleted, purged_by) VALUES (@purged_utc, @cutoff_utc, @deleted, @purged_by) RETURNING id",
                ("purged_utc", ToDb(now)), ("cutoff_utc", ToDb(cutoff)), ("deleted", expected), ("purged_by", purgedBy));
            long id = Convert.ToInt64(await log.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            await using var delete = Command(transaction, "DELETE FROM assessments WHERE recorded_utc < @cutoff", ("cutoff", ToDb(cutoff)));
            int deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
            if (deleted != expected)
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new AuditStoreException($"The purge of {Description} found {expected} records before {AuditColumns.FormatTime(cutoff)} but deleted {deleted} (records older than the cutoff were being added: is a clock wrong?); nothing was purged.");
            }

            await transaction.CommitAsync(cancellationToken);
            return new AuditPurge(id, now, cutoff, deleted, purgedBy);
        });
    }

    /// <summary>How far this host's clock may run ahead of the database's before a purge is refused: clocks kept by NTP
    /// agree to well under a second; minutes leave room for a database server without it.</summary>
    internal static readonly TimeSpan MaxClockLead = TimeSpan.FromMinutes(5);

    private async Task<DateTimeOffset> DatabaseNowAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, DatabaseNowSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? FromDb(reader, 0)
            : throw new AuditStoreException($"{Description} did not tell its time.");
    }

    public Task<IReadOnlyList<AuditPurge>> PurgesAsync(CancellationToken cancellationToken = default) =>
        GuardAsync("read", async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, "SELECT id, purged_utc, cutoff_utc, deleted, purged_by FROM purges ORDER BY id");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var purges = new List<AuditPurge>();
            while (await reader.ReadAsync(cancellationToken))
            {
                purges.Add(new AuditPurge(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), FromDb(reader, 1), FromDb(reader, 2), reader.GetInt64(3), reader.GetString(4)));
            }

            return (IReadOnlyList<AuditPurge>)purges;
        });

    public Task CheckAsync(CancellationToken cancellationToken = default) =>
        GuardAsync("write to", async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, "UPDATE heartbeat SET checked_utc = @now WHERE id = 1", ("now", ToDb(Time.GetUtcNow())));
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1
                ? 1
                : throw new AuditStoreException($"{Description} has no heartbeat row: its schema is not the audit schema.");
        });

    // Synchronous because ASP.NET Core's IXmlRepository is: Data Protection reads the ring at startup and about once a
    // day, and writes a key about every 90 days, so these calls are rare and short.
    public IReadOnlyList<XElement> KeyRingElements() =>
        Guard("read the key ring of", () =>
        {
            using var connection = OpenConnection();
            using var command = Command(connection, "SELECT xml FROM data_protection_keys ORDER BY created_utc, friendly_name");
            using var reader = command.ExecuteReader();
            var elements = new List<XElement>();
            while (reader.Read())
            {
                elements.Add(XElement.Parse(reader.GetString(0)));
            }

            return (IReadOnlyList<XElement>)elements;
        });

    public void AddKeyRingElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrWhiteSpace(friendlyName);
        Guard("add to the key ring of", () =>
        {
            using var connection = OpenConnection();
            using var command = Command(connection, "INSERT INTO data_protection_keys (friendly_name, xml, created_utc) VALUES (@friendly_name, @xml, @created_utc)",
                ("friendly_name", friendlyName), ("xml", element.ToString(SaveOptions.DisableFormatting)), ("created_utc", ToDb(AuditRecord.ToStoredPrecision(Time.GetUtcNow()))));
            return command.ExecuteNonQuery();
        });
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Inserts one record and commits it; an engine may keep what it needs between calls (SQLite's writer).</summary>
    private protected virtual async Task<int> InsertAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = InsertCommand(connection);
        SetInsertValues(command, record);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The INSERT of one record, with a parameter per column in <see cref="AuditColumns.Names"/> order and no values yet.</summary>
    private protected static DbCommand InsertCommand(DbConnection connection)
    {
        var command = Command(connection, InsertSql);
        foreach (var name in AuditColumns.Names)
        {
            Add(command, name, null);
        }

        return command;
    }

    /// <summary>Gives <see cref="InsertCommand"/>'s parameters the record's values.</summary>
    private protected void SetInsertValues(DbCommand command, AuditRecord record)
    {
        var values = AuditColumns.Values(record);
        for (int i = 0; i < values.Count; i++)
        {
            var value = values[i] is DateTimeOffset time ? ToDb(time) : values[i];
            command.Parameters[i].Value = value ?? DBNull.Value;
        }
    }

    /// <summary>An open connection for one operation.</summary>
    private protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>An open connection for one synchronous operation (the key ring's).</summary>
    private protected abstract DbConnection OpenConnection();

    /// <summary>An open connection for migrating; may create what is missing (SQLite's file and folder).</summary>
    private protected virtual ValueTask<DbConnection> OpenForMigrationAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>Starts the migration's transaction, holding off every other instance's migration until it ends.</summary>
    internal abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The schema_version table, in the engine's dialect.</summary>
    internal abstract string SchemaVersionTableSql { get; }

    internal abstract string MigrationSql(AuditMigration migration);

    internal abstract object ToDb(DateTimeOffset time);

    /// <summary>A query of one row and column: the database's current time, in the form <see cref="FromDb"/> reads.</summary>
    internal abstract string DatabaseNowSql { get; }

    internal abstract DateTimeOffset FromDb(DbDataReader reader, int ordinal);

    internal static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        return command;
    }

    /// <summary>A command inside a transaction (Microsoft.Data.Sqlite requires it to be named on the command).</summary>
    internal static DbCommand Command(DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(transaction.Connection!, sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private T Guard<T>(string operation, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (IsStoreFault(ex) || ex is System.Xml.XmlException)
        {
            throw new AuditStoreException($"Could not {operation} the audit store {Description}: {ex.Message}", ex);
        }
    }

    /// <summary>Every engine failure, whatever its type, becomes one exception that names the store and the operation.</summary>
    private async Task<T> GuardAsync<T>(string operation, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw new AuditStoreException($"Could not {operation} the audit store {Description}: {ex.Message}", ex);
        }
    }

    // The engine's and the file system's failures, and a row whose value cannot be read as its column's type (SQLite
    // stores whatever a hand-written statement gives it).
    private static bool IsStoreFault(Exception ex) =>
        ex is DbException or IOException or UnauthorizedAccessException or TimeoutException or FormatException or InvalidCastException;
}
