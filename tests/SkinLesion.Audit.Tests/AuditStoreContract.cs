using SkinLesion.Tests.Shared.Audit;
using System.Xml.Linq;
using SkinLesion.Audit;
using SkinLesion.Audit.Schema;

namespace SkinLesion.Audit.Tests;

/// <summary>
/// What every store must do, whatever the engine; each engine's test class runs these against a real database.
/// The same records go in, the same records come out.
/// </summary>
public abstract class AuditStoreContract
{
    /// <summary>A new, migrated store on an empty database of the test's own.</summary>
    private protected abstract Task<IAuditStore> CreateStoreAsync(TimeProvider time);

    /// <summary>Runs raw SQL on the store's database, as an operator with a database client would.</summary>
    private protected abstract Task<int> ExecuteRawAsync(string sql);

    /// <summary>A point in time as a literal of this engine's SQL, stored as the store stores it.</summary>
    private protected abstract string TimeLiteral(DateTimeOffset time);

    protected async Task AppendedRecords_ReadBackUnchanged()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);
        var uncertain = SampleRecords.Uncertain("0HNQE9G8SR2A0:00000001", SampleRecords.Noon.AddTicks(1234567));
        var refused = SampleRecords.Refused("0HNQE9G8SR2A0:00000002", SampleRecords.Noon);

        // Act
        await store.AppendAsync(uncertain);
        await store.AppendAsync(refused);
        var foundUncertain = await store.FindAsync(uncertain.RequestId);
        var foundRefused = await store.FindAsync(refused.RequestId);
        var missing = await store.FindAsync("no-such-request");

        // Assert: every field, the nulls of a refusal included.
        AssertSame(uncertain, foundUncertain);
        AssertSame(refused, foundRefused);
        Assert.Null(foundRefused!.Probabilities);
        Assert.Null(foundRefused.Verdict);
        Assert.Null(foundRefused.Timings);
        Assert.Empty(foundRefused.ReasonCodes);
        Assert.Null(missing);
    }

    protected async Task SecondAppendOfARequestId_IsRefused()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);
        await store.AppendAsync(SampleRecords.Uncertain("same-id", SampleRecords.Noon));

        // Act
        var failure = await Assert.ThrowsAsync<AuditStoreException>(() => store.AppendAsync(SampleRecords.Refused("same-id", SampleRecords.Noon)));

        // Assert
        Assert.Contains(store.Description, failure.Message, StringComparison.Ordinal);
        Assert.Equal("radiology-pacs", (await store.FindAsync("same-id"))!.Client);
    }

    protected async Task ConcurrentAppends_AreEachCommittedOnce()
    {
        // Arrange: more appends at once than the service has inference slots, some of them refusals.
        using var store = await CreateStoreAsync(TimeProvider.System);
        var records = Enumerable.Range(0, 24)
            .Select(i => i % 3 == 0 ? SampleRecords.Refused($"concurrent-{i}", SampleRecords.Noon) : SampleRecords.Uncertain($"concurrent-{i}", SampleRecords.Noon))
            .ToList();

        // Act
        await Task.WhenAll(records.Select(record => Task.Run(() => store.AppendAsync(record))));
        var found = await Task.WhenAll(records.Select(record => store.FindAsync(record.RequestId)));

        // Assert
        Assert.All(records.Zip(found), pair => AssertSame(pair.First, pair.Second));
    }

    protected async Task AppendAfterARefusedAppend_IsCommitted()
    {
        // Arrange: a refused append (the id is taken) leaves the store as ready for the next as before.
        using var store = await CreateStoreAsync(TimeProvider.System);
        await store.AppendAsync(SampleRecords.Uncertain("taken", SampleRecords.Noon));
        await Assert.ThrowsAsync<AuditStoreException>(() => store.AppendAsync(SampleRecords.Uncertain("taken", SampleRecords.Noon)));

        // Act
        await store.AppendAsync(SampleRecords.Refused("next", SampleRecords.Noon));

        // Assert
        AssertSame(SampleRecords.Refused("next", SampleRecords.Noon), await store.FindAsync("next"));
    }

    protected async Task UpdateOrDeleteOutsideAPurge_IsRefusedByTheDatabase()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);
        await store.AppendAsync(SampleRecords.Uncertain("kept", SampleRecords.Noon));
        await store.PurgeAsync(SampleRecords.Noon.AddDays(-1), "ops@host");

        // Act
        var update = await Record.ExceptionAsync(() => ExecuteRawAsync("UPDATE assessments SET verdict = 'benign'"));
        var delete = await Record.ExceptionAsync(() => ExecuteRawAsync("DELETE FROM assessments"));
        var forgetPurges = await Record.ExceptionAsync(() => ExecuteRawAsync("DELETE FROM purges"));

        // Assert
        Assert.Contains("append-only", update?.Message, StringComparison.Ordinal);
        Assert.Contains("only by a logged purge", delete?.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", forgetPurges?.Message, StringComparison.Ordinal);
        Assert.Equal("malignant", (await store.FindAsync("kept"))!.Verdict!.Label);
        Assert.Single(await store.PurgesAsync());
    }

    protected async Task PurgeRowCoveringRecordsAfterItsOwnTime_IsRefusedByTheDatabase()
    {
        // Arrange: a forged purge row whose cutoff is in the future would let every record be deleted "by a purge".
        using var store = await CreateStoreAsync(TimeProvider.System);
        await store.AppendAsync(SampleRecords.Uncertain("kept", SampleRecords.Noon));

        // Act
        var forged = await Record.ExceptionAsync(() => ExecuteRawAsync(
            $"INSERT INTO purges (purged_utc, cutoff_utc, deleted, purged_by) VALUES ({TimeLiteral(SampleRecords.Noon)}, {TimeLiteral(SampleRecords.Noon.AddYears(100))}, 0, 'forger')"));

        // Assert
        Assert.Matches("purges_cutoff_not_after_purge|cover records recorded after it", forged?.Message ?? "no exception");
        Assert.Empty(await store.PurgesAsync());
        Assert.NotNull(await store.FindAsync("kept"));
    }

    protected async Task PurgeRowDatedAfterTheDatabasesClock_IsRefusedByTheDatabase()
    {
        // Arrange: a purge row written straight into the table, dated a day ahead, with its cutoff at its own time: it
        // passes the cutoff check, and would let a day of records still within retention be deleted "by a purge".
        using var store = await CreateStoreAsync(TimeProvider.System);
        var ahead = AuditRecord.ToStoredPrecision(DateTimeOffset.UtcNow.AddDays(1));
        await store.AppendAsync(SampleRecords.Uncertain("kept", AuditRecord.ToStoredPrecision(DateTimeOffset.UtcNow)));

        // Act
        var forged = await Record.ExceptionAsync(() => ExecuteRawAsync(
            $"INSERT INTO purges (purged_utc, cutoff_utc, deleted, purged_by) VALUES ({TimeLiteral(ahead)}, {TimeLiteral(ahead)}, 0, 'forger')"));
        var honest = await Record.ExceptionAsync(() => ExecuteRawAsync(
            $"INSERT INTO purges (purged_utc, cutoff_utc, deleted, purged_by) VALUES ({TimeLiteral(ahead.AddDays(-1).AddMinutes(1))}, {TimeLiteral(SampleRecords.Noon.AddYears(-1))}, 0, 'operator')"));

        // Assert: the forged row is refused; one within the 5 minutes a service's purge may lead by is not.
        Assert.Contains("dated after the database's clock", forged?.Message ?? "no exception", StringComparison.Ordinal);
        Assert.Null(honest);
        Assert.Single(await store.PurgesAsync());
        Assert.NotNull(await store.FindAsync("kept"));
    }

    protected async Task Purge_DeletesOnlyRecordsBeforeTheCutoffAndLogsItself()
    {
        // Arrange: the store's clock is the real time, which the database's must agree with to within 5 minutes (a
        // PostgreSQL server whose clock lags the test machine's by more refuses the purge: PurgeByAClockAhead...).
        var now = AuditRecord.ToStoredPrecision(DateTimeOffset.UtcNow);
        var time = new FixedTime(now);
        using var store = await CreateStoreAsync(time);
        await store.AppendAsync(SampleRecords.Uncertain("old-1", now.AddDays(-100)));
        await store.AppendAsync(SampleRecords.Refused("old-2", now.AddDays(-91)));
        await store.AppendAsync(SampleRecords.Uncertain("recent", now.AddDays(-40)));
        var cutoff = AuditRecord.ToStoredPrecision(now.AddDays(-90));

        // Act
        var purge = await store.PurgeAsync(cutoff, "ops@host");
        var purges = await store.PurgesAsync();

        // Assert
        Assert.Equal(2, purge.Deleted);
        Assert.Null(await store.FindAsync("old-1"));
        Assert.Null(await store.FindAsync("old-2"));
        Assert.NotNull(await store.FindAsync("recent"));
        var logged = Assert.Single(purges);
        Assert.Equal(purge, logged);
        Assert.Equal(cutoff, logged.CutoffUtc);
        Assert.Equal(time.GetUtcNow(), logged.PurgedUtc);
        Assert.Equal("ops@host", logged.PurgedBy);
    }

    protected async Task PurgeByAClockAheadOfTheDatabases_IsRefusedAndPurgesNothing()
    {
        // Arrange: this host's clock a day ahead, so "older than 90 days" would reach a day into the retained records.
        var now = DateTimeOffset.UtcNow;
        using var store = await CreateStoreAsync(new FixedTime(now.AddDays(1)));
        await store.AppendAsync(SampleRecords.Uncertain("old", now.AddDays(-100)));
        await store.AppendAsync(SampleRecords.Uncertain("retained", now.AddDays(-89.5)));

        // Act
        var failure = await Assert.ThrowsAsync<AuditStoreException>(() => store.PurgeAsync(now.AddDays(-89), "ops@host"));

        // Assert
        Assert.Contains("minutes ahead would delete records still within retention", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was purged", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(await store.FindAsync("old"));
        Assert.NotNull(await store.FindAsync("retained"));
        Assert.Empty(await store.PurgesAsync());
    }

    protected async Task PurgeWithAFutureCutoff_IsRefused()
    {
        // Arrange
        var time = new FixedTime(SampleRecords.Noon);
        using var store = await CreateStoreAsync(time);
        await store.AppendAsync(SampleRecords.Uncertain("today", SampleRecords.Noon));

        // Act
        var failure = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.PurgeAsync(SampleRecords.Noon.AddDays(1), "ops@host"));

        // Assert
        Assert.Contains("future", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(await store.FindAsync("today"));
        Assert.Empty(await store.PurgesAsync());
    }

    protected async Task Export_ReturnsRecordsSinceTheDateInTheOrderTheyWereAppended()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);
        await store.AppendAsync(SampleRecords.Uncertain("before", SampleRecords.Noon.AddDays(-1)));
        await store.AppendAsync(SampleRecords.Refused("second", SampleRecords.Noon.AddHours(2)));
        await store.AppendAsync(SampleRecords.Uncertain("first-by-time", SampleRecords.Noon));

        // Act
        var exported = new List<AuditRecord>();
        await foreach (var record in store.ExportAsync(SampleRecords.Noon))
        {
            exported.Add(record);
        }

        // Assert
        Assert.Equal(["second", "first-by-time"], exported.Select(r => r.RequestId));
        AssertSame(SampleRecords.Refused("second", SampleRecords.Noon.AddHours(2)), exported[0]);
    }

    protected async Task RecordFromBeforeTheOperatingPoint_ReadsBackWithoutOne()
    {
        // Arrange: a row as migration 3 leaves the rows written before it: no operating point columns filled.
        using var store = await CreateStoreAsync(TimeProvider.System);
        await ExecuteRawAsync(
            "INSERT INTO assessments (recorded_utc, request_id, client, client_kind, channel, status, http_status, reason_codes, image_bytes, model_name, model_version, model_sha256) " +
            $"VALUES ('2026-11-01T10:00:00.000000Z', 'before-migration-3', 'anonymous', 'anonymous', 'api', 'refused', 415, '', 0, 'skin-lesion-mobilenetv2', '2.0.0', '{new string('f', 64)}')");
        await store.AppendAsync(SampleRecords.Uncertain("after", SampleRecords.Noon));

        // Act
        var before = await store.FindAsync("before-migration-3");
        var after = await store.FindAsync("after");

        // Assert
        Assert.NotNull(before);
        Assert.Null(before.OperatingPoint);
        Assert.Equal(new AuditOperatingPoint("site", "St Example dermatology", "2026-11-30.1"), after!.OperatingPoint);
    }

    protected async Task OperatingPointKindOutsideShippedOrSite_IsRefusedByTheDatabase()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);

        // Act
        var failure = await Record.ExceptionAsync(() => store.AppendAsync(SampleRecords.Uncertain("odd", SampleRecords.Noon) with { OperatingPoint = new AuditOperatingPoint("custom", "x", "1") }));

        // Assert
        Assert.IsType<AuditStoreException>(failure);
        Assert.Null(await store.FindAsync("odd"));
    }

    protected async Task MigrateAgain_IsANoOpAtTheSameVersion()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);
        await store.AppendAsync(SampleRecords.Uncertain("kept", SampleRecords.Noon));

        // Act
        int again = await store.MigrateAsync();
        int verified = await store.VerifySchemaAsync();

        // Assert
        Assert.Equal(AuditMigrations.Current, again);
        Assert.Equal(AuditMigrations.Current, verified);
        Assert.NotNull(await store.FindAsync("kept"));
    }

    protected async Task SchemaNewerThanTheBuild_IsRefused()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);
        await ExecuteRawAsync("INSERT INTO schema_version (version, description, applied_utc) VALUES (99, 'from the future', CURRENT_TIMESTAMP)");

        // Act
        var migrate = await Assert.ThrowsAsync<AuditStoreException>(() => store.MigrateAsync());
        var verify = await Assert.ThrowsAsync<AuditStoreException>(() => store.VerifySchemaAsync());

        // Assert
        Assert.Contains($"schema version 99, newer than this build knows ({AuditMigrations.Current})", migrate.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 99", verify.Message, StringComparison.Ordinal);
    }

    protected async Task Check_WritesTheHeartbeat()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);

        const string Written = "UPDATE heartbeat SET checked_utc = checked_utc WHERE checked_utc IS NOT NULL";
        int before = await ExecuteRawAsync(Written);

        // Act
        await store.CheckAsync();
        await store.CheckAsync();

        // Assert: one row, written by the check, whatever the number of checks.
        Assert.Equal(0, before);
        Assert.Equal(1, await ExecuteRawAsync(Written));
    }

    protected async Task KeyRingElements_ReadBackUnchangedByEveryInstanceOfTheStore()
    {
        // Arrange: two instances on one database, as two replicas; elements as Data Protection writes them.
        using var writer = await CreateStoreAsync(TimeProvider.System);
        using var reader = await CreateStoreAsync(TimeProvider.System);
        var key = XElement.Parse("""
            <key id="6a1d3a43-0f0d-4c7e-9d2f-6c3e1a2b9f10" version="1">
              <creationDate>2026-11-29T22:00:00Z</creationDate>
              <descriptor deserializerType="Authenticated">
                <encryption algorithm="AES_256_CBC" />
                <masterKey p4:requiresEncryption="true" xmlns:p4="http://schemas.asp.net/2015/03/dataProtection"><value>c2VjcmV0ICYgPGtleT4=</value></masterKey>
              </descriptor>
            </key>
            """);
        var revocation = new XElement("revocation", new XAttribute("version", 1), new XElement("revocationDate", "2026-11-29T23:00:00Z"));
        var before = reader.KeyRingElements();

        // Act
        writer.AddKeyRingElement(key, "key-6a1d3a43-0f0d-4c7e-9d2f-6c3e1a2b9f10");
        writer.AddKeyRingElement(revocation, "revocation-20261129T230000Z");
        var after = reader.KeyRingElements();

        // Assert: the same XML, namespaces and text included, in the order it was added.
        Assert.Empty(before);
        Assert.Equal(2, after.Count);
        Assert.True(XNode.DeepEquals(key, after[0]), after[0].ToString());
        Assert.True(XNode.DeepEquals(revocation, after[1]), after[1].ToString());
    }

    protected async Task KeyRingElementUnderATakenName_IsRefused()
    {
        // Arrange
        using var store = await CreateStoreAsync(TimeProvider.System);
        store.AddKeyRingElement(new XElement("key", new XAttribute("id", "first")), "key-1");

        // Act
        var failure = Assert.Throws<AuditStoreException>(() => store.AddKeyRingElement(new XElement("key", new XAttribute("id", "second")), "key-1"));

        // Assert: the first element stays as it was.
        Assert.Contains(store.Description, failure.Message, StringComparison.Ordinal);
        Assert.Equal("first", (string?)Assert.Single(store.KeyRingElements()).Attribute("id"));
    }

    internal static void AssertSame(AuditRecord expected, AuditRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ReasonCodes, actual.ReasonCodes);
        Assert.Equal(expected, actual with { ReasonCodes = expected.ReasonCodes });
    }

    private protected sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
