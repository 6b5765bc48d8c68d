namespace SkinLesion.Web.Hosting;

/// <summary>
/// Whom the service takes X-Forwarded-For and X-Forwarded-Proto from (configuration section
/// SkinLesion:ForwardedHeaders). The host's own switch, ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, turns the headers on
/// and then trusts every sender; <see cref="TrustedProxies"/> narrows that to the reverse proxy's addresses, so a
/// client that reaches the service past the proxy cannot choose its own rate-limit bucket or scheme
/// (docs/decisions/0054-trusted-proxies.md).
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "SkinLesion:ForwardedHeaders";

    /// <summary>The name under which the host reads its switch (ASPNETCORE_ prefix removed), as WebHost does.</summary>
    public const string HostSwitch = "FORWARDEDHEADERS_ENABLED";

    /// <summary>The switch as an operator sets it, for messages.</summary>
    public const string HostSwitchVariable = "ASPNETCORE_FORWARDEDHEADERS_ENABLED";

    /// <summary>
    /// IP addresses ("10.1.2.3", "fd00::5") and networks in CIDR notation ("10.42.0.0/16") of the proxies whose
    /// forwarded headers are honoured. Empty: every sender's, as the host's switch alone does.
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];
}
