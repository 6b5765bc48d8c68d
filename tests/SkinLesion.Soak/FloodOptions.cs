using System.Globalization;

namespace SkinLesion.Soak;

/// <summary>The flood's settings: issue 17's acceptance scenario is 128 connections of 6000x4500 JPEGs for 30 s.</summary>
/// <param name="ExpectContinue">
/// Whether uploads ask "Expect: 100-continue" first, as curl does for bodies over 1 MB: a refusal then arrives before
/// the body is sent. Off (--no-expect-continue), every refused upload is pushed at the server anyway.
/// </param>
internal sealed record FloodOptions(Uri Url, int Pid, int Connections, int Seconds, int Width, int Height, string? ReportPath, bool ExpectContinue)
{
    public static FloodOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var pid = Value("--pid") ?? throw new ArgumentException("--pid <server process id> is required: the flood reads the server's peak memory from /proc/<pid>.");
        return new FloodOptions(
            new Uri(Value("--url") ?? "http://127.0.0.1:5099"),
            int.Parse(pid, CultureInfo.InvariantCulture),
            Int("--connections", 128),
            Int("--seconds", 30),
            Int("--width", 6000),
            Int("--height", 4500),
            Value("--report"),
            !args.Contains("--no-expect-continue"));
    }
}
