namespace SkinLesion.Web.Auth;

/// <summary>One system allowed to call the API (SkinLesion:Auth:ApiKeys:N): its name and its key's SHA-256.</summary>
public sealed class ApiKeyClient
{
    /// <summary>Who the caller is once its key matches: the rate limiter's client and the audit trail's actor.</summary>
    public string Name { get; set; } = "";

    /// <summary>The SHA-256 of the key's UTF-8 bytes, 64 hex digits (`printf %s "$KEY" | sha256sum`).</summary>
    public string Sha256 { get; set; } = "";
}
