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
                failures.Add($"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.TrustedProxies)}:{i} ('{entry}') is neither an IP address nor a network in CIDR notation with its host bits zero and a prefix above 0 (for example 10.42.0.7 or 10.42.0.0/16; every sender is believed with no list at all).");
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

    /// <summary>
    /// An address is a network of one, so the middleware needs one list only. A network of every address (prefix 0) is
    /// refused: it is the switch alone, written so that the start no longer warns.
    /// </summary>
    public static bool TryParse(string? entry, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        int slash = entry.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            if (!TryParseAddress(entry, out var address))
            {
                return false;
            }

            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        // IPNetwork reads "10.42.0.1/16" as 10.42.0.0/16; whether that meant the network or the one proxy is not for us to
        // guess, so the written address must be the network's own.
        return IPNetwork.TryParse(entry, out network)
            && network.PrefixLength > 0
            && TryParseAddress(entry[..slash], out var written)
            && written.Equals(network.BaseAddress);
    }

    // IPAddress also reads IPv4 shorthands and other radixes ("10", "10.42.0", "10.042.0.7" as 10.34.0.7): an IPv4
    // address is taken only in the dotted-decimal form it prints as. IPv6 text has no such ambiguity.
    private static bool TryParseAddress(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || string.Equals(address.ToString(), text, StringComparison.Ordinal));
}
