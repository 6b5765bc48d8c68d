using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Telemetry;

/// <summary>
/// Creates <see cref="ServiceMetrics"/> as soon as the model is loaded at startup, so the gauges and the model's info
/// metric are scraped from the first scrape on, not only after the first classification.
/// </summary>
internal sealed class ServiceMetricsStartup(IServiceProvider services, ModelLoading loading) : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        await loading.Classifier.ConfigureAwait(false);
        _ = services.GetRequiredService<ServiceMetrics>();
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
