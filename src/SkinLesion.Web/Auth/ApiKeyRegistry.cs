using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SkinLesion.Web.Auth;

/// <summary>The configured API keys' hashes, decoded once, and the constant-time lookup of a presented key.</summary>
internal sealed class ApiKeyRegistry(IOptions<AuthOptions> options)
{
    private readonly (string Name, byte[] Hash)[] _clients =
        [.. options.Value.ApiKeys.Select(client => (client.Name, Convert.FromHexString(client.Sha256)))];

    /// <summary>
    /// The name of the client whose key this is, or null. The presented key is hashed and compared with every
    /// configured hash in fixed time, without stopping at a match, so the answer time says nothing about the keys.
    /// </summary>
    public string? FindClient(string presentedKey)
    {
        ArgumentNullException.ThrowIfNull(presentedKey);
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), presented);
        string? found = null;
        foreach (var (name, hash) in _clients)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                found = name;
            }
        }

        return found;
    }
}
