using System.Globalization;

namespace SkinLesion.Soak;

internal sealed record SoakOptions(Uri Url, int Pid, double Minutes, int Clients, int Burst, int BurstEverySeconds, string? ReportPath, int Seed, string? ApiKey)
{
    /// <summary>The API key for a server that requires one; read from the environment so it stays out of the process list.</summary>
    public const string ApiKeyVariable = "SKINLESION_API_KEY";

    public static SoakOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var pid = Value("--pid") ?? throw new ArgumentException("--pid <server process id> is required: the tool reads the server's memory, threads and handles from /proc/<pid>.");
        return new SoakOptions(
            new Uri(Value("--url") ?? "http://127.0.0.1:5099"),
            int.Parse(pid, CultureInfo.InvariantCulture),
            Value("--minutes") is { } minutes ? double.Parse(minutes, CultureInfo.InvariantCulture) : 20,
            Int("--clients", 4),
            Int("--burst", 64),
            Int("--burst-every-seconds", 120),
            Value("--report"),
            Int("--seed", 17),
            Environment.GetEnvironmentVariable(ApiKeyVariable));
    }
}
