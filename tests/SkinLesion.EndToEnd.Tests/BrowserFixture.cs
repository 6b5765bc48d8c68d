using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SkinLesion.Tests.Shared.Audit;

namespace SkinLesion.EndToEnd.Tests;

/// <summary>
/// The real application on real Kestrel at a loopback port, and Debian's chromium driven by
/// Playwright. The browser is the system one, launched by path: Playwright's own browser download is
/// never used. Without chromium every test fails with the reason, so CI cannot pass by skipping them.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Overrides the chromium executable, for machines that install it elsewhere.</summary>
    public const string ChromiumVariable = "SKINLESION_CHROMIUM";

    public const string DefaultChromiumPath = "/usr/bin/chromium";

    private readonly KestrelApp _app = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public static string ChromiumPath => Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : DefaultChromiumPath;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need chromium at {ChromiumPath} (Debian: apt-get install chromium; or set {ChromiumVariable} to its path). .ci/run installs it.");
        }

        _app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,

            // Containers and CI runners have no user namespaces for chromium's sandbox; the pages are
            // our own, served from loopback. Nothing may phone home from a test machine.
            Args =
            [
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-domain-reliability",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
            ],
        });
    }

    /// <summary>A fresh context (cookies, cache) per test, so tests cannot see each other's state.</summary>
    public async Task<IPage> NewPageAsync(int width, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 800 },
            JavaScriptEnabled = javaScript,
        });
        return await context.NewPageAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await _app.DisposeAsync();
        AuditDataDirectory.Remove(KestrelApp.DataDirectory);
    }

    private sealed class KestrelApp : WebApplicationFactory<Program>
    {
        /// <summary>The audit trail's SQLite folder: a temporary one, so the tests write nothing into the repository.</summary>
        public static string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"skinlesion-browser-audit-{Guid.NewGuid():N}");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");

            // Outside Development the service needs an authentication method or anonymous use chosen on purpose;
            // the browser tests are about the page, so anonymous (the page shows its "authentication is off" notice).
            builder.UseSetting("SkinLesion:Auth:AllowAnonymous", "true");
            builder.UseSetting("SkinLesion:Audit:DataDirectory", DataDirectory);
            // appsettings.json asks for Information; the test output only needs warnings and errors.
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser against Kestrel";
}
