using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using SixLabors.ImageSharp;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Soak;

/// <summary>One answered (or failed) request: when, what kind of upload, the status (0 = no response) and how long it took.</summary>
internal readonly record struct Outcome(double AtSeconds, string Kind, int Status, double Ms);

/// <summary>One minute of the run: the requests answered in it and the server samples taken in it.</summary>
internal sealed record MinuteFigures(int Minute, IReadOnlyList<Outcome> Outcomes, IReadOnlyList<ProcessSample> Samples);

/// <summary>
/// Drives the server with a realistic mix for the given time: steady clients sending small and medium valid
/// images (some with the explanation map), a few large photos, and hostile files from the test suite's
/// fuzzer; bursts of large uploads far above the server's inference slots; health probes every 2 s. Samples
/// /proc/&lt;pid&gt; every 5 s.
/// </summary>
internal sealed class SoakRun(SoakOptions options) : IDisposable
{
    private const string ClassificationsPath = "api/v1/classifications";

    private readonly ConcurrentQueue<Outcome> _outcomes = new();
    private readonly ConcurrentQueue<ProcessSample> _samples = new();
    private readonly Stopwatch _clock = new();
    private readonly HttpClient _http = CreateClient(options);

    private (string Kind, byte[] Bytes)[] _small = [];
    private (string Kind, byte[] Bytes)[] _medium = [];
    private byte[] _large = [];
    private FuzzCase[] _hostile = [];

    public string PayloadSummary { get; private set; } = string.Empty;

