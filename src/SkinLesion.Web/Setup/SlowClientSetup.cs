using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SkinLesion.Web.Admission;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Setup;

public static class SlowClientSetup
{
    /// <summary>
    /// Kestrel's minimum upload rate and header and keep-alive timeouts, and the classify endpoints' request timeout,
    /// from one validated options class: a slow-loris client cannot hold a connection or a place in line for long.
    /// </summary>
    public static WebApplicationBuilder AddSlowClientLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SlowClientOptions>()
            .BindConfigurationStrictly(SlowClientOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<SlowClientOptions>>((kestrel, clients) =>
            {
                var limits = clients.Value;
                kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(limits.MinRequestBodyGraceSeconds));
                kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.RequestHeadersTimeoutSeconds);
                kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(limits.KeepAliveTimeoutSeconds);
            });
        builder.Services.AddRequestTimeouts();
        builder.Services.AddOptions<RequestTimeoutOptions>()
            .Configure<IOptions<SlowClientOptions>>((timeouts, clients) =>
            {
                var timeout = TimeSpan.FromSeconds(clients.Value.ClassifyTimeoutSeconds);
                timeouts.AddPolicy(SlowClientOptions.ClassifyTimeoutPolicy, new RequestTimeoutPolicy
                {
                    Timeout = timeout,
                    TimeoutStatusCode = StatusCodes.Status408RequestTimeout,
                    WriteTimeoutResponse = context => WriteTimeoutAsync(context, timeout),
                });
            });

        // A stopping host waits for the requests in flight only as long as its shutdown timeout, 30 s by default, then
        // cuts them off; a classification may take the whole classify timeout. So the host waits that long and a margin
        // for the record and the answer; a longer timeout given to the host (ASPNETCORE_SHUTDOWNTIMEOUTSECONDS) stays.
        builder.Services.AddOptions<HostOptions>()
            .PostConfigure<IOptions<SlowClientOptions>>((host, clients) =>
            {
                var needed = TimeSpan.FromSeconds(clients.Value.ClassifyTimeoutSeconds + SlowClientOptions.ShutdownMarginSeconds);
                if (host.ShutdownTimeout < needed)
                {
                    host.ShutdownTimeout = needed;
                }
            });
        return builder;
    }

    /// <summary>After routing, so each endpoint's timeout policy is known.</summary>
    public static WebApplication UseSlowClientTimeouts(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestTimeouts();
        return app;
    }

    private static async Task WriteTimeoutAsync(HttpContext context, TimeSpan timeout)
    {
        // The rest of the upload is not worth reading: close the connection after this answer.
        context.Response.Headers.Connection = "close";
        if (ErrorPage.IsWantedBy(context))
        {
            return; // status-code pages render the error page
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = ApiProblems.RequestTimedOut(context, timeout) })
            .ConfigureAwait(false);
    }
}
