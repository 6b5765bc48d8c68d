namespace SkinLesion.Audit;

/// <summary>The one place that turns <see cref="AuditOptions"/> into a store, for the web app and the CLI alike.</summary>
public static class AuditStoreFactory
{
    /// <param name="options">Validated options.</param>
    /// <param name="baseDirectory">What a relative data directory is taken from (the web app's content root, the CLI's working directory).</param>
    /// <param name="time">The clock of heartbeats and purges.</param>
    /// <param name="createIfMissing">Whether a missing SQLite file (and its folder) may be created: the service's first start, not a tool.</param>
    public static IAuditStore Create(AuditOptions options, string baseDirectory, TimeProvider time, bool createIfMissing)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var timeout = TimeSpan.FromSeconds(options.WriteTimeoutSeconds);
        return options.Provider switch
        {
            AuditProvider.Sqlite => SqliteAuditStore.Open(
                string.IsNullOrWhiteSpace(options.ConnectionString) ? Path.Combine(Path.GetFullPath(options.DataDirectory, baseDirectory), AuditOptions.DatabaseFileName) : null,
                options.ConnectionString,
                timeout,
                time,
                createIfMissing,
                options.SqliteSynchronous),
            AuditProvider.PostgreSql => new PostgreSqlAuditStore(options.ConnectionString!, timeout, time),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown audit provider."),
        };
    }
}
