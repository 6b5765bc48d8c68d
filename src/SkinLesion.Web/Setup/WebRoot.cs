namespace SkinLesion.Web.Setup;

/// <summary>
/// The static assets live in the repository's top-level wwwroot/ (docs/decisions/0007-clinician-page.md).
/// The build copies that folder next to the binaries, and the web root is taken from there, so
/// `dotnet run`, `dotnet publish` and the test hosts all serve the same files whatever the working directory.
/// </summary>
public static class WebRoot
{
    public const string FolderName = "wwwroot";

    /// <summary>
    /// The host's own switch for reloading appsettings*.json when they change, given ahead of the caller's arguments so
    /// that an argument can still turn it back on.
    /// </summary>
    public const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";

    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, FolderName);

    /// <summary>
    /// Host options with the web root set (it cannot be changed once the builder exists) and configuration read once.
    /// Settings are validated at startup and a change takes a restart, as the site profile does (docs/operations.md);
    /// reloading would also watch the whole content root, where the SQLite audit trail lives, so every append woke a
    /// file watcher thread (docs/decisions/0037-after-the-start.md).
    /// </summary>
    public static WebApplicationOptions Options(string[] args) => new() { Args = [NoConfigurationReload, .. args], WebRootPath = Path };
}
