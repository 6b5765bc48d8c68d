namespace SkinLesion.Tests.Shared;

/// <summary>Locates the repository (the folder holding SkinLesion.sln) and the read-only data beside it.</summary>
internal static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    public static string ModelsDirectory => Path.Combine(Root, "models");

    public static string ManifestPath => Path.Combine(ModelsDirectory, "skin-lesion-mobilenetv2.json");

    public static string ReferencePredictionsPath => Path.Combine(ModelsDirectory, "reference-predictions.json");

    public static string SplitsPath => Path.Combine(Root, "training", "splits", "ham10000.csv");

    /// <summary>../shared/data/ham10000 relative to the repository root.</summary>
    public static string Ham10000Directory => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "ham10000"));

    public static string ImagesArchivePath => Path.Combine(Ham10000Directory, "images.tar.gz");

    public static bool HasSharedImages => File.Exists(ImagesArchivePath);

    public static string SharedImagesMissingReason => $"HAM10000 images not available: {ImagesArchivePath} is absent (the shared data folder ../shared sits beside the repository in CI).";

    public static string MasksArchivePath => Path.Combine(Ham10000Directory, "masks.tar.gz");

    public static string SharedMasksMissingReason => $"HAM10000 lesion masks not available: {MasksArchivePath} is absent (the shared data folder ../shared sits beside the repository in CI).";

    /// <summary>A writable folder for test artefacts, git-ignored.</summary>
    public static string TestResultsDirectory
    {
        get
        {
            var path = Path.Combine(Root, "TestResults");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SkinLesion.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SkinLesion.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
