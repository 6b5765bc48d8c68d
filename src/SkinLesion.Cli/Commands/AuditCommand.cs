using System.Globalization;
using Microsoft.Extensions.Configuration;
using SkinLesion.Audit;
using SkinLesion.Cli.Export;
using SkinLesion.Cli.Files;

namespace SkinLesion.Cli.Commands;

/// <summary>
/// <c>audit export</c> and <c>audit purge</c>: the audit trail's retention tools. They open the store the service
/// writes (never creating one) and require its schema to be this build's.
/// </summary>
internal sealed class AuditCommand(TextWriter output, TextWriter error, TimeProvider time, IConfiguration settings)
{
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        AuditArguments? options;
        try
        {
            options = AuditArguments.Parse(args, settings);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            await error.WriteLineAsync("Run audit --help for usage.");
            return 2;
        }

        if (options is null)
        {
            await output.WriteLineAsync(AuditArguments.Usage);
            return 0;
        }

        try
        {
            using var store = AuditStoreFactory.Create(options.Store, Environment.CurrentDirectory, time, createIfMissing: false);
            if (options.Out is { } outPath && store is SqliteAuditStore sqlite && IsStoreFile(outPath, sqlite.FilePath))
            {
                await error.WriteLineAsync($"error: --out '{outPath}' is the audit store's own file ({sqlite.FilePath}); the export would destroy the trail it reads. Name a file outside the store's folder.");
                return 2;
            }

            await store.VerifySchemaAsync(cancellationToken);
            await (options.Action == "export" ? ExportAsync(store, options, cancellationToken) : PurgeAsync(store, options, cancellationToken));
            return 0;
        }
        catch (Exception ex) when (ex is AuditStoreException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    private async Task ExportAsync(IAuditStore store, AuditArguments options, CancellationToken cancellationToken)
    {
        // Data goes to the file (whole or not at all) or to standard output; the summary never mixes into the data.
        long count = 0;
        if (options.Out is { } path)
        {
            await AtomicFile.WriteAsync(path, async stream =>
            {
                await using var file = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                count = await WriteRecordsAsync(store, options, file, cancellationToken);
            }, newFileMode: UnixFileMode.UserRead | UnixFileMode.UserWrite); // answers about patients: the user's alone
        }
        else
        {
            count = await WriteRecordsAsync(store, options, output, cancellationToken);
        }

        var summary = string.Create(CultureInfo.InvariantCulture, $"exported {count} records recorded since {AuditColumns.FormatTime(options.Since!.Value)} from {store.Description}{(options.Out is { } o ? " to " + o : string.Empty)}");
        await (options.Out is null ? error : output).WriteLineAsync(summary);
    }

    private static async Task<long> WriteRecordsAsync(IAuditStore store, AuditArguments options, TextWriter target, CancellationToken cancellationToken)
    {
        bool csv = options.Format == "csv";
        if (csv)
        {
            await AuditCsv.WriteHeaderAsync(target);
        }

        long count = 0;
        await foreach (var record in store.ExportAsync(options.Since!.Value, cancellationToken))
        {
            await (csv ? AuditCsv.WriteAsync(target, record) : AuditJsonLines.WriteAsync(target, record));
            count++;
        }

        await target.FlushAsync(cancellationToken);
        return count;
    }

    // The database and the files SQLite keeps beside it (write-ahead log, shared memory, rollback journal).
    private static bool IsStoreFile(string output, string database)
    {
        string target = RealPath.Of(output);
        return new[] { database, database + "-wal", database + "-shm", database + "-journal" }.Any(file => RealPath.Of(file) == target);
    }

    private async Task PurgeAsync(IAuditStore store, AuditArguments options, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.OlderThanDays!.Value);
        var purge = await store.PurgeAsync(cutoff, $"{Environment.UserName}@{Environment.MachineName} (skinlesion audit purge --older-than {options.OlderThanDays})", cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"purged {purge.Deleted} records recorded before {AuditColumns.FormatTime(purge.CutoffUtc)} from {store.Description}; logged as purge {purge.Id} at {AuditColumns.FormatTime(purge.PurgedUtc)} by {purge.PurgedBy}"));
    }
}
