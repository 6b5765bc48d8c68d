using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SkinLesion.Web.Tests;

/// <summary>
/// Settings are read once, at startup, where they are validated; nothing watches the content root, under which the
/// SQLite audit trail is written (docs/decisions/0037-after-the-start.md).
/// </summary>
public sealed class ConfigurationReloadTests
{
    [Fact]
    public void AppSettingsFiles_AreReadOnceAndNotWatchedForChanges()
    {
        using var factory = new ApiFactory();

        var configuration = (IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().Select(provider => provider.Source).ToList();

        Assert.Contains(files, source => source.Path == "appsettings.json");
        Assert.All(files, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched for changes"));
    }
}
