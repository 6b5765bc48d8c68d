namespace SkinLesion.Web.Auth;

/// <summary>
/// Bearer tokens (JWT) from the hospital's OpenID Connect provider (SkinLesion:Auth:Bearer). The signing keys and
/// issuer come from the authority's discovery document; the audience names this service.
/// </summary>
public sealed class BearerAuthOptions
{
    /// <summary>The identity provider's issuer URL, e.g. https://idp.hospital.example/realms/clinical.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience a token must be issued for (the service's client id or API identifier).</summary>
    public string? Audience { get; set; }

    /// <summary>A scope the token must carry in its `scope` or `scp` claim (space-separated or repeated).</summary>
    public string? RequiredScope { get; set; }

    /// <summary>A role the token may carry in its `roles` or `role` claim instead of the scope.</summary>
    public string? RequiredRole { get; set; }

    /// <summary>Off only for a development identity provider on plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);

    public bool HasRequirement => !string.IsNullOrWhiteSpace(RequiredScope) || !string.IsNullOrWhiteSpace(RequiredRole);
}
