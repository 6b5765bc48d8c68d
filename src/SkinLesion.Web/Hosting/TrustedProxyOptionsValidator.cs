using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// Every trusted proxy must parse as an address or a network, and a list only narrows the host's switch: set without
/// it, the headers would still be ignored, which an operator who wrote the list did not mean.
/// </summary>
internal sealed class TrustedProxyOptionsValidator(IConfiguration configuration) : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (int i = 0; i < options.TrustedProxies.Count; i++)
        {
            string entry = options.TrustedProxies[i];
            if (!TryParse(entry, out _))
            {
                failures.Add($"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.TrustedProxies)}:{i} ('{entry}') is neither an IP address nor a network in CIDR notation with its host bits zero (for example 10.42.0.7 or 10.42.0.0/16).");
            }
        }

        if (options.TrustedProxies.Count > 0 && !IsHostSwitchOn(configuration))
        {
            failures.Add($"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.TrustedProxies)} is set, but forwarded headers are off, so it would change nothing: set {TrustedProxyOptions.HostSwitchVariable}=true to take them from these proxies, or remove the list.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsHostSwitchOn(IConfiguration configuration) =>
        string.Equals(configuration[TrustedProxyOptions.HostSwitch], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>An address is a network of one, so the middleware needs one list only.</summary>
    public static bool TryParse(string entry, out IPNetwork network)
    {
        // IPAddress.TryParse also reads "10" and "10.1" as IPv4 shorthands; an operator means four parts.
        if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 || entry.Count(c => c == '.') == 3))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        // IPNetwork also takes "10.42.0.1/16", as 10.42.0.0/16; whether that meant the network or the one proxy is not for
        // us to guess.
        int slash = entry.IndexOf('/', StringComparison.Ordinal);
        network = default;
        return slash > 0
            && IPNetwork.TryParse(entry, out network)
            && IPAddress.TryParse(entry.AsSpan(0, slash), out var written)
            && written.Equals(network.BaseAddress);
    }
}
