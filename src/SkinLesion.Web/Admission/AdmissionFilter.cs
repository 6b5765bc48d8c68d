using SkinLesion.Inference.Admission;
using SkinLesion.Audit;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Telemetry;

namespace SkinLesion.Web.Admission;

/// <summary>
/// Takes a place in the inference line before the handler reads the upload, and answers 503 at once when the line
/// is full (429 when the calling client already holds its share of it): a flood is refused without its bodies being
/// read into memory. The place is held until the response.
/// </summary>
internal sealed class AdmissionFilter(InferenceGate gate, ServiceMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var place = gate.TryTakePlace(CallingClient.LimitKey(context.HttpContext), out var refusal);
        if (place is null)
        {
            metrics.LoadRefused(LoadRefusalReasons.Of(refusal), AuditChannels.Api);
            ApiProblems.CloseInsteadOfDraining(context.HttpContext);
            return refusal == PlaceRefusal.ClientShare
                ? ApiProblems.ClientShareTaken(context.HttpContext, gate.MaxPlacesPerClient, gate.RetryAfter)
                : ApiProblems.Busy(context.HttpContext, gate.RetryAfter);
        }

        return await next(context).ConfigureAwait(false);
    }
}
