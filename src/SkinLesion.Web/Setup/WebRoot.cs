namespace SkinLesion.Web.Setup;

/// <summary>
/// The static assets live in the repository's top-level wwwroot/ (docs/decisions/0007-clinician-page.md).
/// The build copies that folder next to the binaries, and the web root is taken from there, so
/// `dotnet run`, `dotnet publish` and the test hosts all serve the same files whatever the working directory.
/// </summary>
public static class WebRoot
{
    public const string FolderName = "wwwroot";

    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, FolderName);
}
