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

    // ASP.NET Core's HSTS default: 30 days.
    private const string StrictTransportSecurity = "max-age=2592000";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // HSTS is set here rather than by UseHsts, whose header the exception handler clears from a 500. Only on HTTPS
        // requests (as the forwarded headers report them behind a proxy), and not for a loopback host, as UseHsts does:
        // page sign-in's cookies are HTTPS-only, and a downgraded first visit would not carry them.
        bool hsts = !app.Environment.IsDevelopment();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var (context, hsts) = ((HttpContext, bool))state;
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.TryAdd(HeaderNames.XFrameOptions, "DENY");
                headers.TryAdd(HeaderNames.ContentSecurityPolicy, FrameAncestorsOnly);
                headers.TryAdd("Referrer-Policy", "no-referrer");
                if (hsts && context.Request.IsHttps && !IsLoopbackHost(context.Request.Host.Host))
                {
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                }

                return Task.CompletedTask;
            }, (context, hsts));
            return next(context);
        });
        return app;
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]" or "::1";
}
