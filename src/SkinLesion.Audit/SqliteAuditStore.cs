using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SkinLesion.Audit.Schema;

namespace SkinLesion.Audit;

/// <summary>
/// The audit trail in one SQLite file, in WAL mode (readers never block the appending requests), committing with the
/// configured <see cref="SqliteSynchronous"/> (NORMAL by default: the ADR 0015 budget of 1 ms per answer). Times are fixed-width
/// ISO 8601 text, so text order is time order for the purge and the export. A locked file is waited on for the write
/// timeout, then reported as a failure. Appends go through one writer connection that keeps its INSERT prepared
/// (SQLite has one writer at a time anyway); everything else takes connections from Microsoft.Data.Sqlite's pool.
/// </summary>
public sealed class SqliteAuditStore : DbAuditStore
{
    // SQLite's primary result codes SQLITE_READONLY and SQLITE_CANTOPEN.
    private const int SqliteReadOnly = 8;
    private const int SqliteCannotOpen = 14;

    private readonly string _connectionString;
    private readonly string _creatingConnectionString;
    private readonly string? _createDirectory;
    private readonly string _synchronousPragma;
    private readonly TimeSpan _writeTimeout;

    // Opening a pooled connection, setting its pragma and compiling the 35-column INSERT cost about 0.3 ms of every
    // answer (ADR 0027); the writer pays them once. Appends take turns on it, as SQLite's write lock makes them do anyway.
    private readonly SemaphoreSlim _writerTurn = new(1, 1);
    private SqliteConnection? _writer;
    private DbCommand? _insert;

    // Set by whichever use of the store finds the file gone (a readiness check, a read): the writer, held open, would
    // otherwise go on committing to the old file once one is put back, having never failed itself.
    private volatile bool _fileWasGone;
    private readonly Lock _disposeLock = new();
    private bool _disposed;

    private SqliteAuditStore(SqliteConnectionStringBuilder builder, TimeSpan timeout, TimeProvider time, bool createIfMissing, SqliteSynchronous synchronous)
        : base(time)
    {
        // A per-connection setting, so it is set on every open (pooled connections included; it costs microseconds).
        _synchronousPragma = synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
        builder.Pooling = true;
        builder.DefaultTimeout = (int)Math.Ceiling(timeout.TotalSeconds);
        _writeTimeout = TimeSpan.FromSeconds(builder.DefaultTimeout);
        FilePath = Path.GetFullPath(builder.DataSource);
        Description = $"SQLite {FilePath}";

        // Only the migration (the service's first start) may create the file; a tool or a request never does.
        builder.Mode = SqliteOpenMode.ReadWrite;
        _connectionString = builder.ToString();
        builder.Mode = createIfMissing ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite;
        _creatingConnectionString = builder.ToString();
        _createDirectory = createIfMissing ? Path.GetDirectoryName(FilePath) : null;
    }

