using Microsoft.Net.Http.Headers;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Auth;

/// <summary>
/// Which authentication methods this process runs with, decided once at startup from <see cref="AuthOptions"/> and
/// the environment; the schemes registered, the policy, the page's notice and the API description all read it.
/// </summary>
public sealed class AuthMode
{
    public bool ApiKeys { get; private init; }

    public bool Bearer { get; private init; }

    public bool OpenIdConnect { get; private init; }

    /// <summary>The page's identity provider as a CSP source ("https://idp.example"), where page sign-in is configured.</summary>
    public string? SignInOrigin { get; private init; }

    /// <summary>
    /// Callers without a credential are let in: AllowAnonymous was set, or this is Development with no method
    /// configured (so <c>dotnet run</c> works out of the box). The page then says that authentication is off.
    /// </summary>
    public bool AnonymousAllowed { get; private init; }

    /// <summary>The 401 detail for a request without a credential: what this service accepts, in the header it goes in.</summary>
    public string MissingCredentialDetail => (ApiKeys, Bearer) switch
    {
        (true, true) => $"This endpoint needs a credential: an API key in the {AuthSchemes.ApiKeyHeader} header, or a bearer token from the hospital's identity provider in the Authorization header.",
        (true, false) => $"This endpoint needs a credential: an API key in the {AuthSchemes.ApiKeyHeader} header.",
        (false, true) => "This endpoint needs a credential: a bearer token from the hospital's identity provider in the Authorization header.",
        _ => "This endpoint needs a credential, and this server accepts none from programs: only the clinician's page signs in. Ask the service's administrator for an API key.",
    };

    /// <summary>The WWW-Authenticate challenges of a 401 (RFC 9110 asks for at least one).</summary>
    public IReadOnlyList<string> Challenges => Bearer && !ApiKeys
        ? ["Bearer"]
        : Bearer ? [ApiKeyChallenge, "Bearer"] : [ApiKeyChallenge];

    private static string ApiKeyChallenge => $"ApiKey header=\"{AuthSchemes.ApiKeyHeader}\"";

    public static AuthMode From(AuthOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        return new AuthMode
        {
            ApiKeys = options.ApiKeys.Count > 0,
            Bearer = options.Bearer.IsConfigured,
            OpenIdConnect = options.OpenIdConnect.IsConfigured,
            SignInOrigin = Uri.TryCreate(options.OpenIdConnect.Authority, UriKind.Absolute, out var authority) ? authority.GetLeftPart(UriPartial.Authority) : null,
            AnonymousAllowed = options.AllowAnonymous || (environment.IsDevelopment() && !options.AnyMethodConfigured),
        };
    }

    /// <summary>
    /// The scheme that authenticates, challenges and forbids this request: the one its credential belongs to;
    /// without one, the page's session where page sign-in is configured (its challenge redirects to the identity
    /// provider), else the API-key scheme, whose challenge answers 401 problem details naming what is accepted.
    /// </summary>
    public string SelectScheme(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Headers.ContainsKey(AuthSchemes.ApiKeyHeader))
        {
            return AuthSchemes.ApiKey;
        }

        if (Bearer && HasBearerToken(context.Request))
        {
            return AuthSchemes.Bearer;
        }

        return OpenIdConnect && !ErrorPage.IsMachinePath(context.Request.Path) ? AuthSchemes.Cookies : AuthSchemes.ApiKey;
    }

    /// <summary>
    /// Whether the request carries a credential this service reads. One that is presented must be valid even where
    /// anonymous use is allowed: a wrong key answered as if anonymous would hide a misconfigured client.
    /// </summary>
    public bool CredentialPresented(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Headers.ContainsKey(AuthSchemes.ApiKeyHeader) || (Bearer && HasBearerToken(context.Request));
    }

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers[HeaderNames.Authorization].ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
