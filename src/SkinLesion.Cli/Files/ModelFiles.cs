using SkinLesion.Cli.Commands;
using SkinLesion.Inference.Model;

namespace SkinLesion.Cli.Files;

/// <summary>
/// Keeps a command's outputs off the files of a model it loads. A site profile written as --out over the served
/// manifest, or embeddings over the screening artifact, left a service that no longer started: the options themselves
/// name nothing of the model, so the check needs the manifest's own list of files.
/// </summary>
internal static class ModelFiles
{
    /// <exception cref="UsageException">An output is one of the model's files, however either is named (links resolved).</exception>
    public static void RequireApart(IEnumerable<(string Option, string Path)> outputs, string manifestPath, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(manifest);
        var files = manifest.Files(manifestPath).Select(file => (file.Role, file.Path, Real: RealPath.Of(file.Path))).ToList();
        foreach (var (option, path) in outputs)
        {
            string real = RealPath.Of(path);
            if (files.FirstOrDefault(file => file.Real == real) is { Role: not null } clash)
            {
                throw new UsageException($"{option} would write '{path}', which is the {clash.Role} of model {manifest.Name} {manifest.Version} ('{clash.Path}'); the service could no longer load it. Name another file.");
            }
        }
    }
}
