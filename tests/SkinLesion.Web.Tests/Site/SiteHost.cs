using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using SkinLesion.Inference.Site;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests.Site;

/// <summary>
/// The real application with the shipped model and a site profile for it (threshold 0.5; its sensitivity interval reaches
/// 0.74, below the guard rail's 0.80), keeping the warnings it logs.
/// </summary>
public sealed class SiteHost : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skinlesion-site-").FullName;

    public SiteHost()
    {
        Profile = SiteProfiles.Make(threshold: 0.5, sensitivityLower: 0.74, malignant: 58);
        ProfilePath = SiteProfiles.Write(Profile, _directory);
        Factory = Start(ProfilePath, Warnings);
    }

    public SiteProfile Profile { get; }

    public string ProfilePath { get; }

    public WebApplicationFactory<Program> Factory { get; }

    /// <summary>Every warning the host logged, formatted.</summary>
    public ConcurrentQueue<string> Warnings { get; } = new();

    /// <summary>A host with the profile at <paramref name="profilePath"/>, its warnings kept in <paramref name="warnings"/>.</summary>
    public static WebApplicationFactory<Program> Start(string profilePath, ConcurrentQueue<string> warnings) =>
        new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SkinLesion:Site:ProfilePath", profilePath);
            builder.ConfigureLogging(logging => logging.AddProvider(new WarningRecorder(warnings)));
        });

    /// <summary>Starts a host that must fail on its site profile, and returns the error that stopped it.</summary>
    public static SiteProfileException StartupFailure(WebApplicationFactory<Program> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using (factory)
        {
            var error = Http.StartupError(factory);
            return StartupFailureTests.Find<SiteProfileException>(error) ?? throw new Xunit.Sdk.XunitException($"expected a SiteProfileException, got: {error}");
        }
    }

    public void Dispose()
    {
        Factory.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
