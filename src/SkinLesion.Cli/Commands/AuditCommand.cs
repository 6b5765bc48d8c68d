using System.Globalization;
using Microsoft.Extensions.Configuration;
using SkinLesion.Audit;
using SkinLesion.Cli.Export;

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
        // Data goes to the file or to standard output; the summary never mixes into the data.
        await using var file = options.Out is { } path ? new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) : null;
        var target = (TextWriter?)file ?? output;
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
        var summary = string.Create(CultureInfo.InvariantCulture, $"exported {count} records recorded since {AuditColumns.FormatTime(options.Since.Value)} from {store.Description}{(options.Out is { } o ? " to " + o : string.Empty)}");
        await (file is null ? error : output).WriteLineAsync(summary);
    }

    private async Task PurgeAsync(IAuditStore store, AuditArguments options, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.OlderThanDays!.Value);
        var purge = await store.PurgeAsync(cutoff, $"{Environment.UserName}@{Environment.MachineName} (skinlesion audit purge --older-than {options.OlderThanDays})", cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"purged {purge.Deleted} records recorded before {AuditColumns.FormatTime(purge.CutoffUtc)} from {store.Description}; logged as purge {purge.Id} at {AuditColumns.FormatTime(purge.PurgedUtc)} by {purge.PurgedBy}"));
    }
}
