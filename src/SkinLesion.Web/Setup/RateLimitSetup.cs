using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SkinLesion.Web.Admission;
using SkinLesion.Web.Auth;
using SkinLesion.Audit;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Telemetry;

namespace SkinLesion.Web.Setup;

public static class RateLimitSetup
{
    /// <summary>
    /// A token bucket per client for every endpoint (health probes, the error page, static files and Swagger are
    /// outside it), answering 429 with Retry-After as problem details, or the error page for a browser.
    /// </summary>
    public static WebApplicationBuilder AddClientRateLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ClientRateLimitOptions>()
            .BindConfigurationStrictly(ClientRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<ClientRateLimitOptions>>((limiter, client) =>
            {
                var limits = client.Value;
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    RateLimitPartition.GetTokenBucketLimiter(CallingClient.LimitKey(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.TokenLimit,
                        TokensPerPeriod = limits.TokensPerPeriod,
                        ReplenishmentPeriod = limits.ReplenishmentPeriod,

                        // Refuse at once rather than queue: a queued request would hold its connection and upload.
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
                limiter.OnRejected = (rejected, cancellationToken) =>
                    RejectAsync(rejected.HttpContext, rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : limits.ReplenishmentPeriod);
            });
        return builder;
    }

    /// <summary>After routing, so endpoints marked DisableRateLimiting (the health probes, the error page) are seen.</summary>
    public static WebApplication UseClientRateLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRateLimiter();
        return app;
    }

    private static async ValueTask RejectAsync(HttpContext context, TimeSpan retryAfter)
    {
        var problem = ApiProblems.RateLimited(context, retryAfter);
        context.RequestServices.GetRequiredService<ServiceMetrics>().LoadRefused(LoadRefusalReasons.RateLimited,
            context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ? AuditChannels.Api : AuditChannels.Page);
        ApiProblems.CloseInsteadOfDraining(context);

        // A browser gets the error page (status-code pages re-execute it); every other client gets the problem.
        if (ErrorPage.IsWantedBy(context))
        {
            return;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem })
            .ConfigureAwait(false);
    }
}
