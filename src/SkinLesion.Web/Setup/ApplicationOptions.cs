namespace SkinLesion.Web.Setup;

/// <summary>
/// The options <see cref="WebApplication.CreateBuilder(WebApplicationOptions)"/> takes: the web root (<see cref="WebRoot"/>),
/// which cannot be changed once the builder exists, and settings read once (docs/decisions/0037-after-the-start.md).
/// </summary>
public static class ApplicationOptions
{
    /// <summary>
    /// The host's own switch for reloading appsettings*.json when they change. Settings are validated at startup only,
    /// and a change takes a restart, as a site profile does (docs/operations.md). Watching would also cover the whole
    /// content root, where the SQLite audit trail is written with the default data directory, so every append woke a
    /// file watcher thread. It goes ahead of the caller's arguments, so that an argument can still turn watching on.
    /// </summary>
    private const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";

    public static WebApplicationOptions For(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new() { Args = [NoConfigurationReload, .. args], WebRootPath = WebRoot.Path };
    }
}
