using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>A theory skipped, with the reason, when the shared ISIC archives are not mounted beside the repository.</summary>
internal sealed class SharedIsicDataTheoryAttribute : TheoryAttribute
{
    public SharedIsicDataTheoryAttribute()
    {
        var folder = Path.GetFullPath(Path.Combine(RepoLayout.Root, "..", "shared", "data", "isic2017-validation"));
        if (!File.Exists(Path.Combine(folder, "images.tar.gz")))
        {
            Skip = $"ISIC data not available: {folder} is absent (the shared data folder ../shared sits beside the repository in CI).";
        }
    }
}
