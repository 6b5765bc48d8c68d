using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinLesion.Inference;
using SkinLesion.Tests.Shared;

// Server-side cost of one classification (decode + geometry + inference + screening) through the public
// SkinLesion.Inference API: for the session settings discussed in docs/decisions/0003, then per stage for
// each upload size (200x150, 12 and 24 megapixel JPEGs, a 12 megapixel PNG; the 200x150 and 12 MP uploads again with
// a Display P3 profile), then the screening's share.
// Arguments: [image count, default 200] [--manifest <path>: another model, e.g. an older one to compare]
// [--screening-only: just the last measurement] [--audit: only what the audit trail adds per request (AuditBenchmark)]
// [--segmentation: only what ?segment=true adds per request (SegmentationBenchmark)].
int imageCount = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
int manifestAt = Array.IndexOf(args, "--manifest");
string manifestPath = manifestAt >= 0 ? Path.GetFullPath(args[manifestAt + 1]) : RepoLayout.ManifestPath;
bool screeningOnly = args.Contains("--screening-only");
const int SizeRuns = 15;

// The service's default: ONNX Runtime threads per inference on this machine (ModelOptions, ADR 0045).
int servedIntraOp = new ModelOptions().EffectiveIntraOpNumThreads;
var images = LoadImages(imageCount);
Console.WriteLine($"{MachineDescription()}; .NET {Environment.Version}");
if (args.Contains("--audit"))
{
    await AuditBenchmark.RunAsync(images);
    return;
}

Console.WriteLine($"{Environment.ProcessorCount} logical cores, {images.Count} images ({(RepoLayout.HasSharedImages ? "HAM10000 validation JPEGs, 200x150" : "generated 200x150 PNGs")}), model {manifestPath}");
Console.WriteLine();
if (args.Contains("--segmentation"))
{
    // As served: the default ONNX Runtime threads per inference, one slot per core.
    await SegmentationBenchmark.RunAsync(() => Create(servedIntraOp, Environment.ProcessorCount), images, [.. UploadSets(images)]);
    return;
}

if (!screeningOnly)
{
    Console.WriteLine("intraOp  maxConcurrent  clients  median ms  p90 ms  images/s   (server-side total per image)");
    foreach (var (intraOp, slots, clients) in new[] { (1, 1, 1), (2, 1, 1), (2, 2, 1), (1, 2, 2), (2, 1, 2), (2, 2, 2), (1, 2, 4), (2, 2, 4) })
    {
        using var classifier = Create(intraOp, slots);
        var (median, p90, throughput) = await MeasureAsync(classifier, images, clients);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{intraOp,7}  {slots,13}  {clients,7}  {median,9:F2}  {p90,6:F2}  {throughput,8:F1}"));
    }
}

if (!screeningOnly)
{
    // Each stage per upload size, one client at a time so no figure includes queueing. Large uploads are HAM10000
    // validation images upscaled and re-encoded as a camera would (JPEG q92) when the shared data is present, so
    // their entropy is a photo's, not a synthetic blob's.
    using var classifier = Create(servedIntraOp, 1);
    Console.WriteLine();
    Console.WriteLine($"per upload size, intraOp {servedIntraOp} (as served), one client, JPEG decoder {classifier.JpegDecoder}; median ms over {SizeRuns} runs");
    Console.WriteLine("upload                       KB   decode  geometry  inference  screening    total");
    foreach (var (label, uploads) in UploadSets(images, tagged: true))
    {
        var stages = new List<ClassificationTimings>();
        for (int i = 0; i < SizeRuns + 3; i++)
        {
            var timings = (await classifier.ClassifyAsync(uploads[i % uploads.Count])).Timings;
            if (i >= 3)
            {
                stages.Add(timings);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-24} {uploads.Average(u => u.Length) / 1024,7:F0} {Median(stages.Select(s => s.DecodeMs)),8:F2} {Median(stages.Select(s => s.PreprocessMs)),9:F2} {Median(stages.Select(s => s.InferenceMs)),10:F2} {Median(stages.Select(s => s.ScreeningMs)),10:F2} {Median(stages.Select(s => s.TotalMs)),8:F2}"));
    }
}

// The screening checks (texture floor and the out-of-distribution distances) against the classification they
// guard, one client at a time so the figures are not mixed with queueing. The early-stage statistics are
// graph outputs, so their pooling is inside the inference time: compare the inference medians with an older
// model (--manifest) for that part of the cost.
using (var classifier = Create(servedIntraOp, 1))
{
    var timings = new List<ClassificationTimings>();
    foreach (var image in images.Take(10))
    {
        await classifier.ClassifyAsync(image);
    }

    foreach (var image in images)
    {
        timings.Add((await classifier.ClassifyAsync(image)).Timings);
    }

    double screening = Median(timings.Select(t => t.ScreeningMs));
    double classification = Median(timings.Select(t => t.TotalMs - t.ScreeningMs));
    double inference = Median(timings.Select(t => t.InferenceMs));
    string checks = classifier.OutOfDistribution is not { } ood
        ? "distance checks off"
        : $"embedding distance: {ood.Embedding.Components} components, {ood.Embedding.NuisanceComponents} nuisance directions removed"
          + (ood.Early is { } early ? $"; early-stage distance: {early.Components} components, {early.NuisanceComponents} nuisance directions removed" : "; no early-stage distance")
          + (ood.Head is { } head ? $"; screening head over {head.Dimension} features (the distances {(ood.Embedding.RefusesImages ? "refuse too" : "inform only")})" : "");
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"screening (texture + {checks}), intraOp {servedIntraOp}, one client: median {screening:F3} ms per image vs median {classification:F2} ms for the classification it guards ({100 * screening / classification:F1}%); median inference {inference:F2} ms"));
}

