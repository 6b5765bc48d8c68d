namespace SkinLesion.Web.Api;

/// <summary>
/// The headers of an endpoint's answer about health data (a classification, an audit record, or the endpoint's refusal of
/// the upload): never stored by a browser, proxy or gateway cache, and never content-sniffed. The pages get their own
/// from SecurityHeadersFilter; what never reaches the endpoint (401, 429) or the exception handler's 500 says nothing
/// about a patient.
/// </summary>
internal sealed class HealthDataHeadersFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        return next(context);
    }
}
