using Npgsql;
using SkinLesion.Audit;
using SkinLesion.Audit.Schema;
using SkinLesion.Tests.Shared.Audit;

namespace SkinLesion.Audit.Tests;

/// <summary>The store contract on a real PostgreSQL server (a schema of the test's own), and what is PostgreSQL's alone.</summary>
public sealed class PostgreSqlAuditStoreTests : AuditStoreContract, IAsyncLifetime
{
    private TestPostgres.TestSchema? _schema;

    private TestPostgres.TestSchema Schema => _schema ?? throw new InvalidOperationException("No schema: PostgreSQL is unavailable.");

    public async Task InitializeAsync()
    {
        if (TestPostgres.SkipReason is null)
        {
            _schema = await TestPostgres.CreateSchemaAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    [PostgreSqlFact]
    public Task Append_ThenFind_ReadsBackUnchanged() => AppendedRecords_ReadBackUnchanged();

    [PostgreSqlFact]
    public Task Append_RequestIdTwice_RefusesTheSecond() => SecondAppendOfARequestId_IsRefused();

    [PostgreSqlFact]
    public Task Append_ManyAtOnce_EachCommittedOnce() => ConcurrentAppends_AreEachCommittedOnce();

    [PostgreSqlFact]
    public Task Append_AfterARefusedAppend_Commits() => AppendAfterARefusedAppend_IsCommitted();

    [PostgreSqlFact]
    public Task RawUpdateOrDelete_RefusedByTriggers() => UpdateOrDeleteOutsideAPurge_IsRefusedByTheDatabase();

    [PostgreSqlFact]
    public Task RawPurgeRowDatedAfterTheDatabasesClock_RefusedByTheDatabase() => PurgeRowDatedAfterTheDatabasesClock_IsRefusedByTheDatabase();

    [PostgreSqlFact]
    public Task RawPurgeRowWithAFutureCutoff_RefusedByTheDatabase() => PurgeRowCoveringRecordsAfterItsOwnTime_IsRefusedByTheDatabase();

    [PostgreSqlFact]
    public async Task RawUpsertOfARecord_RefusedByTheUpdateTrigger()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);
        await store.AppendAsync(SampleRecords.Uncertain("kept", SampleRecords.Noon));

        // Act: PostgreSQL's upsert updates the row in place, which the update trigger refuses.
        var upsert = await Record.ExceptionAsync(() => ExecuteRawAsync(
            "INSERT INTO assessments (recorded_utc, request_id, client, client_kind, channel, status, http_status, reason_codes, image_bytes, model_name, model_version, model_sha256) " +
            "SELECT recorded_utc, request_id, 'forger', client_kind, channel, status, http_status, reason_codes, image_bytes, model_name, model_version, model_sha256 FROM assessments WHERE request_id = 'kept' " +
            "ON CONFLICT (request_id) DO UPDATE SET client = EXCLUDED.client"));

        // Assert
        Assert.Contains("append-only", upsert?.Message, StringComparison.Ordinal);
        Assert.Equal("radiology-pacs", (await store.FindAsync("kept"))!.Client);
    }

    [PostgreSqlFact]
    public Task Purge_OlderThanCutoff_DeletesThoseAndLogsThePurge() => Purge_DeletesOnlyRecordsBeforeTheCutoffAndLogsItself();

    [PostgreSqlFact]
    public Task Purge_FutureCutoff_Refused() => PurgeWithAFutureCutoff_IsRefused();

    [PostgreSqlFact]
    public Task Purge_ByAClockAheadOfTheDatabases_RefusedAndPurgesNothing() => PurgeByAClockAheadOfTheDatabases_IsRefusedAndPurgesNothing();

    [PostgreSqlFact]
    public Task Export_Since_ReturnsLaterRecordsInAppendOrder() => Export_ReturnsRecordsSinceTheDateInTheOrderTheyWereAppended();

    [PostgreSqlFact]
    public Task Find_RowFromBeforeMigration3_HasNoOperatingPoint() => RecordFromBeforeTheOperatingPoint_ReadsBackWithoutOne();

    [PostgreSqlFact]
    public Task Append_UnknownOperatingPointKind_RefusedByTheCheck() => OperatingPointKindOutsideShippedOrSite_IsRefusedByTheDatabase();

    [PostgreSqlFact]
    public Task Migrate_Twice_SecondIsANoOp() => MigrateAgain_IsANoOpAtTheSameVersion();

    [PostgreSqlFact]
    public Task Migrate_SchemaNewerThanBuild_Refused() => SchemaNewerThanTheBuild_IsRefused();

    [PostgreSqlFact]
    public Task Check_ReachableServer_WritesTheHeartbeat() => Check_WritesTheHeartbeat();

    [PostgreSqlFact]
    public Task KeyRing_AddedElements_ReadBackByAnotherInstance() => KeyRingElements_ReadBackUnchangedByEveryInstanceOfTheStore();

    [PostgreSqlFact]
    public Task KeyRing_NameTaken_RefusesTheSecond() => KeyRingElementUnderATakenName_IsRefused();

    [PostgreSqlFact]
    public async Task Migrate_FourReplicasStartingTogether_MigrateOnceAndAllServe()
    {
        // Arrange: four instances on one database, as replicas behind a load balancer.
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgreSqlAuditStore(Schema.ConnectionString, TimeSpan.FromSeconds(10), TimeProvider.System)).ToList();
        try
        {
            // Act
            var versions = await Task.WhenAll(stores.Select(store => store.MigrateAsync()));
            await Task.WhenAll(stores.Select((store, i) => store.AppendAsync(SampleRecords.Uncertain($"replica-{i}", SampleRecords.Noon))));

            // Assert
            Assert.All(versions, version => Assert.Equal(AuditMigrations.Current, version));
            Assert.Equal((long)AuditMigrations.Current, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
            foreach (var (store, i) in stores.Select((store, i) => (store, i)))
            {
                Assert.NotNull(await stores[(i + 1) % stores.Count].FindAsync($"replica-{i}"));
            }
        }
        finally
        {
            stores.ForEach(store => store.Dispose());
        }
    }

    [PostgreSqlFact]
    public async Task AppendAndCheck_ServerUnreachable_FailNamingTheStoreWithoutThePassword()
    {
        // Arrange: a port nothing listens on, and a password that must not leak into messages.
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Port = 1, Password = "s3cret-pw" };
        using var store = new PostgreSqlAuditStore(builder.ToString(), TimeSpan.FromSeconds(2), TimeProvider.System);

        // Act
        var append = await Assert.ThrowsAsync<AuditStoreException>(() => store.AppendAsync(SampleRecords.Uncertain("lost", SampleRecords.Noon)));
        var check = await Assert.ThrowsAsync<AuditStoreException>(() => store.CheckAsync());

        // Assert
        Assert.Contains($"PostgreSQL {builder.Host}:1/{builder.Database}", append.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", append.Message + check.Message, StringComparison.Ordinal);
    }

    private protected override async Task<IAuditStore> CreateStoreAsync(TimeProvider time)
    {
        var store = new PostgreSqlAuditStore(Schema.ConnectionString, TimeSpan.FromSeconds(5), time);
        await store.MigrateAsync();
        return store;
    }

    private protected override string TimeLiteral(DateTimeOffset time) =>
        $"'{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)}'::timestamptz";

    private protected override async Task<int> ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Schema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Schema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
