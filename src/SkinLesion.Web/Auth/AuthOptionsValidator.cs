using System.Globalization;
using Microsoft.Extensions.Options;

namespace SkinLesion.Web.Auth;

/// <summary>
/// Checks the authentication settings at startup, so a typo in a hash or a missing audience stops the process with
/// the setting's name instead of turning every caller away later. Outside Development a service with no
/// authentication method refuses to start unless anonymous use is chosen on purpose.
/// </summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    private const string Section = AuthOptions.SectionName;

    /// <summary>The startup refusal's text: it names every setting that would let the service start.</summary>
    public static string NoMethodMessage(string environmentName) =>
        $"No authentication is configured, and the environment is '{environmentName}', not Development. Configure at least one of: "
        + $"API keys ({Section}:ApiKeys:0:Name and {Section}:ApiKeys:0:Sha256), "
        + $"bearer tokens ({Section}:Bearer:Authority and {Section}:Bearer:Audience, optionally {Section}:Bearer:RequiredScope or {Section}:Bearer:RequiredRole), "
        + $"page sign-in ({Section}:OpenIdConnect:Authority and {Section}:OpenIdConnect:ClientId); "
        + $"or set {Section}:AllowAnonymous=true to run without authentication on purpose. "
        + "By environment the separator is '__', e.g. SkinLesion__Auth__ApiKeys__0__Sha256.";

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateApiKeys(options.ApiKeys, failures);
        ValidateBearer(options.Bearer, failures);
        ValidateOpenIdConnect(options.OpenIdConnect, failures);
        if (!options.AnyMethodConfigured && !options.AllowAnonymous && !environment.IsDevelopment())
        {
            failures.Add(NoMethodMessage(environment.EnvironmentName));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateApiKeys(IList<ApiKeyClient> clients, List<string> failures)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            string key = string.Create(CultureInfo.InvariantCulture, $"{Section}:ApiKeys:{i}");
            if (string.IsNullOrWhiteSpace(client.Name))
            {
                failures.Add($"{key}:Name is empty: every API key needs the name of the system that holds it.");
            }
            else if (!names.Add(client.Name))
            {
                failures.Add($"{key}:Name '{client.Name}' is used by another API key; names identify callers and must be unique.");
            }

            if (!IsSha256Hex(client.Sha256))
            {
                failures.Add($"{key}:Sha256 must be the key's SHA-256 as 64 hex digits (printf %s \"$KEY\" | sha256sum), not the key itself; it has {client.Sha256.Length} characters.");
            }
            else if (!hashes.Add(client.Sha256))
            {
                failures.Add($"{key}:Sha256 is the same hash as another API key's; each system needs its own key.");
            }
        }
    }

    private static void ValidateBearer(BearerAuthOptions bearer, List<string> failures)
    {
        string key = Section + ":Bearer";
        if (!bearer.IsConfigured)
        {
            if (!string.IsNullOrWhiteSpace(bearer.Audience) || bearer.HasRequirement)
            {
                failures.Add($"{key}:Authority is empty, but other {key} settings are set: bearer tokens need the identity provider's issuer URL.");
            }

            return;
        }

        ValidateAuthority(key, bearer.Authority!, bearer.RequireHttpsMetadata, failures);
        if (string.IsNullOrWhiteSpace(bearer.Audience))
        {
            failures.Add($"{key}:Audience is empty: tokens must be checked to be issued for this service.");
        }

        // A token's scope and role claims are split at spaces, so a required value with a space in it never matches.
        foreach (var (name, value) in new[] { ("RequiredScope", bearer.RequiredScope), ("RequiredRole", bearer.RequiredRole) })
        {
            if (!string.IsNullOrEmpty(value) && value.Any(char.IsWhiteSpace))
            {
                failures.Add($"{key}:{name} '{value}' holds a space: it names one scope or role, and a token's values are split at spaces, so every token would be refused (403).");
            }
        }
    }

    private static void ValidateOpenIdConnect(OpenIdConnectAuthOptions oidc, List<string> failures)
    {
        string key = Section + ":OpenIdConnect";
        if (!oidc.IsConfigured)
        {
            if (!string.IsNullOrWhiteSpace(oidc.ClientId) || !string.IsNullOrWhiteSpace(oidc.ClientSecret))
            {
                failures.Add($"{key}:Authority is empty, but other {key} settings are set: page sign-in needs the identity provider's issuer URL.");
            }

            return;
        }

        ValidateAuthority(key, oidc.Authority!, oidc.RequireHttpsMetadata, failures);
        if (string.IsNullOrWhiteSpace(oidc.ClientId))
        {
            failures.Add($"{key}:ClientId is empty: page sign-in needs this application's client id at the identity provider.");
        }
    }

    private static void ValidateAuthority(string key, string authority, bool requireHttps, List<string> failures)
    {
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key}:Authority '{authority}' is not an absolute http(s) URL.");
        }
        else if (requireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{key}:Authority '{authority}' is not HTTPS; set {key}:RequireHttpsMetadata=false only for a development identity provider.");
        }
    }

    private static bool IsSha256Hex(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}
