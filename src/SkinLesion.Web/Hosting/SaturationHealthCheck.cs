using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SkinLesion.Inference.Admission;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// Readiness's report of load: Degraded while the inference line is saturated (see <see cref="ReadinessOptions"/>).
/// Degraded still answers 200: a saturated instance sheds its excess itself (503 with Retry-After), and taking it
/// out of rotation would only move its load onto the others and take them out in turn.
/// </summary>
public sealed class SaturationHealthCheck(SaturationMonitor monitor, IOptions<ReadinessOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (monitor.Current is not var (saturated, duration, load))
        {
            return Task.FromResult(HealthCheckResult.Healthy("No inference line yet: the model is still loading."));
        }

        var data = new Dictionary<string, object>
        {
            ["slots"] = load.Slots,
            ["running"] = load.Running,
            ["waiting"] = load.Waiting,
            ["maxQueueLength"] = load.MaxQueueLength,
            ["pixelsInUse"] = load.PixelsInUse,
            ["pixelBudget"] = load.PixelBudget,
            ["averageServiceMs"] = Math.Round(load.AverageServiceTime.TotalMilliseconds, 1),
            ["stateSeconds"] = Math.Round(duration.TotalSeconds, 1),
        };
        var result = saturated
            ? HealthCheckResult.Degraded(
                string.Create(CultureInfo.InvariantCulture, $"Saturated: the inference queue has been at least {options.Value.SaturatedQueueFraction * 100:0}% full; requests beyond it are refused with 503 and Retry-After."), data: data)
            : HealthCheckResult.Healthy(HealthyDescription(load, options.Value), data);
        return Task.FromResult(result);
    }

    // Healthy covers a line that has just filled (the sustain time keeps readiness from flapping): saying it "has room"
    // then, beside waiting = maxQueueLength and 503s, misled whoever read the probe.
    private static string HealthyDescription(InferenceLoad load, ReadinessOptions options) =>
        load.QueueFraction < options.SaturatedQueueFraction
            ? "The inference queue has room."
            : string.Create(CultureInfo.InvariantCulture,
                $"The inference queue is {load.QueueFraction * 100:0}% full ({load.Waiting} of {load.MaxQueueLength} waiting); readiness turns Degraded once it stays at least {options.SaturatedQueueFraction * 100:0}% full for {options.SustainSeconds:0.#} s.");
}
