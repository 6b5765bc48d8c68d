using Microsoft.Extensions.Options;
using SkinLesion.Inference.Admission;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// Samples the inference line a few times a second into a <see cref="SaturationState"/>, so readiness answers from
/// a stored verdict in microseconds, never waiting on the classifier (probes stay fast during a flood). The line
/// belongs to the classifier, so sampling starts once the model is loaded.
/// </summary>
public sealed class SaturationMonitor(ModelLoading loading, IOptions<ReadinessOptions> options, TimeProvider timeProvider) : BackgroundService
{
    /// <summary>Often enough that a sustain time of a few seconds is measured to within a sample.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    private readonly SaturationState _state = new(options.Value.SaturatedQueueFraction, options.Value.ClearedQueueFraction, options.Value.Sustain);
    private readonly long _started = timeProvider.GetTimestamp();
    private readonly object _lock = new();

    /// <summary>The verdict and the line's load; null while the model is still loading (there is no line yet).</summary>
    public (bool Saturated, TimeSpan For, InferenceLoad Load)? Current
    {
        get
        {
            if (loading.Loaded is not { } classifier)
            {
                return null;
            }

            var load = classifier.Gate.Load;
            lock (_lock)
            {
                var now = timeProvider.GetElapsedTime(_started);
                return (_state.IsSaturated, now - _state.Since, load);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SampleInterval, timeProvider);
        try
        {
            // A failed load is reported by the host's start (ModelLoading), which stops the process.
            await ((Task)loading.Classifier).WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (loading.Loaded is not { } classifier)
            {
                return;
            }

            var gate = classifier.Gate;
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var fraction = gate.Load.QueueFraction;
                lock (_lock)
                {
                    _state.Observe(fraction, timeProvider.GetElapsedTime(_started));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // host shutdown
        }
    }
}
