using System.Text.Json;
using SkinLesion.Audit;
using SkinLesion.Cli.Commands;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Audit;

namespace SkinLesion.Cli.Tests;

/// <summary>audit export and audit purge against a real SQLite file (and a real PostgreSQL server) the store wrote.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly ScratchFolder _scratch = new();
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    private string DataDirectory => Path.Combine(_scratch.Path, "data");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    [Fact]
    public async Task Export_Csv_WritesTheColumnsThenOneLinePerRecordSinceTheDate()
    {
        // Arrange
        await SeedAsync(SampleRecords.Uncertain("old", Now.AddDays(-40)), SampleRecords.Uncertain("kept-1", Now.AddDays(-2)), SampleRecords.Refused("kept-2", Now.AddHours(-1)));
        var file = Path.Combine(_scratch.Path, "export.csv");

        // Act
        int exitCode = await RunAsync("export", "--since", "2026-11-01", "--format", "csv", "--out", file, "--data-directory", DataDirectory);

        // Assert
        Assert.True(exitCode == 0, _stderr.ToString());
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(string.Join(',', AuditColumns.Names), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026-11-29T09:30:00.000000Z,kept-1,radiology-pacs,ApiKey,api,uncertain,200,,\"low-confidence,borderline-malignancy\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",0.31067857,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",kept-2,anonymous,anonymous,page,refused,415,https://skinlesion.example/problems/unsupported-media-type,,", lines[2], StringComparison.Ordinal);
        Assert.Contains("exported 2 records", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Csv_ClientNameThatASpreadsheetWouldRun_IsWrittenAsText()
    {
        // Arrange: a bearer token's subject is chosen at the identity provider, not by this service.
        await SeedAsync(SampleRecords.Uncertain("formula", Now.AddDays(-1)) with { Client = "=HYPERLINK(\"http://x\")" });
        var file = Path.Combine(_scratch.Path, "export.csv");

        // Act
        int exitCode = await RunAsync("export", "--since", "2026-11-01", "--format", "csv", "--out", file, "--data-directory", DataDirectory);

        // Assert
        Assert.True(exitCode == 0, _stderr.ToString());
        Assert.Contains(",formula,\"'=HYPERLINK(\"\"http://x\"\")\",ApiKey,", (await File.ReadAllLinesAsync(file))[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_JsonLines_WritesOneObjectPerRecordKeyedByColumn()
    {
        // Arrange
        await SeedAsync(SampleRecords.Uncertain("kept", Now.AddDays(-1)));

        // Act
        int exitCode = await RunAsync("export", "--since=2026-11-30T00:00:00Z", "--format", "jsonl", "--data-directory", DataDirectory);

        // Assert: the data on standard output, the summary on standard error.
        Assert.True(exitCode == 0, _stderr.ToString());
        var line = Assert.Single(_stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal(AuditColumns.Names, json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("kept", json.GetProperty("request_id").GetString());
        Assert.Equal(0.31067857f, json.GetProperty("p_akiec").GetSingle());
        Assert.Equal(0.355497, json.GetProperty("malignant_probability").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("problem_type").ValueKind);
        Assert.Equal("site", json.GetProperty("operating_point_kind").GetString());
        Assert.Equal("2026-11-30.1", json.GetProperty("operating_point_version").GetString());
        Assert.Contains("exported 1 records", _stderr.ToString(), StringComparison.Ordinal);
    }

    [UnwritableFolderFact]
    public async Task Export_StoppedStoreInAFolderThisUserMayOnlyRead_Exits1SayingWhyAndWhatToDo()
    {
        // Arrange: the service stopped (no -shm beside the file), and an auditor's account that may read its folder only.
        await SeedAsync(SampleRecords.Uncertain("kept", Now.AddDays(-1)));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.False(File.Exists(Path.Combine(DataDirectory, AuditOptions.DatabaseFileName + "-shm")), "the seeding store left its -shm file behind");
        int exitCode;
        using (UnwritableFolder.Make(DataDirectory))
        {
            // Act
            exitCode = await RunAsync("export", "--since", "2026-11-01", "--format", "jsonl", "--data-directory", DataDirectory);
        }

        // Assert: SQLite's own words alone ("unable to open database file") named neither the cause nor a way out.
        Assert.Equal(1, exitCode);
        var error = _stderr.ToString();
        Assert.Contains($"Could not read the audit store SQLite {Path.Combine(DataDirectory, AuditOptions.DatabaseFileName)}", error, StringComparison.Ordinal);
        Assert.Contains($"may not write audit.db or create audit.db-shm and audit.db-wal in {DataDirectory}", error, StringComparison.Ordinal);
        Assert.Contains("Run this as the user the service runs as, or, to export, copy audit.db into a folder of your own", error, StringComparison.Ordinal);
        Assert.Empty(_stdout.ToString());
    }

    [Fact]
    public async Task Purge_OlderThan_DeletesOlderRecordsAndLogsThePurgeInTheStore()
    {
        // Arrange
        await SeedAsync(SampleRecords.Uncertain("old-1", Now.AddDays(-400)), SampleRecords.Refused("old-2", Now.AddDays(-366)), SampleRecords.Uncertain("recent", Now.AddDays(-364)));

        // Act
        int exitCode = await RunAsync("purge", "--older-than", "365", "--data-directory", DataDirectory);

        // Assert
        Assert.True(exitCode == 0, _stderr.ToString());
        Assert.Contains("purged 2 records recorded before 2025-12-01T09:30:00.000000Z", _stdout.ToString(), StringComparison.Ordinal);
        using var store = Open();
        Assert.Null(await store.FindAsync("old-1"));
        Assert.NotNull(await store.FindAsync("recent"));
        var purge = Assert.Single(await store.PurgesAsync());
        Assert.Equal(2, purge.Deleted);
        Assert.Equal(Now.AddDays(-365), purge.CutoffUtc);
        Assert.Contains("--older-than 365", purge.PurgedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_DataDirectoryGivenWhileTheEnvironmentNamesAnotherStore_PurgesOnlyTheNamedStore()
    {
        // Arrange: the environment's connection string names a second store with an old record of its own.
        await SeedAsync(SampleRecords.Uncertain("old-named", Now.AddDays(-100)));
        string other = Path.Combine(_scratch.Path, "other");
        await SeedAsync(other, SampleRecords.Uncertain("old-other", Now.AddDays(-100)));
        var environment = ServiceEnvironment.With(("SkinLesion__Audit__ConnectionString", $"Data Source={Path.Combine(other, AuditOptions.DatabaseFileName)}"));
        var command = new AuditCommand(_stdout, _stderr, new FixedTime(Now), environment);

        // Act
        int exitCode = await command.RunAsync(["purge", "--older-than", "30", "--data-directory", DataDirectory], CancellationToken.None);

        // Assert
        Assert.True(exitCode == 0, _stderr.ToString());
        using (var named = Open())
        {
            Assert.Null(await named.FindAsync("old-named"));
        }

        using var untouched = Open(other);
        Assert.NotNull(await untouched.FindAsync("old-other"));
        Assert.Empty(await untouched.PurgesAsync());
    }

    [Theory]
    [InlineData("--connection-string", "Data Source=elsewhere.db", "--connection-string and --data-directory both name the store; give one.")]
    [InlineData("--provider", "postgresql", "--data-directory names a SQLite store's folder, but the provider is postgresql")]
    public async Task Purge_DataDirectoryWithAnOptionNamingAnotherStore_Exits2AndPurgesNothing(string option, string value, string error)
    {
        // Arrange
        await SeedAsync(SampleRecords.Uncertain("old", Now.AddDays(-100)));

        // Act
        int exitCode = await RunAsync("purge", "--older-than", "30", "--data-directory", DataDirectory, option, value);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains(error, _stderr.ToString(), StringComparison.Ordinal);
        using var store = Open();
        Assert.NotNull(await store.FindAsync("old"));
    }

    [Fact]
    public async Task Purge_ClockADayAheadOfTheDatabases_Exits1AndPurgesNothing()
    {
        // Arrange: records written at the real time; the purging machine's clock a day ahead.
        var realNow = DateTimeOffset.UtcNow;
        await SeedAsync(SampleRecords.Uncertain("old", realNow.AddDays(-40)), SampleRecords.Uncertain("retained", realNow.AddDays(-29.5)));
        var command = new AuditCommand(_stdout, _stderr, new FixedTime(realNow.AddDays(1)), ServiceEnvironment.None);

        // Act
        int exitCode = await command.RunAsync(["purge", "--older-than", "30", "--data-directory", DataDirectory], CancellationToken.None);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("minutes ahead would delete records still within retention", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nothing was purged", _stderr.ToString(), StringComparison.Ordinal);
        using var store = Open();
        Assert.NotNull(await store.FindAsync("old"));
        Assert.NotNull(await store.FindAsync("retained"));
        Assert.Empty(await store.PurgesAsync());
    }

    [Fact]
    public async Task Purge_NoAuditDatabase_Exits1NamingTheFileAndCreatesNothing()
    {
        // Act
        int exitCode = await RunAsync("purge", "--older-than", "30", "--data-directory", DataDirectory);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains(Path.Combine(DataDirectory, AuditOptions.DatabaseFileName), _stderr.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Fact]
    public async Task Export_StoreFromTheEnvironment_UsesTheServicesSettings()
    {
        // Arrange
        await SeedAsync(SampleRecords.Uncertain("kept", Now.AddDays(-1)));
        var environment = ServiceEnvironment.With(("SkinLesion__Audit__Provider", "Sqlite"), ("SkinLesion__Audit__DataDirectory", DataDirectory));
        var command = new AuditCommand(_stdout, _stderr, new FixedTime(Now), environment);

        // Act
        int exitCode = await command.RunAsync(["export", "--since", "2026-01-01", "--format", "jsonl"], CancellationToken.None);

        // Assert
        Assert.True(exitCode == 0, _stderr.ToString());
        Assert.Contains("\"request_id\":\"kept\"", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SkinLesion__Audit__Provider", "mysql", "'mysql' at 'SkinLesion:Audit:Provider'")]
    [InlineData("SkinLesion__Audit__Provider", "7", "Provider must be Sqlite or PostgreSql.")]
    [InlineData("SkinLesion__Audit__WriteTimeoutSeconds", "0", "WriteTimeoutSeconds must be between 1 and 60.")]
    [InlineData("SKINLESION__AUDIT__SQLITESYNCHRONOUS", "sometimes", "'sometimes' at 'SkinLesion:Audit:SqliteSynchronous'")]
    [InlineData("SkinLesion__Audit__SqliteSynchronus", "Full", "SqliteSynchronus")]
    public async Task Export_ServiceSettingTheServiceWouldRefuse_Exits2NamingIt(string variable, string value, string reason)
    {
        // Arrange: the data directory is given; the service's other audit settings still come from its environment.
        await SeedAsync(SampleRecords.Uncertain("kept", Now.AddDays(-1)));
        var command = new AuditCommand(_stdout, _stderr, new FixedTime(Now), ServiceEnvironment.With((variable, value)));

        // Act
        int exitCode = await command.RunAsync(["export", "--since", "2026-01-01", "--format", "csv", "--data-directory", DataDirectory], CancellationToken.None);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains(reason, _stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(_stdout.ToString());
    }

    [Fact]
    public async Task Export_OptionAndEnvironmentBothGiven_TheOptionWins()
    {
        // Arrange: the environment names a PostgreSQL store that does not exist; the options name the SQLite file.
        await SeedAsync(SampleRecords.Uncertain("kept", Now.AddDays(-1)));
        var environment = ServiceEnvironment.With(("SkinLesion__Audit__Provider", "PostgreSql"), ("SkinLesion__Audit__DataDirectory", Path.Combine(DataDirectory, "elsewhere")));
        var command = new AuditCommand(_stdout, _stderr, new FixedTime(Now), environment);

        // Act
        int exitCode = await command.RunAsync(["export", "--since", "2026-01-01", "--format", "jsonl", "--provider", "sqlite", "--data-directory", DataDirectory], CancellationToken.None);

        // Assert
        Assert.True(exitCode == 0, _stderr.ToString());
        Assert.Contains("\"request_id\":\"kept\"", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("audit.db", false)]
    [InlineData("audit.db-wal", false)]
    [InlineData("link-to-the-store.csv", true)]
    public async Task Export_OutIsTheStoresOwnFile_Exits2AndTheTrailIsUntouched(string name, bool throughALink)
    {
        // Arrange
        await SeedAsync(SampleRecords.Uncertain("kept-1", Now.AddDays(-2)), SampleRecords.Uncertain("kept-2", Now.AddDays(-1)));
        string database = Path.Combine(DataDirectory, AuditOptions.DatabaseFileName);
        string output = Path.Combine(throughALink ? _scratch.Path : DataDirectory, name);
        if (throughALink)
        {
            File.CreateSymbolicLink(output, database);
        }

        long size = new FileInfo(database).Length;

        // Act
        int exitCode = await RunAsync("export", "--since", "2026-11-01", "--format", "csv", "--out", output, "--data-directory", DataDirectory);

        // Assert: refused before anything is written; both records still export.
        Assert.Equal(2, exitCode);
        Assert.Contains("is the audit store's own file", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(size, new FileInfo(database).Length);
        Assert.Equal(0, await RunAsync("export", "--since", "2026-11-01", "--format", "jsonl", "--data-directory", DataDirectory));
        Assert.Equal(2, _stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Export_OutIsAFolder_Exits2NamingIt()
    {
        // Act
        int exitCode = await RunAsync("export", "--since", "2026-11-01", "--format", "csv", "--out", _scratch.Path, "--data-directory", DataDirectory);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains($"--out '{_scratch.Path}' is a folder; name the export's file", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "delete" }, "Unknown action 'delete'")]
    [InlineData(new[] { "purge", "--older-than", "0" }, "--older-than must be a whole number of days from 1")]
    [InlineData(new[] { "purge" }, "audit purge needs --older-than")]
    [InlineData(new[] { "export", "--since", "yesterday", "--format", "csv" }, "--since must be an ISO 8601 date")]
    [InlineData(new[] { "export", "--since", "03/12/2026", "--format", "csv" }, "--since must be an ISO 8601 date (2026-11-01)")]
    [InlineData(new[] { "export", "--since", "2026-11-01", "--format", "xml" }, "--format must be csv or jsonl")]
    [InlineData(new[] { "export", "--since", "2026-11-01", "--format", "csv", "--older-than", "3" }, "Unknown option '--older-than' for audit export")]
    [InlineData(new[] { "export", "2026-11-01", "--format", "csv" }, "Unexpected argument '2026-11-01'; options start with --")]
    [InlineData(new[] { "purge", "--older-than", "3", "--older-than", "4" }, "Option --older-than is given twice")]
    [InlineData(new[] { "purge", "--older-than", "3", "--provider", "postgresql" }, "needs SkinLesion:Audit:ConnectionString")]
    public async Task Run_BadArguments_Exits2WithTheReason(string[] args, string reason)
    {
        // Act
        int exitCode = await RunAsync(args);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains(reason, _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_PrintsUsageAndExits0()
    {
        // Act
        int exitCode = await RunAsync("--help");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Contains("audit purge --older-than <days>", _stdout.ToString(), StringComparison.Ordinal);
    }

    [PostgreSqlFact]
    public async Task ExportAndPurge_PostgreSqlStore_WorkLikeSqlite()
    {
        // Arrange
        await using var schema = await TestPostgres.CreateSchemaAsync();
        using (var store = new PostgreSqlAuditStore(schema.ConnectionString, TimeSpan.FromSeconds(5), new FixedTime(Now)))
        {
            await store.MigrateAsync();
            await store.AppendAsync(SampleRecords.Uncertain("old", Now.AddDays(-100)));
            await store.AppendAsync(SampleRecords.Uncertain("recent", Now.AddDays(-1)));
        }

        var environment = ServiceEnvironment.With(("SkinLesion__Audit__ConnectionString", schema.ConnectionString));
        var command = new AuditCommand(_stdout, _stderr, new FixedTime(Now), environment);

        // Act
        int purged = await command.RunAsync(["purge", "--older-than", "30", "--provider", "postgresql"], CancellationToken.None);
        int exported = await command.RunAsync(["export", "--since", "2020-01-01", "--format", "csv", "--provider", "postgresql"], CancellationToken.None);

        // Assert
        Assert.True(purged == 0 && exported == 0, _stderr.ToString());
        Assert.Contains("purged 1 records", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains(",recent,", _stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(",old,", _stdout.ToString(), StringComparison.Ordinal);
    }

    private Task<int> RunAsync(params string[] args) =>
        new AuditCommand(_stdout, _stderr, new FixedTime(Now), ServiceEnvironment.None).RunAsync(args, CancellationToken.None);

    private SqliteAuditStore Open(string? folder = null) =>
        SqliteAuditStore.Open(Path.Combine(folder ?? DataDirectory, AuditOptions.DatabaseFileName), null, TimeSpan.FromSeconds(5), new FixedTime(Now), createIfMissing: true);

    /// <summary>Records written by the store itself, as the service writes them.</summary>
    private Task SeedAsync(params AuditRecord[] records) => SeedAsync(DataDirectory, records);

    private async Task SeedAsync(string folder, params AuditRecord[] records)
    {
        using var store = Open(folder);
        await store.MigrateAsync();
        foreach (var record in records)
        {
            await store.AppendAsync(record);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
