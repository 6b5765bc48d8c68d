using Microsoft.Extensions.Diagnostics.HealthChecks;
using SkinLesion.Inference;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// Ready once the model is loaded, verified and warmed (the classifier cannot exist otherwise); Unhealthy, without
/// waiting, while it is still loading at startup.
/// </summary>
public sealed class ModelReadyHealthCheck(ModelLoading loading) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (loading.Loaded is not { } classifier)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The model is still being loaded, verified and warmed up."));
        }

        var data = new Dictionary<string, object>
        {
            ["name"] = classifier.Model.Name,
            ["version"] = classifier.Model.Version,
            ["sha256"] = classifier.Model.Sha256,
            ["warmUpMs"] = Math.Round(classifier.WarmUpDuration.TotalMilliseconds, 1),
            ["jpegDecoder"] = classifier.JpegDecoder,
        };
        return Task.FromResult(HealthCheckResult.Healthy("Model loaded, verified and warmed up.", data));
    }
}
