using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>The real application with authentication switched on: API keys by their hashes, and optionally the test identity provider.</summary>
internal static class AuthHosts
{
    public const string LabClient = "lab-system";
    public const string LabKey = "lab-6Jq2vX9pT4mW8rZ1";
    public const string PathologyClient = "pathology-system";
    public const string PathologyKey = "path-3Hs7kN5bY2cQ9dL0";

    private static readonly Lazy<byte[]> LesionBytes = new(() => SkinLesion.Tests.Assessment.AssessmentImages.DermoscopyLikePng(640, 480));

    /// <summary>A dermoscopy-like PNG the shipped model classifies (not refuses), made once for all the authentication tests.</summary>
    public static byte[] Lesion => LesionBytes.Value;

    /// <summary>POST /api/v1/classifications with the lesion as multipart, without a credential yet.</summary>
    public static HttpRequestMessage ClassifyRequest() =>
        new(HttpMethod.Post, Http.ClassificationsPath) { Content = Http.Multipart(Lesion, "lesion.png", "image/png") };

    /// <summary>The two API keys as an administrator configures them: names and SHA-256 hashes, never the keys.</summary>
    public static IEnumerable<(string Key, string Value)> ApiKeySettings()
    {
        yield return ("SkinLesion:Auth:ApiKeys:0:Name", LabClient);
        yield return ("SkinLesion:Auth:ApiKeys:0:Sha256", Sha256Hex(LabKey));
        yield return ("SkinLesion:Auth:ApiKeys:1:Name", PathologyClient);
        yield return ("SkinLesion:Auth:ApiKeys:1:Sha256", Sha256Hex(PathologyKey).ToUpperInvariant());
    }

    /// <summary>
    /// A host in the "Testing" environment with anonymous use off (ApiFactory allows it for the other tests) and the
    /// given settings; with a provider, its discovery document and token endpoint stand in for the network.
    /// </summary>
    public static WebApplicationFactory<Program> Create(IEnumerable<(string Key, string Value)> settings, TestIdentityProvider? provider = null, IdentityRecorder? recorder = null) =>
        new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SkinLesion:Auth:AllowAnonymous", "false");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                provider?.Trust(services);
                recorder?.Register(services);
            });
        });

    public static string Sha256Hex(string key) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))).ToLowerInvariant();
}
