using System.Text.Json.Nodes;

namespace SkinLesion.Tests.Shared;

/// <summary>
/// The shipped model's files (<see cref="ShippedModel.Files"/>) copied into a temporary folder, for a test that edits or
/// breaks one of them; the folder is deleted on dispose.
/// </summary>
internal sealed class ModelCopy : IDisposable
{
    public ModelCopy(string prefix)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        foreach (var file in ShippedModel.Files)
        {
            File.Copy(Path.Combine(RepoLayout.ModelsDirectory, file), PathOf(file));
        }
    }

    public string Directory { get; }

    public string ManifestPath => PathOf(Path.GetFileName(RepoLayout.ManifestPath));

    /// <summary>The classifier's graph, as the manifest names it.</summary>
    public string ModelPath => PathOf(ShippedModel.Manifest.GetProperty("file").GetString()!);

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Rewrites the copied manifest after <paramref name="edit"/> has changed it.</summary>
    public void EditManifest(Action<JsonNode> edit)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(ManifestPath))!;
        edit(manifest);
        File.WriteAllText(ManifestPath, manifest.ToJsonString());
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
