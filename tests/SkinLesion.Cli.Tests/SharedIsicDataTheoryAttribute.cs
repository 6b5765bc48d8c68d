using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>A theory skipped, with the reason, when any of the shared ISIC sets it reads is not mounted beside the repository.</summary>
internal sealed class SharedIsicDataTheoryAttribute : TheoryAttribute
{
    public SharedIsicDataTheoryAttribute(params string[] datasets)
    {
        var missing = datasets
            .Select(dataset => Path.GetFullPath(Path.Combine(RepoLayout.Root, "..", "shared", "data", dataset)))
            .FirstOrDefault(folder => !File.Exists(Path.Combine(folder, "images.tar.gz")));
        if (missing is not null)
        {
            Skip = $"ISIC data not available: {Path.Combine(missing, "images.tar.gz")} is absent (the shared data folder ../shared sits beside the repository in CI).";
        }
    }
}
