using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Setup;

/// <summary>
/// Forwarded headers behind a reverse proxy (docs/decisions/0054-trusted-proxies.md). The host's own switch
/// (ASPNETCORE_FORWARDEDHEADERS_ENABLED) puts its middleware ahead of the app's own and takes X-Forwarded-For and
/// X-Forwarded-Proto from every sender; SkinLesion:ForwardedHeaders:TrustedProxies narrows that to the proxy's addresses.
/// </summary>
public static partial class ForwardedHeadersSetup
{
    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        builder.Services.AddOptions<TrustedProxyOptions>()
            .BindConfigurationStrictly(TrustedProxyOptions.SectionName)
            .ValidateOnStart();

        // A post-configuration, so it runs after the host's own, which clears the known proxies when its switch is on.
        // It runs once, when the middleware is built; nothing else reads these options.
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .PostConfigure<IOptions<TrustedProxyOptions>, IConfiguration, ILoggerFactory>((forwarded, trusted, configuration, loggers) =>
            {
                if (!TrustedProxyOptionsValidator.IsHostSwitchOn(configuration))
                {
                    return;
                }

                var proxies = trusted.Value.TrustedProxies;
                if (proxies.Count == 0)
                {
                    LogEverySenderTrusted(loggers.CreateLogger(typeof(ForwardedHeadersSetup).FullName!), TrustedProxyOptions.HostSwitchVariable,
                        $"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.TrustedProxies)}");
                    return;
                }

                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (string entry in proxies)
                {
                    // Validated at startup (ValidateOnStart runs before the pipeline is built), so every entry parses.
                    if (TrustedProxyOptionsValidator.TryParse(entry, out var network))
                    {
                        forwarded.KnownIPNetworks.Add(network);
                    }
                }
            });
        return builder;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "{Switch} is on and no trusted proxy is named: X-Forwarded-For and X-Forwarded-Proto are taken from every sender. Name the reverse proxy's addresses in {Option}, or make sure only the proxy can reach the service.")]
    private static partial void LogEverySenderTrusted(ILogger logger, string @switch, string option);
}
