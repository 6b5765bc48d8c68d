namespace SkinLesion.Web.Auth;

/// <summary>
/// Who is calling, decided in one place for everything that keys on it: the audit record's owner, whose records a
/// caller may read back, the rate limit's bucket and the share of the inference line. A named client is an authenticated identity with a name. A caller
/// without a credential, or with one that names nobody (a token without a subject), is no one in particular: it is
/// recorded as anonymous, reads no record and is limited by its address (ADR 0053).
/// </summary>
/// <param name="Name">The authenticated name; null when the caller is not a named client.</param>
/// <param name="Kind">The authentication scheme (ApiKey, Bearer, OpenIdConnect), or anonymous without a credential.</param>
public readonly record struct CallingClient(string? Name, string Kind)
{
    public const string Anonymous = "anonymous";

    public bool IsNamed => Name is not null;

    /// <summary>The owner written into an audit record: the name, or anonymous.</summary>
    public string RecordedName => Name ?? Anonymous;

    public static CallingClient Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity is { IsAuthenticated: true } identity
            ? new CallingClient(string.IsNullOrEmpty(identity.Name) ? null : identity.Name, identity.AuthenticationType ?? Anonymous)
            : new CallingClient(null, Anonymous);
    }

    /// <summary>
    /// What per-client limits key on (the rate limit's bucket, the share of the inference line): the named client, else
    /// the remote address. Behind a reverse proxy every anonymous caller shares the proxy's address unless forwarded
    /// headers are configured (README, "Limits").
    /// </summary>
    public static string LimitKey(HttpContext context) =>
        Of(context).Name is { } name
            ? "client:" + name
            : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
