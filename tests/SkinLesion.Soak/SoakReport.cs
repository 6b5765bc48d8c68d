using System.Globalization;
using System.Text;

namespace SkinLesion.Soak;

/// <summary>
/// The per-minute table and the verdict against issue 17's limits: memory flat after warm-up (mean RSS of the
/// last 5 minutes within 10% of minutes 3-5), no 5xx, no growth in handles or threads (mean of the last 5
/// minutes at most 10% above minutes 3-5, plus 2 for the small counts).
/// </summary>
internal static class SoakReport
{
    public static (string Markdown, bool Passed) Render(SoakOptions options, string payloads, IReadOnlyList<MinuteFigures> minutes)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"Run: {options.Minutes} min against {options.Url} (server pid {options.Pid}); {options.Clients} steady clients (45% small valid images, 5% small with ?explain=true, 10% medium and 4032x3024, 3% 6000x4500, 37% hostile files; half multipart, half raw body); bursts of {options.Burst} concurrent 6000x4500 JPEGs every {options.BurstEverySeconds} s after the first minute; /health/live and /health/ready every 2 s.");
        text.AppendLine();
        text.AppendLine(payloads + ".");
        text.AppendLine();
        text.AppendLine("Server figures are from /proc/<pid> (status: VmRSS, VmHWM, Threads; fd: open handles), sampled every 5 s; per minute the mean (and the maximum RSS). The server exposes no GC heap figure, so none is reported.");
        text.AppendLine();
        text.AppendLine("| min | responses | 200 | 4xx | 503 busy | other 5xx | failed | p50 200 ms | p99 200 ms | health max ms | RSS mean MB | RSS max MB | peak RSS MB | threads | fds |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var minute in minutes)
        {
            var uploads = minute.Outcomes.Where(o => !o.Kind.StartsWith("health", StringComparison.Ordinal)).ToList();
            var ok = uploads.Where(o => o.Status == 200).Select(o => o.Ms).Order().ToList();
            var health = minute.Outcomes.Where(o => o.Kind.StartsWith("health", StringComparison.Ordinal)).ToList();
            var s = minute.Samples;
            Line($"| {minute.Minute} | {uploads.Count} | {ok.Count} | {uploads.Count(o => o.Status is >= 400 and < 500)} | {minute.Outcomes.Count(o => o.Status == 503)} | {minute.Outcomes.Count(IsServerError)} | {minute.Outcomes.Count(o => o.Status == 0)} | {Percentile(ok, 0.5):F0} | {Percentile(ok, 0.99):F0} | {(health.Count > 0 ? health.Max(h => h.Ms) : 0):F0} | {Mean(s, x => x.RssBytes) / 1048576:F0} | {(s.Count > 0 ? s.Max(x => x.RssBytes) : 0) / 1048576.0:F0} | {(s.Count > 0 ? s.Max(x => x.PeakRssBytes) : 0) / 1048576.0:F0} | {Mean(s, x => x.Threads):F1} | {Mean(s, x => x.Handles):F1} |");
        }

        var all = minutes.SelectMany(m => m.Outcomes).ToList();
        text.AppendLine();
        text.AppendLine("Statuses over the whole run: " + string.Join(", ", all.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no response" : g.Key.ToString(CultureInfo.InvariantCulture))}: {g.Count():N0}")) + ".");
        text.AppendLine();
        text.AppendLine("By kind: " + string.Join("; ", all.GroupBy(o => o.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            $"{g.Key} {g.Count():N0} ({string.Join(", ", g.GroupBy(o => o.Status).OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Count()}"))}; p50 {Percentile(g.Select(o => o.Ms).Order().ToList(), 0.5):F0} ms)")) + ".");
        text.AppendLine();

        bool passed = true;
        if (minutes.Count < 10)
        {
            text.AppendLine("Verdict: not judged (the limits compare minutes 3-5 with the last 5 minutes; run at least 10 minutes).");
            return (text.ToString(), false);
        }

        var warm = minutes.Skip(2).Take(3).SelectMany(m => m.Samples).ToList();
        var last = minutes.Skip(minutes.Count - 5).SelectMany(m => m.Samples).ToList();
        double warmRss = Mean(warm, s => s.RssBytes), lastRss = Mean(last, s => s.RssBytes);
        double rssChange = (lastRss - warmRss) / warmRss;
        bool memoryFlat = Math.Abs(rssChange) <= 0.10;
        int errors = all.Count(IsServerError);
        double warmThreads = Mean(warm, s => s.Threads), lastThreads = Mean(last, s => s.Threads);
        double warmHandles = Mean(warm, s => s.Handles), lastHandles = Mean(last, s => s.Handles);
        bool threadsFlat = lastThreads <= (warmThreads * 1.10) + 2;
        bool handlesFlat = lastHandles <= (warmHandles * 1.10) + 2;
        passed = memoryFlat && errors == 0 && threadsFlat && handlesFlat;

        text.AppendLine("| limit (issue 17) | measured | verdict |");
        text.AppendLine("| --- | --- | --- |");
        Line($"| memory flat after warm-up: mean RSS of the last 5 minutes within 10% of minutes 3-5 | {warmRss / 1048576:F0} MB -> {lastRss / 1048576:F0} MB ({rssChange:+0.0%;-0.0%}) | {(memoryFlat ? "pass" : "FAIL")} |");
        Line($"| no 5xx (other than 503 load shedding, which the issue's flood bar allows) | {errors} | {(errors == 0 ? "pass" : "FAIL")} |");
        Line($"| no growth in threads (last 5 min mean <= minutes 3-5 mean x 1.1 + 2) | {warmThreads:F1} -> {lastThreads:F1} | {(threadsFlat ? "pass" : "FAIL")} |");
        Line($"| no growth in handles (same rule) | {warmHandles:F1} -> {lastHandles:F1} | {(handlesFlat ? "pass" : "FAIL")} |");
        text.AppendLine();
        text.AppendLine(passed ? "Verdict: PASS." : "Verdict: FAIL.");
        return (text.ToString(), passed);
    }

    private static double Mean(IReadOnlyCollection<ProcessSample> samples, Func<ProcessSample, double> value) =>
        samples.Count == 0 ? 0 : samples.Average(value);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    // 503 is the documented load shedding (problem type service-busy, with Retry-After) that bursts above capacity are
    // meant to get; every other 5xx is a server error.
    private static bool IsServerError(Outcome o) => o.Status >= 500 && o.Status != 503;
}
