using Microsoft.Net.Http.Headers;

namespace SkinLesion.Web.Setup;

/// <summary>
/// The headers every response carries, whatever produced it (Swagger UI, static files, the JSON API, a 401 or 429 from
/// the middleware, the error handler): never content-sniffed, never framed, no referrer, and HSTS over HTTPS outside
/// Development. The pages set their full content security policy themselves (Pages/SecurityHeadersFilter), which is
/// kept; elsewhere the policy says only that nothing may frame the response, since Swagger UI runs inline script.
/// </summary>
public static class SecurityHeadersSetup
{
    private const string FrameAncestorsOnly = "frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            // Only on HTTPS requests (as the forwarded headers report them behind a proxy): page sign-in's cookies are
            // HTTPS-only, and a downgraded first visit would not carry them.
            app.UseHsts();
        }

        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.TryAdd(HeaderNames.XFrameOptions, "DENY");
                headers.TryAdd(HeaderNames.ContentSecurityPolicy, FrameAncestorsOnly);
                headers.TryAdd("Referrer-Policy", "no-referrer");
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        return app;
    }
}
