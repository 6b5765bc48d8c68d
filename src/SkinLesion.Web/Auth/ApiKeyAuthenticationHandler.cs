using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SkinLesion.Web.Auth;

/// <summary>
/// Authenticates a hospital system by the key in its X-Api-Key header: the caller becomes the configured client's
/// name, with authentication type "ApiKey". Its challenge is also the service's answer to a request with no
/// credential at all (<see cref="AuthMode.SelectScheme"/>): 401 problem details naming what is accepted.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry,
    AuthMode mode) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The 401 detail for a key that is not one of the configured keys (or any key where none is configured).</summary>
    internal const string UnknownKeyDetail =
        $"The API key in the {AuthSchemes.ApiKeyHeader} header is not recognised. Check the key your system sends, or ask the service's administrator whether it was replaced.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AuthSchemes.ApiKeyHeader, out var keys))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Count != 1)
        {
            return Task.FromResult(AuthenticateResult.Fail($"The request must carry exactly one non-empty {AuthSchemes.ApiKeyHeader} header; it has {keys.Count}."));
        }

        if (string.IsNullOrEmpty(keys[0]))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {AuthSchemes.ApiKeyHeader} header is empty; it must carry the API key the service's administrator issued."));
        }

        // The key is never logged or echoed: a failure names the header, not its value.
        if (registry.FindClient(keys[0]!) is not { } client)
        {
            return Task.FromResult(AuthenticateResult.Fail(UnknownKeyDetail));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, client), new Claim(ClaimTypes.NameIdentifier, client)], AuthSchemes.ApiKey);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await AuthResponses.ChallengeAsync(Context, result.Failure?.Message ?? mode.MissingCredentialDetail, mode.Challenges);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthResponses.ForbidAsync(Context, "This client is authenticated but not permitted to use this endpoint.");
}
