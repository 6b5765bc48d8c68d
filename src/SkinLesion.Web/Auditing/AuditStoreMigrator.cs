using SkinLesion.Audit;
using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Auditing;

/// <summary>
/// Creates or migrates the store during startup, before the web server starts (and before the key ring it may keep
/// is first read), and checks, once the model is loaded, that its probability columns are the served model's
/// classes: a model with other classes needs a schema migration, found at startup rather than at the first request.
/// </summary>
internal sealed partial class AuditStoreMigrator(IAuditStore store, ModelLoading loading, ILogger<AuditStoreMigrator> logger) : IHostedLifecycleService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        int version;
        try
        {
            version = await store.MigrateAsync(cancellationToken);
        }
        catch (AuditStoreException ex)
        {
            // The engine's words ("unable to open database file") name neither the setting nor what to check.
            throw new AuditStoreException(
                $"{ex.Message} The service does not start without its audit trail. Check {AuditOptions.SectionName}:" + (store is SqliteAuditStore
                    ? "DataDirectory: the folder must exist or be creatable, and be writable by the service's user (in the container image: /var/lib/skinlesion, owned by its app user)."
                    : "ConnectionString: the server must be reachable and the account allowed to create tables in the database."),
                ex);
        }

        LogReady(logger, store.Description, version);
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var classifier = await loading.Classifier;
        var codes = classifier.Manifest.Labels.Select(label => label.Code).ToList();
        if (!codes.Order(StringComparer.Ordinal).SequenceEqual(AuditProbabilities.Codes.Order(StringComparer.Ordinal)))
        {
            throw new InvalidOperationException(
                $"The audit trail records the classes {string.Join(", ", AuditProbabilities.Codes)}, but model {classifier.Model.Name} {classifier.Model.Version} has {string.Join(", ", codes)}: its probabilities need a schema migration (src/SkinLesion.Audit/Schema).");
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Audit trail in {Store}, schema version {Version}")]
    private static partial void LogReady(ILogger logger, string store, int version);
}
