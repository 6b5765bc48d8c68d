using System.Diagnostics;
using System.Globalization;
using SkinLesion.Inference;

/// <summary>
/// What ?segment=true adds to a classification's server time (issue 20: p50 at most 8 ms on the 2-core machine), and
/// that nothing is added without it: each image classified plain and segmented in turn, one client, as served
/// (one ONNX Runtime thread per inference, one slot per core); then two clients, to show the CPU the outline costs
/// when every core is busy. Run: dotnet run -c Release --project tests/SkinLesion.Benchmarks -- --segmentation
/// </summary>
internal static class SegmentationBenchmark
{
    private static readonly ClassificationRequest Plain = ClassificationRequest.Plain;
    private static readonly ClassificationRequest Segmented = new(Segment: true);

    public static async Task RunAsync(Func<SkinLesionClassifier> create, IReadOnlyList<byte[]> images, IReadOnlyList<(string Label, List<byte[]> Uploads)> sizes)
    {
        using var classifier = create();
        if (!classifier.CanSegment)
        {
            Console.WriteLine("The manifest lists no segmentation graph: nothing to measure.");
            return;
        }

        Console.WriteLine($"segmentation graph {classifier.Manifest.Segmentation!.File} {classifier.Manifest.Segmentation.Version}; load average at start {LoadAverage()}");
        Console.WriteLine("upload               runs   plain p50  segmented p50  added p50  added p90  segmentation p50   (server-side ms, one client)");
        // Every small image once; the large uploads (a few each) in several passes, about 30 pairs a size.
        await MeasurePairedAsync(classifier, sizes[0].Label, [.. images], passes: 1);
        foreach (var (label, uploads) in sizes.Skip(1))
        {
            await MeasurePairedAsync(classifier, label, uploads, Math.Max(1, 30 / uploads.Count));
        }

        // Without segment=true the request takes the path it always took: the same median as before the feature.
        var plainOnly = new List<double>();
        foreach (var image in images)
        {
            var result = await classifier.ClassifyAsync(image, Plain);
            if (result.Lesion is not null || result.Timings.SegmentationMs is not null)
            {
                throw new InvalidOperationException("A plain request was segmented.");
            }

            plainOnly.Add(result.Timings.TotalMs);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain requests only, one client: p50 {Median(plainOnly):F2} ms over {plainOnly.Count} (no lesion, no segmentation time in any)"));
        foreach (int clients in new[] { 2 })
        {
            var plain = await ThroughputAsync(classifier, images, Plain, clients);
            var segmented = await ThroughputAsync(classifier, images, Segmented, clients);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clients} clients, every core busy: plain {plain.ImagesPerSecond:F1} images/s (p50 {plain.Median:F2} ms), segmented {segmented.ImagesPerSecond:F1} images/s (p50 {segmented.Median:F2} ms)"));
        }
    }

    private static async Task MeasurePairedAsync(SkinLesionClassifier classifier, string label, List<byte[]> uploads, int passes)
    {
        for (int i = 0; i < Math.Min(5, uploads.Count); i++)
        {
            await classifier.ClassifyAsync(uploads[i], Segmented);
            await classifier.ClassifyAsync(uploads[i], Plain);
        }

        // Plain and segmented alternate on the same image, so a change in the machine's load falls on both alike.
        var plain = new List<double>();
        var segmented = new List<double>();
        var added = new List<double>();
        var own = new List<double>();
        for (int pass = 0; pass < passes; pass++)
        {
            foreach (var upload in uploads)
            {
                bool segmentFirst = (plain.Count % 2) == 0;
                var first = await classifier.ClassifyAsync(upload, segmentFirst ? Segmented : Plain);
                var second = await classifier.ClassifyAsync(upload, segmentFirst ? Plain : Segmented);
                var (withLesion, without) = segmentFirst ? (first, second) : (second, first);
                plain.Add(without.Timings.TotalMs);
                segmented.Add(withLesion.Timings.TotalMs);
                added.Add(withLesion.Timings.TotalMs - without.Timings.TotalMs);
                own.Add(withLesion.Timings.SegmentationMs!.Value);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-20} {plain.Count,4} {Median(plain),11:F2} {Median(segmented),14:F2} {Median(added),10:F2} {Percentile(added, 0.9),10:F2} {Median(own),18:F2}"));
    }

    private static async Task<(double Median, double ImagesPerSecond)> ThroughputAsync(SkinLesionClassifier classifier, IReadOnlyList<byte[]> images, ClassificationRequest request, int clients)
    {
        var totals = new System.Collections.Concurrent.ConcurrentBag<double>();
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(images, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (image, cancellationToken) =>
            totals.Add((await classifier.ClassifyAsync(image, request, cancellationToken)).Timings.TotalMs));
        wall.Stop();
        return (Median(totals), images.Count / wall.Elapsed.TotalSeconds);
    }

    private static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    private static double Percentile(IEnumerable<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        double position = quantile * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
