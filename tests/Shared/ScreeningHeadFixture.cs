using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Runtime.InteropServices;

namespace SkinLesion.Tests.Shared;

/// <summary>
/// tests/Shared/Fixtures/screening-head.json, written by <c>training/screening_head.py parity-fixture</c>: a screening
/// head for the shipped model as the JSON merge patch (RFC 7386) that turns the shipped out-of-distribution artifact
/// into schema 5, with raw graph outputs and the head scores numpy computed for them. A patch, not the artifact: the
/// artifact is 2.7 MB, the patch 0.1 MB, and the shipped artifact's sha256 it records says which artifact it patches.
/// </summary>
internal static class ScreeningHeadFixture
{
    private const string ModelName = "skin-lesion-mobilenetv2";

    private static readonly Lazy<JsonNode> LazyFixture = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoLayout.Root, "tests", "Shared", "Fixtures", "screening-head.json")))!);

    public const string Regenerate = "/usr/bin/python3 training/screening_head.py parity-fixture";

    /// <summary>The sha256 of the artifact the patch was made for.</summary>
    public static string ArtifactSha256 => LazyFixture.Value["artifactSha256"]!.GetValue<string>();

    /// <summary>The shipped artifact's sha256 now.</summary>
    public static string ShippedArtifactSha256 =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(RepoLayout.ModelsDirectory, ModelName + "-ood.json"))));

    /// <summary>The raw embedding and early statistics of each case, and numpy's head score.</summary>
    public static IReadOnlyList<(float[] Embedding, float[] EarlyStatistics, double HeadScore, bool Dermoscopic)> Cases =>
        [.. LazyFixture.Value["cases"]!.AsArray().Select(c => (
            Floats(c!["embedding"]!.GetValue<string>()),
            Floats(c["earlyStatistics"]!.GetValue<string>()),
            c["headScore"]!.GetValue<double>(),
            c["dermoscopic"]!.GetValue<bool>()))];

    /// <summary>
    /// Copies the shipped model into <paramref name="directory"/> with the artifact patched to schema 5 (then
    /// <paramref name="edit"/>ed), the manifest listing its sha256; returns the manifest's path.
    /// </summary>
    public static string WriteModel(string directory, Action<JsonNode>? edit = null)
    {
        foreach (var file in ShippedModel.Files.Where(file => file != ModelName + "-ood.json"))
        {
            File.Copy(Path.Combine(RepoLayout.ModelsDirectory, file), Path.Combine(directory, file), overwrite: true);
        }

        var artifact = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoLayout.ModelsDirectory, ModelName + "-ood.json")))!;
        artifact = MergePatch(artifact, LazyFixture.Value["patch"]!.DeepClone())!;
        edit?.Invoke(artifact);
        string artifactPath = Path.Combine(directory, ModelName + "-ood.json");
        File.WriteAllText(artifactPath, artifact.ToJsonString());
        string manifestPath = Path.Combine(directory, ModelName + ".json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["outOfDistribution"]!["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(artifactPath)));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return manifestPath;
    }

    /// <summary>RFC 7386, as training/skinlesion/screening_head.py's apply_merge_patch.</summary>
    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch;
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject.ToList())
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = MergePatch(result[key], value.DeepClone());
                result.Remove(key);
                result[key] = merged;
            }
        }

        return result;
    }

    private static float[] Floats(string base64) => MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(base64)).ToArray();
}
