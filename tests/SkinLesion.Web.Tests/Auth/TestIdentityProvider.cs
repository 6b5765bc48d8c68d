using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>
/// The hospital's identity provider, the one true boundary the authentication tests replace: a discovery document
/// (issuer, signing key, endpoints) handed to the real JwtBearer and OpenIdConnect handlers instead of fetched over the
/// network, tokens signed with a test RSA key, and a token endpoint that redeems the codes it issued.
/// </summary>
internal sealed class TestIdentityProvider : IDisposable
{
    public const string Issuer = "https://idp.test/realms/hospital";
    public const string Audience = "skinlesion-api";
    public const string Scope = "skinlesion.classify";
    public const string Role = "SkinLesion.Classifier";
    public const string PageClientId = "skinlesion-page";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, string> _idTokensByCode = new();

    public TestIdentityProvider()
    {
        SigningKey = new RsaSecurityKey(_rsa) { KeyId = "test-key-1" };
        Configuration = new OpenIdConnectConfiguration
        {
            Issuer = Issuer,
            AuthorizationEndpoint = Issuer + "/protocol/openid-connect/auth",
            TokenEndpoint = Issuer + "/protocol/openid-connect/token",
            EndSessionEndpoint = Issuer + "/protocol/openid-connect/logout",
        };
        Configuration.SigningKeys.Add(SigningKey);
    }

    public RsaSecurityKey SigningKey { get; }

    public OpenIdConnectConfiguration Configuration { get; }

    /// <summary>The settings that point the service at this provider for bearer tokens.</summary>
    public static IEnumerable<(string Key, string Value)> BearerSettings(string? scope = Scope, string? role = null)
    {
        yield return ("SkinLesion:Auth:Bearer:Authority", Issuer);
        yield return ("SkinLesion:Auth:Bearer:Audience", Audience);
        if (scope is not null)
        {
            yield return ("SkinLesion:Auth:Bearer:RequiredScope", scope);
        }

        if (role is not null)
        {
            yield return ("SkinLesion:Auth:Bearer:RequiredRole", role);
        }
    }

    /// <summary>The settings that point the page's sign-in at this provider.</summary>
    public static IEnumerable<(string Key, string Value)> PageSettings()
    {
        yield return ("SkinLesion:Auth:OpenIdConnect:Authority", Issuer);
        yield return ("SkinLesion:Auth:OpenIdConnect:ClientId", PageClientId);
        yield return ("SkinLesion:Auth:OpenIdConnect:ClientSecret", "page-secret");
    }

    /// <summary>Hands the discovery document (and, for sign-in, the token endpoint) to the handlers the service registered.</summary>
    public void Trust(IServiceCollection services)
    {
        var configuration = new StaticConfigurationManager<OpenIdConnectConfiguration>(Configuration);
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options => options.ConfigurationManager = configuration);
        services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
        {
            options.ConfigurationManager = configuration;
            options.Backchannel = new HttpClient(new TokenEndpoint(this));
        });
    }

    /// <summary>An access token as the provider would issue it; every part can be spoiled for the negative cases.</summary>
    public string AccessToken(
        string subject = "system-7f3c",
        string? scope = Scope,
        string[]? roles = null,
        string audience = Audience,
        DateTime? expires = null,
        SecurityKey? signedWith = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        return Sign(claims, audience, expiry, signedWith ?? SigningKey);
    }

    /// <summary>What the provider does when the user signs in at its authorize endpoint: a code for an id token that carries the request's nonce.</summary>
    public string IssueCode(string nonce, string subject, string name)
    {
        var idToken = Sign(new Dictionary<string, object> { ["sub"] = subject, ["name"] = name, ["nonce"] = nonce }, PageClientId, DateTime.UtcNow.AddMinutes(5), SigningKey);
        string code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _idTokensByCode[code] = idToken;
        return code;
    }

    public void Dispose() => _rsa.Dispose();

    private static string Sign(Dictionary<string, object> claims, string audience, DateTime expires, SecurityKey key) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires.AddMinutes(-15),
            NotBefore = expires.AddMinutes(-15),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>The provider's token endpoint: redeems a code it issued, once, for the id token.</summary>
    private sealed class TokenEndpoint(TestIdentityProvider provider) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.ToString() != provider.Configuration.TokenEndpoint || request.Content is null)
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            var form = QueryHelpers.ParseQuery(await request.Content.ReadAsStringAsync(cancellationToken));
            if (!form.TryGetValue("code", out var code) || !provider._idTokensByCode.TryRemove(code.ToString(), out var idToken))
            {
                return Json(HttpStatusCode.BadRequest, new { error = "invalid_grant" });
            }

            return Json(HttpStatusCode.OK, new { access_token = "opaque-access-token", token_type = "Bearer", expires_in = 300, id_token = idToken });
        }

        private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
            new(status) { Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json") };
    }
}
