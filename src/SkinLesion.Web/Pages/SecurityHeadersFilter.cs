using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;
using SkinLesion.Web.Auth;

namespace SkinLesion.Web.Pages;

/// <summary>The security and caching headers of every page response.</summary>
internal sealed class SecurityHeadersFilter(AuthMode mode) : IResultFilter
{
    // Only the pages get this policy: Swagger UI ships inline script that it would block.
    // data: is the in-memory preview of the classified image, blob: the preview before upload.
    // With page sign-in, a form post may be redirected to the identity provider (Sign out, or an upload after the
    // session ended), and browsers apply form-action to that redirect too.
    private readonly string _contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; "
        + (mode.SignInOrigin is { } identityProvider ? $"form-action 'self' {identityProvider}; " : "form-action 'self'; ")
        + "frame-ancestors 'none'";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = _contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        // A result page embeds the patient's image; it must not sit in any cache. These are the
        // values antiforgery insists on too, so it does not override them with a warning.
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
