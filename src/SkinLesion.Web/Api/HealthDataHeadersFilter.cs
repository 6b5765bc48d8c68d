namespace SkinLesion.Web.Api;

/// <summary>
/// The headers of an answer that holds health data (a classification, an audit record), whatever its status: never
/// stored by a browser, proxy or gateway cache (the pages get the same from their own filter), and never content-sniffed.
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
