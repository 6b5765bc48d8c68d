using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Api;

public static class HealthApi
{
    // Probes and uptime monitors read with GET or HEAD; MapHealthChecks alone would answer a POST or DELETE the same way.
    private static readonly HttpMethodMetadata ProbeMethods = new(ReadMethods.GetAndHead);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Liveness depends on nothing external: if the process answers, it should not be restarted.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Live), ResponseWriter = WriteAsync })
            .WithName("Liveness")
            .WithMetadata(ProbeMethods)
            .WithTags("Health")
            .DisableRateLimiting();

        // Readiness: the model is loaded, verified against its manifest and warmed up; Degraded (still 200) while
        // the inference line is saturated. Probes are exempt from rate limits and never touch the inference line,
        // so they answer quickly during a flood.
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteAsync })
            .WithName("Readiness")
            .WithMetadata(ProbeMethods)
            .WithTags("Health")
            .DisableRateLimiting();
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalMs = Math.Round(report.TotalDuration.TotalMilliseconds, 2),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description, data = entry.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }
}
