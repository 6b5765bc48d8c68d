using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SkinLesion.Web.Api;
using SkinLesion.Web.Telemetry;

namespace SkinLesion.Web.Setup;

/// <summary>
/// Metrics for the hospital's monitoring (docs/decisions/0016-metrics-and-kubernetes.md): the service's own
/// instruments (<see cref="ServiceMetrics"/>), ASP.NET Core's request metrics and the runtime's, scraped at
/// GET <see cref="MetricsPath"/> in Prometheus text format, and pushed over OTLP too when the standard
/// OTEL_EXPORTER_OTLP_ENDPOINT variable names a collector.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>The standard OpenTelemetry variable (or configuration key) that switches OTLP export on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The service name in exported resources, unless <see cref="ServiceNameVariable"/> says otherwise.</summary>
    public const string ServiceName = "skinlesion";

    /// <summary>The standard OpenTelemetry variable (or configuration key) naming the service in exported resources.</summary>
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    /// <summary>The standard OpenTelemetry variable of resource attributes, which may name the service too (service.name=...).</summary>
    public const string ResourceAttributesVariable = "OTEL_RESOURCE_ATTRIBUTES";

    public static WebApplicationBuilder AddSkinLesionTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddHostedService<ServiceMetricsStartup>();
        // AddService runs after the SDK has read OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES and would replace the
        // name an operator gave there, so it names the service only when neither does.
        string? version = typeof(TelemetrySetup).Assembly.GetName().Version?.ToString();
        bool named = !string.IsNullOrWhiteSpace(builder.Configuration[ServiceNameVariable])
            || (builder.Configuration[ResourceAttributesVariable] ?? string.Empty).Split(',').Any(attribute => attribute.Trim().StartsWith("service.name=", StringComparison.Ordinal));
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (named)
                {
                    resource.AddAttributes([new("service.version", version ?? "unknown")]);
                }
                else
                {
                    resource.AddService(ServiceName, serviceVersion: version);
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(ServiceMetrics.MeterName)
                .AddAspNetCoreInstrumentation()

                // The runtime's own meter (.NET 9 and later): working set, GC heap, thread pool queue.
                .AddMeter("System.Runtime")

                // Every scrape sees the current counts; Prometheus scrapes every 15 to 60 s, so a cache buys nothing.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));

        // Off unless a collector is named: OTLP export to an endpoint nobody listens on would log an error per export.
        string? endpoint = builder.Configuration[OtlpEndpointVariable];
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            // OpenTelemetry reports an endpoint it cannot use only on its own diagnostics channel and exports elsewhere,
            // so a typo would leave the service running with its telemetry going nowhere.
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"{OtlpEndpointVariable} '{endpoint}' is not an absolute http(s) URL such as http://otel-collector:4317; unset it to export nothing.");
            }

            telemetry
                .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// GET /metrics, anonymous and outside the rate limits like the health probes: the scraper holds no key, and
    /// the figures are counts with no health data, client or request in them (ADR 0016 says where to restrict it).
    /// </summary>
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath)
            .WithDisplayName("Metrics")

            // The exporter maps every method; a scrape is a GET.
            .WithMetadata(new HttpMethodMetadata(ReadMethods.GetAndHead))
            .AllowAnonymous()
            .DisableRateLimiting();
        return endpoints;
    }
}
