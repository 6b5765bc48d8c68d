using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Soak;

/// <summary>
/// Issue 17's flood: N connections post one large JPEG, each again as soon as it has an answer (no client backs off,
/// the worst case for the server), while /health/ready is probed twice a second; then one normal image. One process
/// with asynchronous connections, so the load generator costs the shared cores far less than N curl loops.
/// </summary>
internal sealed class FloodRun(FloodOptions options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 4096 })
    {
        BaseAddress = options.Url,
        Timeout = TimeSpan.FromSeconds(120),
    };

    private readonly List<(int Status, double Ms, bool RetryAfter, string? ProblemType)> _answers = [];
    private readonly List<(int Status, double Ms)> _probes = [];

    public async Task<(string Markdown, bool Passed)> RunAsync()
    {
        _http.DefaultRequestHeaders.ExpectContinue = options.ExpectContinue;
        if (Environment.GetEnvironmentVariable(SoakOptions.ApiKeyVariable) is { Length: > 0 } key)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        using var image = TestImages.Lesion(options.Width, options.Height, seed: 4);
        var large = TestImages.Jpeg(image, 85);
        using var normalImage = TestImages.Lesion(200, 150, seed: 1);
        var normal = TestImages.Jpeg(normalImage, 90);
        Console.WriteLine($"flood: {options.Connections} connections x {options.Width}x{options.Height} JPEG ({large.Length / 1024} KB) for {options.Seconds} s against {options.Url}");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
        var clients = Enumerable.Range(0, options.Connections).Select(_ => Task.Run(() => ClientAsync(large, stop.Token))).ToList();
        var probes = Task.Run(() => ProbeAsync(stop.Token));
        await Task.WhenAll([.. clients, probes]);
        var afterwards = await PostAsync(normal, CancellationToken.None);
        long peak = ProcessSample.Read(options.Pid).PeakRssBytes;
        return Render(large.Length, afterwards.Status, peak);
    }

    public void Dispose() => _http.Dispose();

    // The deadline stops new requests; one in flight is answered, as a real client's would be, so the server's line
    // has drained when the normal image is sent afterwards.
    private async Task ClientAsync(byte[] jpeg, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var answer = await PostAsync(jpeg, CancellationToken.None);
            lock (_answers)
            {
                _answers.Add(answer);
            }
        }
    }

    private async Task<(int Status, double Ms, bool RetryAfter, string? ProblemType)> PostAsync(byte[] jpeg, CancellationToken stop)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            var file = new ByteArrayContent(jpeg);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            using var content = new MultipartFormDataContent { { file, "image", "upload.jpg" } };
            using var response = await _http.PostAsync("api/v1/classifications", content, stop);
            string body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            string? type = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("type").GetString()
                : null;
            return ((int)response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds, response.Headers.RetryAfter is not null, type);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (0, Stopwatch.GetElapsedTime(start).TotalMilliseconds, false, ex.GetType().Name);
        }
    }

    private async Task ProbeAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            long start = Stopwatch.GetTimestamp();
            int status;
            try
            {
                using var response = await _http.GetAsync("health/ready", CancellationToken.None);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }

            _probes.Add((status, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private (string Markdown, bool Passed) Render(int jpegBytes, int afterwards, long peakRss)
    {
        var ok = _answers.Where(a => a.Status == 200).Select(a => a.Ms).Order().ToArray();
        var refused = _answers.Where(a => a.Status is 503 or 429).ToList();
        var other = _answers.Where(a => a.Status is not (200 or 503 or 429)).ToList();
        bool refusalsWellFormed = refused.All(a => a.RetryAfter && a.ProblemType is not null);
        double p99 = Percentile(ok, 0.99);
        double slowestProbe = _probes.Count == 0 ? double.NaN : _probes.Max(p => p.Ms);
        bool probesOk = _probes.Count > 0 && _probes.All(p => p.Status == 200);
        var checks = new (string Figure, string Measured, string Bar, bool Met)[]
        {
            ("statuses", string.Join(", ", _answers.GroupBy(a => (a.Status, a.ProblemType)).OrderBy(g => g.Key.Status).Select(g => $"{g.Count():N0} x {g.Key.Status}{(g.Key.ProblemType is { } t ? $" ({t[(t.LastIndexOf('/') + 1)..]})" : "")}")),
                "200, or 503/429 problem details with Retry-After", other.Count == 0 && refusalsWellFormed),
            ("p50 / p99 of the 200s", ok.Length == 0 ? "no 200s" : $"{Percentile(ok, 0.5) / 1000:F2} s / {p99 / 1000:F2} s", "p99 ≤ 3 s", ok.Length > 0 && p99 <= 3000),
            ("/health/ready, slowest of " + _probes.Count, $"{slowestProbe / 1000:F2} s, {(probesOk ? "all 200" : "not all 200")}", "≤ 1 s", probesOk && slowestProbe <= 1000),
            ("peak RSS (VmHWM)", $"{peakRss / 1048576} MB", "≤ 800 MB", peakRss <= 800L * 1048576),
            ("a normal image afterwards", afterwards.ToString(CultureInfo.InvariantCulture), "200", afterwards == 200),
        };
        var markdown = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{options.Connections} connections, each posting a {options.Width}x{options.Height} JPEG ({jpegBytes / 1024} KB) again as soon as it is answered, for {options.Seconds} s, {(options.ExpectContinue ? "with" : "without")} Expect: 100-continue; {Environment.ProcessorCount} logical cores, load generator on the same machine.")
            .AppendLine()
            .AppendLine("| figure | measured | bar | met |")
            .AppendLine("| --- | --- | --- | --- |");
        foreach (var (figure, measured, bar, met) in checks)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"| {figure} | {measured} | {bar} | {(met ? "yes" : "**no**")} |");
        }

        return (markdown.ToString(), checks.All(c => c.Met));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * p) - 1, 0, sorted.Length - 1)];
}
