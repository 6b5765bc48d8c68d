using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace SkinLesion.Web.Auth;

/// <summary>
/// The authentication scheme names. Each is also the <c>Identity.AuthenticationType</c> of a caller it signs in
/// ("ApiKey", "Bearer", "OpenIdConnect"), which the audit trail records; <see cref="Default"/> only forwards.
/// </summary>
public static class AuthSchemes
{
    /// <summary>The default scheme: it forwards each request to the scheme its credential belongs to (<see cref="AuthMode.SelectScheme"/>).</summary>
    public const string Default = "SkinLesion";

    public const string ApiKey = "ApiKey";

    public const string Bearer = JwtBearerDefaults.AuthenticationScheme;

    public const string OpenIdConnect = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>The page's signed-in session after OpenID Connect sign-in; its identity keeps the "OpenIdConnect" type.</summary>
    public const string Cookies = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The request header that carries an API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";
}
