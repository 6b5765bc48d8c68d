namespace SkinLesion.Web.Auth;

/// <summary>
/// Sign-in for the clinician's page (SkinLesion:Auth:OpenIdConnect): the authorization code flow with PKCE against
/// the hospital's identity provider; the signed-in session is a cookie.
/// </summary>
public sealed class OpenIdConnectAuthOptions
{
    /// <summary>The identity provider's issuer URL.</summary>
    public string? Authority { get; set; }

    /// <summary>This application's client id at the identity provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret, for a confidential client; set it from the environment or a secret store, never in a file.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Off only for a development identity provider on plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
