using System.Globalization;

namespace SkinLesion.Soak;

/// <summary>What /proc says about the server process at one moment (Linux only).</summary>
internal sealed record ProcessSample(DateTimeOffset At, long RssBytes, long PeakRssBytes, int Threads, int Handles)
{
    public static ProcessSample Read(int pid)
    {
        long rss = 0, peak = 0;
        int threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        int handles = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        return new ProcessSample(DateTimeOffset.UtcNow, rss, peak, threads, handles);
    }

    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
