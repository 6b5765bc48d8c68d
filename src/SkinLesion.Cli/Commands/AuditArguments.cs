using System.Globalization;
using Microsoft.Extensions.Configuration;
using SkinLesion.Audit;
using SkinLesion.Cli.Settings;

namespace SkinLesion.Cli.Commands;

/// <summary>The options of <c>audit export</c> and <c>audit purge</c>, parsed and checked before the store is opened.</summary>
internal sealed record AuditArguments
{
    public const string Usage = """
        Usage: dotnet run --project src/SkinLesion.Cli -- audit export --since <date> --format csv|jsonl [--out <file>] [store options]
               dotnet run --project src/SkinLesion.Cli -- audit purge --older-than <days> [store options]
        In the container image: dotnet skinlesion.dll audit ... (in /app, with the service's settings).

        Reads or prunes the service's audit trail: one record per answer to an assessment request (README, "Audit trail").

          export                  Writes every record recorded at or after --since, oldest first, with the table's columns.
            --since <date>        ISO 8601 only: a UTC date (2026-11-01) or a date and time, UTC unless it has an offset
                                  (2026-11-01T08:00:00+01:00).
            --format csv|jsonl    CSV with a header line, or one JSON object per line.
            --out <file>          Write to this file instead of standard output: replaced once the export is complete
                                  (a failed export leaves the file as it was); never the store's own file.
          purge                   Deletes the records older than the retention period, and logs the purge in the store
                                  (table purges: when, the cutoff, how many, and who ran it). The only deletion there is.
            --older-than <days>   Whole days (at least 1): records recorded before now minus this many days go.

        Store options (default: the service's SkinLesion__Audit__* settings from the environment, read as the service
        reads them, Provider, ConnectionString, DataDirectory and the rest; else SQLite in ./data). An option given wins
        (--data-directory over a connection string from the environment); give one of --data-directory and
        --connection-string, not both:
          --provider sqlite|postgresql
          --data-directory <dir>  The SQLite file's folder (audit.db in it); relative to the current directory.
          --connection-string <s> SQLite or PostgreSQL connection string (prefer the environment variable for passwords).
          -h, --help              Show this help.

        Exit codes: 0 done, 1 the store could not be read or written (or holds no audit trail of this version) or a purge
        was refused, 2 bad arguments, 130 interrupted (Ctrl-C; an export file is left as it was).
        """;

    /// <summary>"export" or "purge".</summary>
    public required string Action { get; init; }

    public DateTimeOffset? Since { get; init; }

    public string? Format { get; init; }

    public string? Out { get; init; }

    public int? OlderThanDays { get; init; }

    public required AuditOptions Store { get; init; }

    /// <summary>Parses the arguments after "audit"; null when help was asked for.</summary>
    public static AuditArguments? Parse(IReadOnlyList<string> args, IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(settings);
        if (args.Count == 0 || args[0] is "-h" or "--help")
        {
            return args.Count == 0 ? throw new UsageException("Name an action: audit export or audit purge.") : null;
        }

        string action = args[0] is "export" or "purge" ? args[0] : throw new UsageException($"Unknown action '{args[0]}'; use audit export or audit purge.");
        var options = OptionParser.Parse($"audit {action}", [.. args.Skip(1)], action == "export" ? ExportOptions : PurgeOptions);
        if (options is null)
        {
            return null;
        }

        var store = StoreOptions(options, settings);
        return action == "export"
            ? new AuditArguments
            {
                Action = action,
                Since = ParseSince(options.Required("--since")),
                Format = ParseFormat(options.Required("--format")),
                Out = options.Optional("--out") is { } output && Directory.Exists(output)
                    ? throw new UsageException($"--out '{output}' is a folder; name the export's file (e.g. {Path.Combine(output, "audit-export.csv")}).")
                    : options.Optional("--out"),
                Store = store,
            }
            : new AuditArguments
            {
                Action = action,
                OlderThanDays = ParseOlderThan(options.Required("--older-than")),
                Store = store,
            };
    }

    /// <summary>The service's SkinLesion:Audit settings (its whole section: provider, file, timeouts), each overridden by its option when given.</summary>
    private static AuditOptions StoreOptions(ParsedOptions given, IConfiguration settings)
    {
        var options = ServiceSettings.Bind<AuditOptions>(settings, AuditOptions.SectionName, message => new UsageException(message));
        if (given.Optional("--provider") is { } provider)
        {
            options.Provider = Enum.TryParse<AuditProvider>(provider, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new UsageException($"--provider must be sqlite or postgresql, got '{provider}'.");
        }

        string? connectionString = given.Optional("--connection-string");
        string? dataDirectory = given.Optional("--data-directory");
        if (connectionString is not null && dataDirectory is not null)
        {
            throw new UsageException("--connection-string and --data-directory both name the store; give one.");
        }

        if (dataDirectory is not null)
        {
            if (options.Provider == AuditProvider.PostgreSql)
            {
                throw new UsageException("--data-directory names a SQLite store's folder, but the provider is postgresql; give --connection-string, or --provider sqlite.");
            }

            // A connection string from the environment would otherwise win over the folder typed here, and a purge
            // would delete from a store the operator did not name.
            options.ConnectionString = null;
            options.DataDirectory = dataDirectory;
        }
        else if (connectionString is not null)
        {
            options.ConnectionString = connectionString;
        }

        var problems = ServiceSettings.Problems(options);
        return problems.Count == 0 ? options : throw new UsageException(string.Join(" ", problems));
    }

    private static string ParseFormat(string text) => text.ToLowerInvariant() switch
    {
        "csv" => "csv",
        "jsonl" => "jsonl",
        _ => throw new UsageException($"--format must be csv or jsonl, got '{text}'."),
    };

    private static int ParseOlderThan(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int days) && days is >= 1 and <= 36500
            ? days
            : throw new UsageException($"--older-than must be a whole number of days from 1 to 36500, got '{text}'.");

    // ISO 8601 only: 03/12/2026 is 3 December to a reader in Europe and was read as 12 March.
    private static readonly string[] SinceFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    private static DateTimeOffset ParseSince(string text) =>
        DateTimeOffset.TryParseExact(text, SinceFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since)
            ? since
            : throw new UsageException($"--since must be an ISO 8601 date (2026-11-01) or date and time (2026-11-01T08:00:00Z; without an offset it is UTC), got '{text}'.");

    private static readonly string[] StoreOptionNames = ["--provider", "--data-directory", "--connection-string"];
    private static readonly SortedSet<string> ExportOptions = new(["--since", "--format", "--out", .. StoreOptionNames], StringComparer.Ordinal);
    private static readonly SortedSet<string> PurgeOptions = new(["--older-than", .. StoreOptionNames], StringComparer.Ordinal);
}
