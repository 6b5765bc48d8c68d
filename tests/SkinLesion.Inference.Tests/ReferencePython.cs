using System.Diagnostics;
using System.Globalization;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>The Python reference (training/skinlesion) run as the training tests run it, for tests that compare pixels with it.</summary>
internal static class ReferencePython
{
    /// <summary>A file of Debian's python3-pil, which CI installs: tests that run the reference skip without it.</summary>
    public const string PillowPath = "/usr/lib/python3/dist-packages/PIL/JpegImagePlugin.py";

    /// <summary>Runs a Python script with /usr/bin/python3 (the training tests' interpreter): argv[1] is the repository, argv[2] the argument.</summary>
    public static async Task RunAsync(string script, string argument)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var item in new[] { "-c", script, RepoLayout.Root, argument })
        {
            start.ArgumentList.Add(item);
        }

        using var python = Process.Start(start) ?? throw new InvalidOperationException("/usr/bin/python3 did not start");
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        string printed = await output + await error;
        Assert.True(python.ExitCode == 0, string.Create(CultureInfo.InvariantCulture, $"python exited {python.ExitCode}: {printed}"));
    }
}
