using Microsoft.Extensions.Options;
using SkinLesion.Inference.Admission;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// Samples the inference line a few times a second into a <see cref="SaturationState"/>, so readiness answers from
/// a stored verdict in microseconds, never waiting on the classifier (probes stay fast during a flood).
/// </summary>
public sealed class SaturationMonitor(InferenceGate gate, IOptions<ReadinessOptions> options, TimeProvider timeProvider) : BackgroundService
{
    /// <summary>Often enough that a sustain time of a few seconds is measured to within a sample.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    private readonly SaturationState _state = new(options.Value.SaturatedQueueFraction, options.Value.ClearedQueueFraction, options.Value.Sustain);
    private readonly long _started = timeProvider.GetTimestamp();
    private readonly object _lock = new();

    public (bool Saturated, TimeSpan For, InferenceLoad Load) Current
    {
        get
        {
            var load = gate.Load;
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
