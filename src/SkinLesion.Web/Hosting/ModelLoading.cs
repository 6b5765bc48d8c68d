using SkinLesion.Inference;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// Loads, verifies and warms the model on a worker thread from the moment the host starts, so the web server's own
/// start (building the pipeline, binding the port, compiling the first request's code) runs beside it on the other
/// core instead of after it. The host's start still waits for it and fails with it (<see cref="StartedAsync"/>), so a
/// bad model or site profile stops the process at startup, never at a request; until then readiness answers 503
/// (<see cref="ModelReadyHealthCheck"/>), and a request that needs the classifier waits for the one being built.
/// </summary>
public sealed class ModelLoading(IServiceProvider services) : IHostedLifecycleService
{
    private Task<SkinLesionClassifier>? _load;

    /// <summary>The classifier once it is loaded; faults with the load's exception.</summary>
    public Task<SkinLesionClassifier> Classifier =>
        _load ?? throw new InvalidOperationException("The model is loaded when the host starts; the host has not started.");

    /// <summary>The classifier, when it is loaded and warm; null while it is loading or when the load failed.</summary>
    public SkinLesionClassifier? Loaded => _load is { IsCompletedSuccessfully: true } load ? load.Result : null;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // The DI container builds the singleton once: anything that resolves it meanwhile waits for this construction.
        _load = Task.Run(services.GetRequiredService<SkinLesionClassifier>, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken) => await Classifier.ConfigureAwait(false);

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A host stopped during startup waits (within its shutdown timeout) for a load still under way, so the container
    /// is not disposed while the graphs' native sessions are being created.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_load is { } load)
        {
            await ((Task)load).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
