using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>A fact skipped, with the reason, when the shared ISIC 2017 test archive is not mounted beside the repository.</summary>
internal sealed class SharedIsicTestDataFactAttribute : FactAttribute
{
    public static string Folder => Path.GetFullPath(Path.Combine(RepoLayout.Root, "..", "shared", "data", "isic2017-test"));

    public SharedIsicTestDataFactAttribute()
    {
        if (!File.Exists(Path.Combine(Folder, "images.tar.gz")))
        {
            Skip = $"ISIC 2017 test data not available: {Folder} is absent (the shared data folder ../shared sits beside the repository in CI).";
        }
    }
}
