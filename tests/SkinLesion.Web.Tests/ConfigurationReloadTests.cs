using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkinLesion.Web.Setup;

namespace SkinLesion.Web.Tests;

/// <summary>
/// Settings are read once, at startup, where they are validated; nothing watches the content root, under which the
/// SQLite audit trail is written with the default data directory (docs/decisions/0037-after-the-start.md).
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class ConfigurationReloadTests(ApiFactory factory)
{
    private const string ReloadKey = "hostBuilder:reloadConfigOnChange";

    [Fact]
    public void AppSettingsFiles_AreReadOnceAndNotWatchedForChanges()
    {
        var configuration = (IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().Select(provider => provider.Source).ToList();

        Assert.Contains(files, source => source.Path == "appsettings.json");
        Assert.All(files, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched for changes"));
    }

    [Fact]
    public void CallersArgument_CanTurnWatchingBackOn()
    {
        var options = ApplicationOptions.For([$"--{ReloadKey}=true", "--urls=http://127.0.0.1:5000"]);

        var arguments = new ConfigurationBuilder().AddCommandLine(options.Args!).Build();

        Assert.Equal("true", arguments[ReloadKey]);
        Assert.Equal("http://127.0.0.1:5000", arguments["urls"]);
        Assert.Equal(WebRoot.Path, options.WebRootPath);
    }

    [Fact]
    public void WithoutCallersArgument_WatchingIsOff()
    {
        var arguments = new ConfigurationBuilder().AddCommandLine(ApplicationOptions.For([]).Args!).Build();

        Assert.Equal("false", arguments[ReloadKey]);
    }
}
