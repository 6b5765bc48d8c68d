using System.Diagnostics;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>`dotnet publish` of the service once for <see cref="PublishedServerTests"/> (minutes on 2 cores), removed afterwards.</summary>
public sealed class PublishFolder : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("skinlesion-publish-").FullName;

    public string Dll => Path.Combine(Directory, "SkinLesion.Web.dll");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(RepoLayout.Root, "src", "SkinLesion.Web", "SkinLesion.Web.csproj");
        var (exitCode, log) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", Directory, "--nologo"], RepoLayout.Root, PublishTimeout);
        Assert.True(exitCode == 0, $"dotnet publish failed ({exitCode}):\n{log}");
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
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
}
