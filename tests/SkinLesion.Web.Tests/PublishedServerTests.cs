using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>
/// What ships is the publish folder, so this proves it on its own: `dotnet publish`, then
/// `dotnet SkinLesion.Web.dll --urls ...` from an unrelated working directory, with no model
/// configuration, must find the bundled model and report ready.
/// </summary>
[Trait("Category", "Publish")]
public sealed class PublishedServerTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly string _publishDirectory = Directory.CreateTempSubdirectory("skinlesion-publish-").FullName;
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("skinlesion-cwd-").FullName;

    [Fact]
    public async Task PublishedApp_StartedFromPublishFolder_FindsItsModelAndIsReady()
    {
        // Arrange
        var project = Path.Combine(RepoLayout.Root, "src", "SkinLesion.Web", "SkinLesion.Web.csproj");
        var (exitCode, log) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", _publishDirectory, "--nologo"], RepoLayout.Root, PublishTimeout);
        Assert.True(exitCode == 0, $"dotnet publish failed ({exitCode}):\n{log}");
        Assert.True(File.Exists(Path.Combine(_publishDirectory, "models", "skin-lesion-mobilenetv2.onnx")), "the model is not in the publish folder");
        Assert.True(File.Exists(Path.Combine(_publishDirectory, "wwwroot", "css", "site.css")), "the top-level wwwroot/ is not in the publish folder");
        int port = FreePort();

        // Act
        using var server = Start(Path.Combine(_publishDirectory, "SkinLesion.Web.dll"), port, out var serverLog);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var status = await WaitForReadyAsync(client, server, serverLog);
            using var classification = await client.PostAsync(Http.ClassificationsPath, Http.Raw(TestImages.LesionPng(), "image/png"));
            using var page = await client.GetAsync("/");
            using var stylesheet = await client.GetAsync("/css/site.css");

            // Assert
            Assert.True(status == HttpStatusCode.OK, $"/health/ready answered {status}\n{serverLog}");
            Assert.Equal(HttpStatusCode.OK, classification.StatusCode);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Classify a dermoscopic image", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            output.WriteLine(serverLog.ToString());
        }
    }

    public void Dispose()
    {
        Directory.Delete(_publishDirectory, recursive: true);
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private Process Start(string dll, int port, out StringBuilder log)
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

    private static async Task<HttpStatusCode?> WaitForReadyAsync(HttpClient client, Process server, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, $"the published server exited with {(server.HasExited ? server.ExitCode : 0)}:\n{log}");
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

    private static async Task<(int ExitCode, string Log)> RunAsync(string fileName, string[] arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
