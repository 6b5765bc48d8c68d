namespace SkinLesion.Web.Auth;

/// <summary>
/// How callers prove who they are (configuration section SkinLesion:Auth): API keys for hospital systems, bearer
/// tokens from the hospital's identity provider, and OpenID Connect sign-in for the clinician's page. Any mix may be
/// configured; <see cref="AuthOptionsValidator"/> checks each at startup and refuses to start outside Development
/// when none is configured and anonymous use was not chosen on purpose.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "SkinLesion:Auth";

    /// <summary>Named clients, each with the SHA-256 of its key; the key itself is never configured.</summary>
    public IList<ApiKeyClient> ApiKeys { get; } = [];

    public BearerAuthOptions Bearer { get; set; } = new();

    public OpenIdConnectAuthOptions OpenIdConnect { get; set; } = new();

    /// <summary>
    /// Lets callers without a credential in, outside Development too (a test rig, a closed network). It must be
    /// said on purpose: without it, and without a method above, the service refuses to start outside Development.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    public bool AnyMethodConfigured => ApiKeys.Count > 0 || Bearer.IsConfigured || OpenIdConnect.IsConfigured;
}
