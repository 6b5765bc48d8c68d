using System.Diagnostics;
using System.Globalization;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>The Python reference (training/skinlesion) run as the training tests run it, for tests that compare pixels with it.</summary>
internal static class ReferencePython
{
    /// <summary>A file of Debian's python3-pil, which CI installs: tests that run the reference skip without it.</summary>
    public const string PillowPath = "/usr/lib/python3/dist-packages/PIL/JpegImagePlugin.py";

    /// <summary>
    /// The reference's 200x150 pixels (skinlesion.data.decode) of every NAME<paramref name="extension"/> in the folder,
    /// written beside it as NAME.rgb.
    /// </summary>
    public static Task DecodeEachAsync(string folder, string extension) => RunAsync($$"""
        import glob, os, sys
        sys.path.insert(0, os.path.join(sys.argv[1], "training"))
        from skinlesion.data import decode
        for path in sorted(glob.glob(os.path.join(sys.argv[2], "*{{extension}}"))):
            with open(path, "rb") as f:
                pixels = decode(f.read()).tobytes()
            with open(path[:-len("{{extension}}")] + ".rgb", "wb") as out:
                out.write(pixels)
        """, folder);

    /// <summary>The mean absolute difference of two equally long pixel buffers, in levels (0-255).</summary>
    public static double MeanAbsoluteDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return (double)sum / a.Length;
    }

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
