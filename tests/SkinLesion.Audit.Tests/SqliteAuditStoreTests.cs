using System.Diagnostics;
using SkinLesion.Tests.Shared.Audit;
using Microsoft.Data.Sqlite;
using SkinLesion.Audit;
using SkinLesion.Audit.Schema;

namespace SkinLesion.Audit.Tests;

/// <summary>The store contract on a real SQLite file in a folder of the test's own, and what is SQLite's alone.</summary>
public sealed class SqliteAuditStoreTests : AuditStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skinlesion-audit-").FullName;

    private string DataDirectory => Path.Combine(_directory, "data");

    private string FilePath => Path.Combine(DataDirectory, AuditOptions.DatabaseFileName);

    /// <summary>The file as a database tool would open it: outside the store and its pool.</summary>
    private string RawConnectionString => new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public Task Append_ThenFind_ReadsBackUnchanged() => AppendedRecords_ReadBackUnchanged();

    [Fact]
    public Task Append_RequestIdTwice_RefusesTheSecond() => SecondAppendOfARequestId_IsRefused();

    [Fact]
    public Task Append_ManyAtOnce_EachCommittedOnce() => ConcurrentAppends_AreEachCommittedOnce();

    [Fact]
    public Task Append_AfterARefusedAppend_Commits() => AppendAfterARefusedAppend_IsCommitted();

    [Fact]
    public Task RawUpdateOrDelete_RefusedByTriggers() => UpdateOrDeleteOutsideAPurge_IsRefusedByTheDatabase();

    [Fact]
    public Task RawPurgeRowDatedAfterTheDatabasesClock_RefusedByTheDatabase() => PurgeRowDatedAfterTheDatabasesClock_IsRefusedByTheDatabase();

    [Fact]
    public Task RawPurgeRowWithAFutureCutoff_RefusedByTheDatabase() => PurgeRowCoveringRecordsAfterItsOwnTime_IsRefusedByTheDatabase();

    [Fact]
    public async Task RawInsertOrReplace_OfARecordOrAPurge_RefusedByTheDatabase()
    {
        // Arrange: REPLACE deletes the old row without firing SQLite's delete triggers, so it needs a trigger of its own.
        using var store = Create(createIfMissing: true);
        await store.MigrateAsync();
        await store.AppendAsync(SampleRecords.Uncertain("kept", SampleRecords.Noon));
        await store.PurgeAsync(SampleRecords.Noon.AddDays(-1), "ops@host");

        // Act
        var record = await Record.ExceptionAsync(() => ExecuteRawAsync(
            "INSERT OR REPLACE INTO assessments (recorded_utc, request_id, client, client_kind, channel, status, http_status, reason_codes, image_bytes, model_name, model_version, model_sha256) " +
            "SELECT recorded_utc, request_id, 'forger', client_kind, channel, status, http_status, reason_codes, image_bytes, model_name, model_version, model_sha256 FROM assessments WHERE request_id = 'kept'"));
        var purge = await Record.ExceptionAsync(() => ExecuteRawAsync(
            "INSERT OR REPLACE INTO purges (id, purged_utc, cutoff_utc, deleted, purged_by) SELECT id, purged_utc, cutoff_utc, 0, 'forger' FROM purges"));

        // Assert
        Assert.Contains("never replaced", record?.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", purge?.Message, StringComparison.Ordinal);
        Assert.Equal("radiology-pacs", (await store.FindAsync("kept"))!.Client);
        Assert.Equal("ops@host", Assert.Single(await store.PurgesAsync()).PurgedBy);
    }

    [Fact]
    public Task Purge_OlderThanCutoff_DeletesThoseAndLogsThePurge() => Purge_DeletesOnlyRecordsBeforeTheCutoffAndLogsItself();

    [Fact]
    public Task Purge_FutureCutoff_Refused() => PurgeWithAFutureCutoff_IsRefused();

    [Fact]
    public Task Purge_ByAClockAheadOfTheDatabases_RefusedAndPurgesNothing() => PurgeByAClockAheadOfTheDatabases_IsRefusedAndPurgesNothing();

    [Fact]
    public Task Export_Since_ReturnsLaterRecordsInAppendOrder() => Export_ReturnsRecordsSinceTheDateInTheOrderTheyWereAppended();

    [Fact]
    public Task Find_RowFromBeforeMigration3_HasNoOperatingPoint() => RecordFromBeforeTheOperatingPoint_ReadsBackWithoutOne();

    [Fact]
    public Task Append_UnknownOperatingPointKind_RefusedByTheCheck() => OperatingPointKindOutsideShippedOrSite_IsRefusedByTheDatabase();

    [Fact]
    public Task Migrate_Twice_SecondIsANoOp() => MigrateAgain_IsANoOpAtTheSameVersion();

    [Fact]
    public Task Migrate_SchemaNewerThanBuild_Refused() => SchemaNewerThanTheBuild_IsRefused();

    [Fact]
    public Task Check_WritableFile_WritesTheHeartbeat() => Check_WritesTheHeartbeat();

    [Fact]
    public Task KeyRing_AddedElements_ReadBackByAnotherInstance() => KeyRingElements_ReadBackUnchangedByEveryInstanceOfTheStore();

    [Fact]
    public Task KeyRing_NameTaken_RefusesTheSecond() => KeyRingElementUnderATakenName_IsRefused();

    [Fact]
    public async Task Migrate_FirstStart_CreatesTheFolderAndAWalModeFileAtTheCurrentVersion()
    {
        // Arrange
        using var store = Create(createIfMissing: true);

        // Act
        int version = await store.MigrateAsync();

        // Assert
        Assert.Equal(AuditMigrations.Current, version);
        Assert.True(File.Exists(FilePath));
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
        Assert.Equal((long)AuditMigrations.Current, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal($"SQLite {FilePath}", store.Description);
    }

    [Fact]
    public async Task Verify_NoDatabaseFile_ThrowsNamingTheFileAndCreatesNothing()
    {
        // Arrange: a tool's store, which may not create the file.
        using var store = Create(createIfMissing: false);

        // Act
        var failure = await Assert.ThrowsAsync<AuditStoreException>(() => store.VerifySchemaAsync());

        // Assert
        Assert.Contains(FilePath, failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public async Task AppendAndCheck_FileDeletedWhileRunning_FailNamingTheFileAndRecoverWhenItIsBack()
    {
        // Arrange: a running store whose writer and pool hold the file open, as a service's do after its first answers.
        using var store = Create(createIfMissing: true);
        await store.MigrateAsync();
        await store.AppendAsync(SampleRecords.Uncertain("before", SampleRecords.Noon));
        await store.CheckAsync();
        var saved = await BackUpAsync();

        foreach (var file in Directory.GetFiles(DataDirectory))
        {
            File.Delete(file);
        }

        // Act
        var append = await Record.ExceptionAsync(() => store.AppendAsync(SampleRecords.Uncertain("into-the-void", SampleRecords.Noon)));
        var check = await Record.ExceptionAsync(() => store.CheckAsync());
        File.Copy(saved, FilePath);
        await store.AppendAsync(SampleRecords.Uncertain("after", SampleRecords.Noon));

        // Assert: refused while the file is gone (the open handles would have written to the unlinked file), and
        // written to the file put back, not to the old one.
        Assert.IsType<AuditStoreException>(append);
        Assert.Contains($"{FilePath} is gone", append.Message, StringComparison.Ordinal);
        Assert.IsType<AuditStoreException>(check);
        Assert.NotNull(await store.FindAsync("before"));
        Assert.NotNull(await store.FindAsync("after"));
        Assert.Null(await store.FindAsync("into-the-void"));
    }

    [Fact]
    public async Task Append_FileGoneAndPutBackBetweenAppends_GoesToTheFilePutBack()
    {
        // Arrange: the writer holds the file open; the file goes, a readiness check notices (no append runs while the
        // instance is out of the load balancer), and the operator puts a copy back.
        using var store = Create(createIfMissing: true);
        await store.MigrateAsync();
        await store.AppendAsync(SampleRecords.Uncertain("before", SampleRecords.Noon));
        var saved = await BackUpAsync();
        foreach (var file in Directory.GetFiles(DataDirectory))
        {
            File.Delete(file);
        }

        var check = await Record.ExceptionAsync(() => store.CheckAsync());
        File.Copy(saved, FilePath);

        // Act
        await store.AppendAsync(SampleRecords.Uncertain("after", SampleRecords.Noon));

        // Assert: in the file that is there, not in the one the writer held.
        Assert.IsType<AuditStoreException>(check);
        Assert.NotNull(await store.FindAsync("after"));
    }

    /// <summary>A self-contained copy of the file, write-ahead log included, as a backup tool makes it.</summary>
    private async Task<string> BackUpAsync()
    {
        var saved = Path.Combine(_directory, $"saved-{Guid.NewGuid():N}.db");
        await using var copy = new SqliteConnection(RawConnectionString);
        await copy.OpenAsync();
        await using var vacuum = copy.CreateCommand();
        vacuum.CommandText = $"VACUUM INTO '{saved}'";
        await vacuum.ExecuteNonQueryAsync();
        return saved;
    }

    [Fact]
    public async Task AppendAndCheck_FileLockedByAnotherWriter_FailWithinTheTimeoutThenRecover()
    {
        // Arrange: another process's connection holds the write lock, as a long transaction of a database tool would.
        using var store = Create(createIfMissing: true);
        await store.MigrateAsync();
        var locker = await HoldExclusiveLockAsync();

        // Act
        long started = Stopwatch.GetTimestamp();
        var append = await Record.ExceptionAsync(() => store.AppendAsync(SampleRecords.Uncertain("locked-out", SampleRecords.Noon)));
        var waited = Stopwatch.GetElapsedTime(started);
        var check = await Record.ExceptionAsync(() => store.CheckAsync());
        await locker.DisposeAsync();
        await store.AppendAsync(SampleRecords.Uncertain("after", SampleRecords.Noon));

        // Assert
        Assert.IsType<AuditStoreException>(append);
        Assert.Contains("locked", append.Message, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(waited, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.IsType<AuditStoreException>(check);
        Assert.Null(await store.FindAsync("locked-out"));
        Assert.NotNull(await store.FindAsync("after"));
    }

    [Theory]
    [InlineData(SqliteSynchronous.Full, 2)]
    [InlineData(SqliteSynchronous.Normal, 1)]
    public async Task Create_SynchronousFromOptions_RunsEveryConnectionAtThatLevelAndCommits(SqliteSynchronous synchronous, long level)
    {
        // Arrange
        var options = new AuditOptions { DataDirectory = "data", SqliteSynchronous = synchronous };
        using var store = AuditStoreFactory.Create(options, _directory, TimeProvider.System, createIfMissing: true);
        await store.MigrateAsync();
        var record = SampleRecords.Uncertain("durable", SampleRecords.Noon);

        // Act
        await store.AppendAsync(record);

        // Assert
        Assert.Equal(level, await Assert.IsType<SqliteAuditStore>(store).SynchronousLevelAsync());
        AssertSame(record, await store.FindAsync("durable"));
    }

    [Fact]
    public async Task Create_FromOptions_PutsTheFileInTheDataDirectoryUnderTheBaseDirectory()
    {
        // Arrange
        var options = new AuditOptions { DataDirectory = "data" };

        // Act
        using var store = AuditStoreFactory.Create(options, _directory, TimeProvider.System, createIfMissing: true);
        await store.MigrateAsync();

        // Assert
        Assert.Equal(FilePath, Assert.IsType<SqliteAuditStore>(store).FilePath);
        Assert.True(File.Exists(FilePath));
    }

    [Fact]
    public async Task Migrate_FileAtSchema2WithRecords_AddsTheOperatingPointColumnsAndKeepsTheRecords()
    {
        // Arrange: a file as the build before migration 3 left it, with one record in it.
        using var store = Create(createIfMissing: true);
        Directory.CreateDirectory(DataDirectory);
        await ExecuteRawAsync(store.SchemaVersionTableSql);
        foreach (var migration in AuditMigrations.All.Where(m => m.Version <= 2))
        {
            await ExecuteRawAsync(migration.Sqlite);
            await ExecuteRawAsync($"INSERT INTO schema_version (version, description, applied_utc) VALUES ({migration.Version}, 'before', '2026-11-01T00:00:00.000000Z')");
        }

        await ExecuteRawAsync(
            "INSERT INTO assessments (recorded_utc, request_id, client, client_kind, channel, status, http_status, reason_codes, image_bytes, model_name, model_version, model_sha256) " +
            $"VALUES ('2026-11-01T10:00:00.000000Z', 'from-schema-2', 'anonymous', 'anonymous', 'api', 'refused', 415, '', 0, 'skin-lesion-mobilenetv2', '2.0.0', '{new string('f', 64)}')");

        // Act
        int version = await store.MigrateAsync();
        await store.AppendAsync(SampleRecords.Refused("after", SampleRecords.Noon));

        // Assert: the old record reads back without an operating point (it was never recorded), a new one with it.
        Assert.Equal(AuditMigrations.Current, version);
        Assert.Null((await store.FindAsync("from-schema-2"))!.OperatingPoint);
        Assert.Equal("shipped", (await store.FindAsync("after"))!.OperatingPoint!.Kind);
        Assert.Equal((long)AuditMigrations.Current, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
    }

    [UnixFact("file modes")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Create_NewStore_FolderAndFilesReadableByTheServiceUserOnly()
    {
        // Act: created as the service's first start creates it, then written to (the write-ahead log appears).
        using var store = Create(createIfMissing: true);
        await store.MigrateAsync();
        await store.AppendAsync(SampleRecords.Uncertain("first", SampleRecords.Noon));

        // Assert: whatever the umask, nobody else reads the answers or the key ring.
        const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerOnlyFile | UnixFileMode.UserExecute, File.GetUnixFileMode(DataDirectory));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(FilePath));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(FilePath + "-wal"));
    }

    [Fact]
    public async Task Dispose_SecondCallWhileTheFirstWaitsForAnAppend_ReturnsOnlyOnceTheStoreIsClosed()
    {
        // A web host stopped twice at once (the test factory's stop and the entry point's own) disposes this store from
        // two threads, and a caller may remove the store's folder once Dispose returns: neither call may return while
        // the other is still waiting to close the writer.
        // Arrange: an append holds the writer's turn, waiting for a lock another connection holds (as a long transaction
        // of a database tool would); the first Dispose waits for that turn. Blocking work runs on threads of its own.
        using var store = SqliteAuditStore.Open(FilePath, null, TimeSpan.FromSeconds(10), TimeProvider.System, createIfMissing: true);
        await store.MigrateAsync();
        await store.AppendAsync(SampleRecords.Uncertain("before", SampleRecords.Noon));
        var locker = await HoldExclusiveLockAsync();

        var append = OnThreadOfItsOwn(() => store.AppendAsync(SampleRecords.Uncertain("held", SampleRecords.Noon)).GetAwaiter().GetResult());

        // Time for the append's thread to take the turn and enter SQLite's busy wait (it waits up to the 10 s timeout).
        await Task.Delay(1000);
        var first = OnThreadOfItsOwn(store.Dispose);
        await Task.Delay(200);

        // Act
        var second = OnThreadOfItsOwn(store.Dispose);
        await Task.Delay(700);
        bool secondReturnedWhileTheAppendHeldTheWriter = second.IsCompleted;
        await locker.DisposeAsync();
        await Task.WhenAll(append, first, second).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the second call returned only after the append had committed and the first call had closed the writer.
        Assert.False(secondReturnedWhileTheAppendHeldTheWriter, "the second Dispose returned while the first was still waiting to close the writer");
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM assessments WHERE request_id = 'held'"));
    }

    private protected override async Task<IAuditStore> CreateStoreAsync(TimeProvider time)
    {
        var store = SqliteAuditStore.Open(FilePath, null, TimeSpan.FromSeconds(1), time, createIfMissing: true);
        await store.MigrateAsync();
        return store;
    }

    private protected override async Task<int> ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection(RawConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private protected override string TimeLiteral(DateTimeOffset time) =>
        $"'{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)}'";

    private SqliteAuditStore Create(bool createIfMissing) =>
        SqliteAuditStore.Open(FilePath, null, TimeSpan.FromSeconds(1), TimeProvider.System, createIfMissing);

    /// <summary>Another connection holding the file's write lock, as a long transaction of a database tool would.</summary>
    private async Task<SqliteConnection> HoldExclusiveLockAsync()
    {
        var locker = new SqliteConnection(RawConnectionString);
        await locker.OpenAsync();
        await using var exclusive = locker.CreateCommand();
        exclusive.CommandText = "BEGIN EXCLUSIVE";
        await exclusive.ExecuteNonQueryAsync();
        return locker;
    }

    private static Task OnThreadOfItsOwn(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(RawConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
