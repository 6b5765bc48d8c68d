using System.Data.Common;

namespace SkinLesion.Audit;

/// <summary>Retention: the one deletion the trail allows, logged in the store before it deletes, and its log.</summary>
public abstract partial class DbAuditStore
{
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
}
