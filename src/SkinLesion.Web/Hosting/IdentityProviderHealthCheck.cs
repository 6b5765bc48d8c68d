using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SkinLesion.Web.Auth;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// Readiness's report of the identity provider: Healthy while the discovery document (issuer, signing keys) of each
/// configured authority can be had, Degraded otherwise. The start only checks the authority's form, so a wrong host or
/// port used to show nowhere but in every bearer call's 401. Degraded, not Unhealthy: readiness stays 200 (API-key
/// clients are still served, and every replica shares the provider, so pulling them would help no one), and the report
/// names the authority for the operator. The handlers' own configuration managers answer it, cached between fetches.
/// </summary>
public sealed class IdentityProviderHealthCheck(
    AuthMode mode,
    IOptionsMonitor<JwtBearerOptions> bearer,
    IOptionsMonitor<OpenIdConnectOptions> signIn) : IHealthCheck
{
    /// <summary>How long a probe waits for the provider; the Kubernetes readiness probe gives the whole report 11 s.</summary>
    internal static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var data = new Dictionary<string, object>();
        if (mode.Bearer)
        {
            var options = bearer.Get(AuthSchemes.Bearer);
            await CheckAsync("bearer tokens", "bearerAuthority", options.Authority, options.ConfigurationManager, problems, data, cancellationToken);
        }

        if (mode.OpenIdConnect)
        {
            var options = signIn.Get(AuthSchemes.OpenIdConnect);
            await CheckAsync("page sign-in", "signInAuthority", options.Authority, options.ConfigurationManager, problems, data, cancellationToken);
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("The identity provider's discovery document is available.", data)
            : HealthCheckResult.Degraded(string.Join(" ", problems), data: data);
    }

    private static async Task CheckAsync(string use, string key, string? authority, IConfigurationManager<OpenIdConnectConfiguration>? manager, List<string> problems,
        Dictionary<string, object> data, CancellationToken cancellationToken)
    {
        data[key] = authority ?? string.Empty;
        if (manager is null)
        {
            problems.Add($"No configuration source for {use} ({authority}).");
            return;
        }

        try
        {
            _ = await manager.GetConfigurationAsync(cancellationToken).WaitAsync(Wait, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or TimeoutException)
        {
            problems.Add($"The discovery document of {authority} could not be read for {use} ({(ex is TimeoutException ? $"no answer within {Wait.TotalSeconds:0} s" : ex.GetType().Name)}): " +
                $"{use} fail until it can. Check the host, port and realm in the authority, and that this service may reach it.");
        }
    }
}