    public override string Description { get; }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    internal override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_utc TEXT NOT NULL)";

    /// <summary>A store on <paramref name="filePath"/>, or on the file a full connection string names.</summary>
    public static SqliteAuditStore Open(string? filePath, string? connectionString, TimeSpan timeout, TimeProvider time, bool createIfMissing, SqliteSynchronous synchronous = SqliteSynchronous.Normal)
    {
        var builder = string.IsNullOrWhiteSpace(connectionString)
            ? new SqliteConnectionStringBuilder { DataSource = filePath ?? throw new ArgumentNullException(nameof(filePath)) }
            : new SqliteConnectionStringBuilder(connectionString);
        return new SqliteAuditStore(builder, timeout, time, createIfMissing, synchronous);
    }

    internal override string MigrationSql(AuditMigration migration) => migration.Sqlite;

    internal override object ToDb(DateTimeOffset time) => AuditColumns.FormatTime(time);

    // The machine's clock, as SQLite reads it, in TimeFormat's six fractional digits (%f gives seconds and milliseconds).
    internal override string DatabaseNowSql => "SELECT strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')";

    internal override DateTimeOffset FromDb(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), AuditColumns.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>BEGIN IMMEDIATE: the file's write lock, so a second instance on the same file migrates after this one.</summary>
    internal override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file, kept once set; it cannot be changed inside a transaction.
        await using (var wal = Command(connection, "PRAGMA journal_mode = WAL"))
        {
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new AuditStoreException($"{Description} could not be put in WAL mode (journal mode is {mode}).");
            }
        }

        return ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    private protected override async Task<int> InsertAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        // ConfigureAwait(false): a turn handed over while the caller's context is blocked (a test host's Dispose)
        // must not wait for that context to run, or the turn is never given back.
        await _writerTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_fileWasGone)
            {
                CloseWriter();
                _fileWasGone = false;
            }

            if (_insert is null)
            {
                _writer = (SqliteConnection)OpenConnection();
                _insert = InsertCommand(_writer);
                _insert.Prepare();
            }

            EnsureFileIsThere(_writer!);
            SetInsertValues(_insert, record);
            return await _insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A failed writer (a locked or vanished file, a full disk) is not trusted again: the next append reopens.
            CloseWriter();
            throw;
        }
        finally
        {
            _writerTurn.Release();
        }
    }

    /// <summary>
    /// An open connection (the writer, or one in the pool) keeps working on a database file deleted or moved while the
    /// service runs, and whatever it commits then is in no file anyone can open: the answers would be given, their records
    /// lost. Checked before every append and every connection handed out (a stat, microseconds), so a vanished file is a
    /// failure like a full disk: answers withheld, readiness Unhealthy. Nothing at run time creates the file again, and the
    /// pool's connections and the writer are dropped, so a file put back is the one written to. A file replaced in one
    /// step (renamed over the open one) is never seen missing and is not detected: stop the service to replace it.
    /// </summary>
    private void EnsureFileIsThere(SqliteConnection connection)
    {
        if (!File.Exists(FilePath))
        {
            _fileWasGone = true;
            SqliteConnection.ClearPool(connection);
            throw new FileNotFoundException(
                $"the database file {FilePath} is gone (deleted or moved while the service ran), so nothing more is written to it. Put the file back, or restart the service to begin a new trail in a new file.",
                FilePath);
        }
    }

    // SQLite cannot open a file that is gone, before EnsureFileIsThere could look: the writer must hear of it too.
    private void NoteIfFileIsGone() => _fileWasGone = _fileWasGone || !File.Exists(FilePath);

    /// <summary>
    /// SQLite's "attempt to write a readonly database" (8) and "unable to open database file" (14) on a file that is there
    /// name neither the file nor the cause. Both come when this user may not write the file or create its -shm and -wal
    /// beside it, and a store in WAL mode needs its -shm even to be read: an export by a user who may only read the store's
    /// folder fails so while the service is stopped (while it runs, its -shm is there to share).
    /// </summary>
    private protected override string Explain(Exception ex)
    {
        if (ex is SqliteException { SqliteErrorCode: SqliteReadOnly or SqliteCannotOpen } && File.Exists(FilePath))
        {
            var name = Path.GetFileName(FilePath);
            return $"{ex.Message} The user running this may not write {name} or create {name}-shm and {name}-wal in {Path.GetDirectoryName(FilePath)}, "
                + "which SQLite needs even to read a store in WAL mode that no service has open. Run this as the user the service runs as, "
                + $"or, to export, copy {name} into a folder of your own and name that folder.";
        }

        return ex.Message;
    }

    private void CloseWriter()
    {
        // Closed, the writer's connection goes back to the pool; still on a file that is gone, it must not be handed out again.
        if (_fileWasGone && _writer is not null)
        {
            SqliteConnection.ClearPool(_writer);
        }

        _insert?.Dispose();
        _insert = null;
        _writer?.Dispose();
        _writer = null;
    }

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            EnsureFileIsThere(connection);
            await using var pragma = Command(connection, _synchronousPragma);
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            NoteIfFileIsGone();
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>PRAGMA synchronous as a connection of this store runs it (1 NORMAL, 2 FULL): the setting is per connection.</summary>
    internal async Task<long> SynchronousLevelAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var query = Command(connection, "PRAGMA synchronous");
        return Convert.ToInt64(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private protected override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            EnsureFileIsThere(connection);
            using var pragma = Command(connection, _synchronousPragma);
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            NoteIfFileIsGone();
            connection.Dispose();
            throw;
        }
    }

    private protected override async ValueTask<DbConnection> OpenForMigrationAsync(CancellationToken cancellationToken)
    {
        if (_createDirectory is not null)
        {
            OwnerOnlyFiles.Create(_createDirectory, FilePath);
        }

        var connection = new SqliteConnection(_creatingConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Under a lock, not a flag: a web host stopped twice at once (WebApplicationFactory's stop and the entry point's
        // own, dotnet/aspnetcore #40271) disposes the store from two threads. One closes it, and the other returns only
        // once it is closed, so a caller that then removes the file's folder never does so under an open writer.
        lock (_disposeLock)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;

                // An append still running has the write timeout to finish; after that its connection is closed under it.
                bool turnTaken = _writerTurn.Wait(_writeTimeout);
                CloseWriter();
                if (turnTaken)
                {
                    _writerTurn.Dispose();
                }
            }

            // Pooled connections keep the file (and its WAL) open; the store's end is theirs too.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
            using var creating = new SqliteConnection(_creatingConnectionString);
            SqliteConnection.ClearPool(creating);
        }

        base.Dispose(disposing);
    }
}
