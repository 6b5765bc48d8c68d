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
public abstract partial class DbAuditStore : IAuditStore
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
            throw new AuditStoreException($"Could not {operation} the audit store {Description}: {Explain(ex)}", ex);
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
            throw new AuditStoreException($"Could not {operation} the audit store {Description}: {Explain(ex)}", ex);
        }
    }

    /// <summary>An engine failure in words a user can act on: the engine's own message, with what to do where the store knows.</summary>
    private protected virtual string Explain(Exception ex) => ex.Message;

    // The engine's and the file system's failures, and a row whose value cannot be read as its column's type (SQLite
    // stores whatever a hand-written statement gives it).
    private static bool IsStoreFault(Exception ex) =>
        ex is DbException or IOException or UnauthorizedAccessException or TimeoutException or FormatException or InvalidCastException;
}
