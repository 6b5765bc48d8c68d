using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SkinLesion.Inference.Model;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Hosting;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests;

/// <summary>
/// What ships is the publish folder, so this proves it on its own: `dotnet publish`, then
/// `dotnet SkinLesion.Web.dll --urls ...` from an unrelated working directory, with no model
/// configuration, must find the bundled model and report ready. It runs as Production, where the
/// service refuses to start without an authentication method.
/// </summary>
[Trait("Category", "Publish")]
public sealed class PublishedServerTests(PublishFolder published, ITestOutputHelper output) : IClassFixture<PublishFolder>, IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("skinlesion-cwd-").FullName;

    [Fact]
    public async Task PublishedApp_StartedFromPublishFolder_FindsItsModelAndIsReady()
    {
        // Arrange
        Assert.True(File.Exists(Path.Combine(published.Directory, "models", "skin-lesion-mobilenetv2.onnx")), "the model is not in the publish folder");
        Assert.True(File.Exists(Path.Combine(published.Directory, "wwwroot", "css", "site.css")), "the top-level wwwroot/ is not in the publish folder");
        int port = FreePort();

        // Act: anonymous on purpose; what is checked here is the publish folder, not authentication. The host's locale is
        // German, whose numbers would read 400.000.000: the answers are written the same on every host.
        using var server = Start(published.Dll, port, out var serverLog, ("SkinLesion__Auth__AllowAnonymous", "true"), ("LANG", "de_DE.UTF-8"), ("LC_ALL", "de_DE.UTF-8"));
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var status = await WaitForReadyAsync(client, server, serverLog);
            using var classification = await client.PostAsync(Http.ClassificationsPath, Http.Raw(TestImages.LesionPng(), "image/png"));
            using var page = await client.GetAsync("/");
            using var stylesheet = await client.GetAsync("/css/site.css");
            using var tooLarge = await client.PostAsync(Http.ClassificationsPath, Http.Raw(TestImages.HugeBlackPng(20_000, 20_000), "image/png"));

            // Assert
            Assert.True(status == HttpStatusCode.OK, $"/health/ready answered {status}\n{Text(serverLog)}");
            Assert.Equal(HttpStatusCode.OK, classification.StatusCode);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Classify a dermoscopic image", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
            await Http.AssertProblemAsync(tooLarge, HttpStatusCode.UnprocessableEntity, ProblemTypes.TooManyPixels, "20000x20000 = 400,000,000 pixels");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            output.WriteLine(Text(serverLog));
        }
    }

    [Fact]
    public async Task PublishedApp_ProductionWithoutAuthentication_ExitsAtStartupNamingTheSettings()
    {
        // Arrange: nothing about authentication in the environment.
        int port = FreePort();

        // Act
        using var server = Start(published.Dll, port, out var serverLog);
        await WaitForExitAsync(server);
        string log = Text(serverLog);

        output.WriteLine(log);

        // Assert: exit code 1 and a line on why, not the runtime's abort (exit 134).
        Assert.Equal(ProcessFailure.ExitCode, server.ExitCode);
        Assert.Contains(ProcessFailure.Prefix + "No authentication is configured, and the environment is 'Production'", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        foreach (var setting in new[] { "SkinLesion:Auth:ApiKeys:0:Sha256", "SkinLesion:Auth:Bearer:Authority", "SkinLesion:Auth:OpenIdConnect:Authority", "SkinLesion:Auth:AllowAnonymous=true", "SkinLesion__Auth__ApiKeys__0__Sha256" })
        {
            Assert.Contains(setting, log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PublishedApp_ConfigurationFileThatDoesNotParse_ExitsWithCodeOneNamingTheFileAndWhere()
    {
        // Arrange: a settings file in the content root (the working directory, as for any `dotnet app.dll`) that only its
        // own environment reads.
        const string environmentName = "BrokenSettings";
        string settings = Path.Combine(_workingDirectory, $"appsettings.{environmentName}.json");
        await File.WriteAllTextAsync(settings, "{ \"SkinLesion\": { \"Auth\": { AllowAnonymous: true } } }");
        int port = FreePort();

        // Act
        string log;
        int exitCode;
        try
        {
            using var server = Start(published.Dll, port, out var serverLog, ("ASPNETCORE_ENVIRONMENT", environmentName));
            await WaitForExitAsync(server);
            log = Text(serverLog);
            exitCode = server.ExitCode;
        }
        finally
        {
            File.Delete(settings);
        }

        output.WriteLine(log);

        // Assert: the line names the file and where the parser stopped; the stack trace follows.
        Assert.Equal(ProcessFailure.ExitCode, exitCode);
        Assert.Contains($"{ProcessFailure.Prefix}Failed to load configuration from file '{settings}': Could not parse the JSON file: ", log, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 0", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
    }

    // What ONNX Runtime (1.31, Linux) reads to decide that it runs under CI, where it keeps its telemetry off by itself; a
    // test runner under CI would otherwise pass whatever the app does.
    private static readonly string[] CiVariables =
    [
        "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL", "CODEBUILD_BUILD_ID", "BUILDKITE",
        "TEAMCITY_VERSION", "APPVEYOR", "BITBUCKET_BUILD_NUMBER", "ORT_RUNNING_UNIT_TESTS",
    ];

    private static readonly string[] ProxyVariables = ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"];
    private static readonly string[] NoProxyVariables = ["no_proxy", "NO_PROXY"];
    private const string DeadProxy = "http://127.0.0.1:9"; // the discard port: nothing listens, every connection is refused

    [LinuxTheory("ONNX Runtime's Linux build is the one that keeps a 1DS telemetry store")]
    [InlineData(null, null, false)]
    [InlineData(null, "1", false)] // the later versions' name alone: copied to the name 1.31 reads
    [InlineData("0", null, true)] // the operator turns it on: proves this test sees the store where there is one
    public async Task PublishedApp_OnnxRuntimeTelemetry_IsOffUnlessTheOperatorTurnsItOn(string? disable, string? newerDisable, bool expectStore)
    {
        // Arrange: a home of its own, outside CI as far as ONNX Runtime can tell, with or without the operator's setting.
        string home = Directory.CreateTempSubdirectory("skinlesion-home-").FullName;
        int port = FreePort();
        var environment = new List<(string, string?)>
        {
            ("HOME", home), ("XDG_CACHE_HOME", null), ("SkinLesion__Auth__AllowAnonymous", "true"),
            (OnnxRuntimeTelemetry.Variable, disable), (OnnxRuntimeTelemetry.NewerVariable, newerDisable),
        };
        environment.AddRange(CiVariables.Select(name => (name, (string?)null)));
        if (expectStore)
        {
            // Telemetry is really on in this case: a proxy that refuses every connection keeps it from uploading.
            environment.AddRange(ProxyVariables.Select(name => (name, (string?)DeadProxy)));
            environment.AddRange(NoProxyVariables.Select(name => (name, (string?)null)));
        }

        // Act: ready, then one classification, so ONNX Runtime has created its environment and run both graphs.
        using var server = Start(published.Dll, port, out var serverLog, [.. environment]);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var status = await WaitForReadyAsync(client, server, serverLog);
            Assert.True(status == HttpStatusCode.OK, $"/health/ready answered {status}\n{Text(serverLog)}");
            using var classification = await client.PostAsync(Http.ClassificationsPath, Http.Raw(TestImages.LesionPng(), "image/png"));
            Assert.Equal(HttpStatusCode.OK, classification.StatusCode);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            output.WriteLine(Text(serverLog));
        }

        // Assert: ONNX Runtime's device identifier and event store exist only where the operator asked for telemetry.
        string store = Path.Combine(home, ".cache", "Microsoft", "DeveloperTools", ".onnxruntime");
        var written = Directory.EnumerateFileSystemEntries(home, "*", SearchOption.AllDirectories).ToList();
        Directory.Delete(home, recursive: true);
        bool storeWritten = written.Any(path => path.StartsWith(store, StringComparison.Ordinal));
        Assert.True(storeWritten == expectStore,
            $"{OnnxRuntimeTelemetry.Variable}={disable ?? "(unset)"}, {OnnxRuntimeTelemetry.NewerVariable}={newerDisable ?? "(unset)"}: "
            + $"expected the telemetry store {(expectStore ? "" : "not ")}to be written; the home holds: {string.Join(", ", written)}");
    }

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    private Process Start(string dll, int port, out StringBuilder log, params (string Name, string? Value)[] environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");

        // The point is the default: no model path from the environment.
        info.Environment.Remove("SkinLesion__Model__Path");
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_HTTP_PORTS");

        // Production, as a deployment runs it, whatever the test runner's environment says.
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("SkinLesion__Auth__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var buffer = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (buffer) { buffer.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (buffer) { buffer.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = buffer;
        return process;
    }

    /// <summary>Waits for a server that should stop by itself; one that keeps running is killed, and the exit code assertion reports it.</summary>
    private static async Task WaitForExitAsync(Process server)
    {
        using var cancellation = new CancellationTokenSource(ExitTimeout);
        try
        {
            await server.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    /// <summary>The server's output so far, read under the lock its output handlers append under: a StringBuilder read while another thread appends can throw.</summary>
    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static async Task<HttpStatusCode?> WaitForReadyAsync(HttpClient client, Process server, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, $"the published server exited with {(server.HasExited ? server.ExitCode : 0)}:\n{Text(log)}");
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return response.StatusCode;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