// Each measurement starts once the session for lone requests is open, as a server's would some 100 ms after its start.
SkinLesionClassifier Create(int intraOp, int slots)
{
    var classifier = new SkinLesionClassifier(
        new ModelOptions { Path = manifestPath, IntraOpNumThreads = intraOp, MaxConcurrentInferences = slots },
        new ImageOptions(),
        TimeProvider.System,
        NullLogger<SkinLesionClassifier>.Instance);
    classifier.SplitRunsReady.GetAwaiter().GetResult();
    return classifier;
}

static IEnumerable<(string Label, List<byte[]> Uploads)> UploadSets(IReadOnlyList<byte[]> small, bool tagged = false)
{
    string smallLabel = "200x150 " + (RepoLayout.HasSharedImages ? "JPEG" : "PNG");
    var smallUploads = small.Take(SizeRuns).ToList();
    yield return (smallLabel, smallUploads);
    List<byte[]>? twelve = null;
    foreach (var (width, height, png) in new[] { (4000, 3000, false), (6000, 4000, false), (4000, 3000, true) })
    {
        var uploads = small.Take(4).Select(bytes =>
        {
            using var source = RepoLayout.HasSharedImages ? Image.Load<Rgba32>(bytes) : TestImages.Lesion(200, 150);
            using var large = source.Clone(context => context.Resize(width, height, KnownResamplers.Bicubic));
            return png ? TestImages.Png(large) : TestImages.Jpeg(large, quality: 92);
        }).ToList();
        twelve ??= uploads;
        yield return ($"{width}x{height} {(png ? "PNG" : "JPEG")} {width * height / 1_000_000} MP", uploads);
    }

    if (tagged)
    {
        // The small and 12 MP uploads again, tagged with a Display P3 profile as a phone writes them: what finding,
        // reading and applying a profile adds (ADR 0062). The pixels are not P3's, which changes no cost.
        var displayP3 = IccProfiles.Matrix(IccProfiles.DisplayP3, IccProfiles.SrgbCurve());
        byte[] Tagged(byte[] upload) => upload[0] == 0xFF ? IccProfiles.InJpeg(upload, displayP3) : IccProfiles.InPng(upload, displayP3);
        yield return (smallLabel + " P3", smallUploads.Select(Tagged).ToList());
        yield return ("4000x3000 JPEG 12 MP P3", twelve!.Select(Tagged).ToList());
    }
}

static string MachineDescription()
{
    string? cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    return $"{cpu ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
}

static async Task<(double Median, double P90, double Throughput)> MeasureAsync(SkinLesionClassifier classifier, IReadOnlyList<byte[]> images, int clients)
{
    foreach (var image in images.Take(10))
    {
        await classifier.ClassifyAsync(image);
    }

    var totals = new System.Collections.Concurrent.ConcurrentBag<double>();
    var wall = Stopwatch.StartNew();
    await Parallel.ForEachAsync(images, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (image, cancellationToken) =>
        totals.Add((await classifier.ClassifyAsync(image, cancellationToken)).Timings.TotalMs));
    wall.Stop();
    var sorted = totals.Order().ToArray();
    return (Median(sorted), sorted[(int)(0.9 * (sorted.Length - 1))], images.Count / wall.Elapsed.TotalSeconds);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static List<byte[]> LoadImages(int count)
{
    if (RepoLayout.HasSharedImages && File.Exists(RepoLayout.SplitsPath))
    {
        var rows = HamArchive.ValidationRows(count);
        var bytes = HamArchive.Read(rows.Select(r => r.ImageId));
        return rows.Where(r => bytes.ContainsKey(r.ImageId)).Select(r => bytes[r.ImageId]).ToList();
    }

    return Enumerable.Range(0, count).Select(_ => TestImages.LesionPng()).ToList();
}
