namespace SkinLesion.Web.Telemetry;

/// <summary>
/// Creates <see cref="ServiceMetrics"/> when the host starts (after the model loader, registered before it), so the
/// gauges and the model's info metric are scraped from the first scrape on, not only after the first classification.
/// </summary>
internal sealed class ServiceMetricsStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ServiceMetrics>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