    public async Task<IReadOnlyList<MinuteFigures>> RunAsync()
    {
        PreparePayloads();
        Console.WriteLine(PayloadSummary);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.Minutes));
        _clock.Start();
        var tasks = new List<Task>
        {
            SampleAsync(stop.Token),
            HealthAsync(stop.Token),
            BurstsAsync(stop.Token),
        };
        for (int client = 0; client < options.Clients; client++)
        {
            tasks.Add(SteadyClientAsync(client, stop.Token));
        }

        var progress = ProgressAsync(stop.Token);
        await Task.WhenAll(tasks);
        await progress;

        int minutes = (int)Math.Ceiling(options.Minutes);
        var samples = _samples.ToArray();
        var outcomes = _outcomes.ToArray();
        var start = samples.Length > 0 ? samples[0].At : DateTimeOffset.UtcNow;
        return Enumerable.Range(0, minutes)
            .Select(m => new MinuteFigures(
                m + 1,
                outcomes.Where(o => (int)(o.AtSeconds / 60) == m).ToList(),
                samples.Where(s => (int)((s.At - start).TotalSeconds / 60) == m).ToList()))
            .ToList();
    }

    public void Dispose() => _http.Dispose();

    /// <summary>One client for every request; with an API key it goes in X-Api-Key, so the run measures authenticated calls.</summary>
    private static HttpClient CreateClient(SoakOptions options)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            BaseAddress = options.Url,
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (options.ApiKey is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    private void PreparePayloads()
    {
        using var small = TestImages.Lesion(200, 150, seed: 1);
        using var medium = TestImages.Lesion(1024, 768, seed: 2);
        using var phone = TestImages.Lesion(4032, 3024, seed: 3);
        using var large = TestImages.Lesion(6000, 4500, seed: 4);
        _small = [("small-png", TestImages.Png(small)), ("small-jpeg", TestImages.Jpeg(small, 90))];
        _medium = [("medium-jpeg", TestImages.Jpeg(medium, 90)), ("medium-png", TestImages.Png(medium)), ("phone-jpeg", TestImages.Jpeg(phone, 85))];
        _large = TestImages.Jpeg(large, 85);
        var fuzzer = new UploadFuzzer(FuzzSeeds.Create(TurboJpegTranscoder.TryLoad()), options.Seed);
        _hostile = Enumerable.Range(0, 3_000).Select(fuzzer.Generate).ToArray();
        PayloadSummary = $"payloads: small 200x150 PNG {_small[0].Bytes.Length / 1024} KB and JPEG {_small[1].Bytes.Length / 1024} KB; "
            + $"medium 1024x768 JPEG {_medium[0].Bytes.Length / 1024} KB and PNG {_medium[1].Bytes.Length / 1024} KB; 4032x3024 JPEG {_medium[2].Bytes.Length / 1024} KB; "
            + $"large 6000x4500 JPEG {_large.Length / 1024} KB (bursts); {_hostile.Length:N0} hostile files from the test suite's fuzzer (seed {options.Seed}, up to {_hostile.Max(h => h.Bytes.Length) / 1048576.0:F1} MB)";
    }

    private async Task SteadyClientAsync(int client, CancellationToken stop)
    {
        var random = new Random(options.Seed + client);
        int hostileAt = client * 1000;
        while (!stop.IsCancellationRequested)
        {
            int roll = random.Next(100);
            var (kind, bytes, explain) = roll switch
            {
                < 45 => Pick(random, _small, false),
                < 50 => Pick(random, _small, true),
                < 60 => Pick(random, _medium, false),
                < 63 => ("large-jpeg", _large, false),
                _ => ("hostile", _hostile[hostileAt++ % _hostile.Length].Bytes, false),
            };
            await PostAsync(kind, bytes, explain, multipart: random.Next(2) == 0, stop);
        }
    }

    private static (string Kind, byte[] Bytes, bool Explain) Pick(Random random, (string Kind, byte[] Bytes)[] from, bool explain)
    {
        var (kind, bytes) = from[random.Next(from.Length)];
        return (explain ? kind + "+explain" : kind, bytes, explain);
    }

    /// <summary>Every BurstEverySeconds (first after one minute), Burst concurrent 6000x4500 uploads.</summary>
    private async Task BurstsAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(60), stop);
            while (!stop.IsCancellationRequested)
            {
                var burst = Enumerable.Range(0, options.Burst).Select(_ => PostAsync("burst-large", _large, explain: false, multipart: false, CancellationToken.None));
                await Task.WhenAll(burst);
                await Task.Delay(TimeSpan.FromSeconds(options.BurstEverySeconds), stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HealthAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var path in new[] { "health/live", "health/ready" })
            {
                long start = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await _http.GetAsync(path, CancellationToken.None);
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }

                Record(path, status, start);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            _samples.Enqueue(ProcessSample.Read(options.Pid));
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task ProgressAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var last = _samples.LastOrDefault();
            var recent = _outcomes.Where(o => o.AtSeconds >= _clock.Elapsed.TotalSeconds - 60).ToList();
            Console.WriteLine($"{_clock.Elapsed:mm\\:ss} last minute: {recent.Count} responses ({recent.Count(o => o.Status >= 500)} 5xx, {recent.Count(o => o.Status == 0)} failed); server RSS {last?.RssBytes / 1048576} MB, {last?.Threads} threads, {last?.Handles} fds");
        }
    }

    private async Task PostAsync(string kind, byte[] bytes, bool explain, bool multipart, CancellationToken stop)
    {
        long start = Stopwatch.GetTimestamp();
        int status;
        try
        {
            var file = new ByteArrayContent(bytes);
            bool png = bytes.AsSpan().StartsWith(PngChunks.Signature);
            file.Headers.ContentType = new MediaTypeHeaderValue(png ? "image/png" : "image/jpeg");
            using HttpContent content = multipart ? new MultipartFormDataContent { { file, "image", png ? "upload.png" : "upload.jpg" } } : file;
            using var response = await _http.PostAsync(explain ? ClassificationsPath + "?explain=true" : ClassificationsPath, content, stop);
            await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
            status = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return; // the run ended with this request in flight: not an outcome
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            status = 0;
        }

        Record(kind, status, start);
    }

    private void Record(string kind, int status, long start) =>
        _outcomes.Enqueue(new Outcome(_clock.Elapsed.TotalSeconds, kind, status, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
}
