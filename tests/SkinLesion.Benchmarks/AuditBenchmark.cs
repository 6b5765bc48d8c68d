using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using SkinLesion.Audit;

/// <summary>
/// What the audit trail adds to one request: the SHA-256 of the upload (per upload size) and one committed append to
/// the SQLite store as the service configures it (WAL, pooled connections), with each SqliteSynchronous setting, on a
/// file in a temporary folder, with one and with two clients appending at once.
/// </summary>
internal static class AuditBenchmark
{
    private const int Appends = 2000;

    public static async Task RunAsync(IReadOnlyList<byte[]> smallUploads)
    {
        var folder = Directory.CreateTempSubdirectory("skinlesion-audit-bench-");
        try
        {
            Console.WriteLine($"audit trail: SQLite in {folder.FullName}; {Appends} appends per row, after 100 to warm up");
            Console.WriteLine("synchronous  clients  append p50 ms  p90 ms  p99 ms  appends/s");
            foreach (var synchronous in new[] { SqliteSynchronous.Normal, SqliteSynchronous.Full })
            {
                await MeasureAppendsAsync(Path.Combine(folder.FullName, $"{synchronous}-{AuditOptions.DatabaseFileName}"), synchronous);
            }

            Console.WriteLine();
            Console.WriteLine("SHA-256 of the upload, median ms over 50 runs");
            foreach (var (label, bytes) in new[] { ("200x150 upload", smallUploads[0]), ("1 MB", Filled(1 << 20)), ("10 MB (the upload cap)", Filled(10 << 20)) })
            {
                var hashes = Enumerable.Range(0, 50).Select(_ =>
                {
                    long start = Stopwatch.GetTimestamp();
                    SHA256.HashData(bytes);
                    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }).Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-24} {bytes.Length / 1024.0,9:F0} KB  {Percentile(hashes, 0.5),8:F3}"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task MeasureAppendsAsync(string file, SqliteSynchronous synchronous)
    {
        using var store = SqliteAuditStore.Open(file, null, TimeSpan.FromSeconds(5), TimeProvider.System, createIfMissing: true, synchronous);
        await store.MigrateAsync();
        for (int i = 0; i < 100; i++)
        {
            await store.AppendAsync(Record($"warm-{i}"));
        }

        foreach (int clients in new[] { 1, 2 })
        {
            var times = new System.Collections.Concurrent.ConcurrentBag<double>();
            var wall = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, Appends), new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, cancellationToken) =>
            {
                long start = Stopwatch.GetTimestamp();
                await store.AppendAsync(Record($"c{clients}-{i}"), cancellationToken);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            });
            wall.Stop();
            var sorted = times.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{synchronous,11}  {clients,7}  {Percentile(sorted, 0.5),13:F3}  {Percentile(sorted, 0.9),6:F3}  {Percentile(sorted, 0.99),6:F3}  {Appends / wall.Elapsed.TotalSeconds,9:F0}"));
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Round(p * (sorted.Length - 1))];

    private static byte[] Filled(int length)
    {
        var bytes = new byte[length];
        new Random(1).NextBytes(bytes);
        return bytes;
    }

    // The shape of a classified answer's record, as AssessmentRecorder writes it.
    private static AuditRecord Record(string requestId) => new()
    {
        RecordedUtc = AuditRecord.ToStoredPrecision(DateTimeOffset.UtcNow),
        RequestId = requestId,
        Client = "anonymous",
        ClientKind = "anonymous",
        Channel = AuditChannels.Api,
        Status = AuditStatuses.Uncertain,
        HttpStatus = 200,
        ReasonCodes = ["low-confidence"],
        Image = new AuditImage(new string('a', 64), "jpeg", 200, 150, 3515),
        Model = new AuditModel("skin-lesion-mobilenetv2", "2.0.0", new string('f', 64)),
        ScreeningArtifactVersion = "2.0.0",
        TopClass = "akiec",
        Probabilities = new AuditProbabilities(0.31067857f, 0.42113274f, 0.13664299f, 0.010226501f, 0.022059947f, 0.09840873f, 0.0008505038f),
        Verdict = new AuditVerdict("malignant", 0.753871, 0.04667),
        Timings = new AuditTimings(0, 0.29, 0.04, 17.02, 2.03, 19.4),
    };
}
