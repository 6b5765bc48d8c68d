using System.Diagnostics;
using System.Globalization;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// Runs alone (no other test class in parallel), so the managed heap it measures is its own; it has its own
/// classifier for the sample of cases that go through the model.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzingGroup : ICollectionFixture<ClassifierFixture>
{
    public const string Name = "Fuzzing (alone)";
}

/// <summary>
/// Issue 17, item 6: mutation fuzzing of the reader and decoder (format sniffing, header checks, ImageSharp
/// and libjpeg-turbo decoding, the geometry rule). Every generated upload must end in prepared model input or
/// an <see cref="ImageRejectedException"/> with one of the documented reasons (empty, unsupported format,
/// corrupt, too many pixels, too small), each of which the web app maps to a 4xx problem type; any other
/// exception would be a 500. A sample also goes through the whole classifier, model included.
/// </summary>
[Collection(FuzzingGroup.Name)]
public sealed class ImageDecodingFuzzTests(ClassifierFixture fixture, ITestOutputHelper output)
{
    private const int DefaultCases = 10_000;

    // One case in 100 also runs the classifier (the model costs ~16 ms; decoding a seed-sized case ~1 ms).
    private const int ModelSampleEvery = 100;

    // One case in 4 decodes JPEGs with ImageSharp's decoder (the JpegDecoder=ImageSharp setting) instead of libjpeg-turbo.
    private const int ImageSharpJpegEvery = 4;

    /// <summary>
    /// The managed heap may not grow by more than this over the run, measured after full collections every
    /// 1,000 cases. The fuzzer keeps only the seeds (under 1 MB) and counters between cases, so anything a case
    /// leaves reachable is a leak: 10,000 cases leaking even their ~30 KB decoded seed would retain 300 MB. A
    /// whole 40-megapixel decode (the pixel cap, 160 MB as RGBA) is above this ceiling too, so a cache or pool
    /// that kept one decoded image alive would fail. Measured: a few MB of growth (pools, metadata).
    /// </summary>
    private const long RetainedGrowthCeiling = 64L * 1024 * 1024;

    private static readonly ImageRejectionReason[] DocumentedReasons = Enum.GetValues<ImageRejectionReason>();

    [Fact]
    public async Task GeneratedUploads_EndPreparedOrInADocumentedRefusal_AndManagedMemoryStaysBounded()
    {
        // Arrange
        int seed = FuzzSettings.Seed;
        int cases = FuzzSettings.Cases(DefaultCases);
        output.WriteLine($"fuzz seed {seed}, {cases:N0} cases (replay: {FuzzSettings.SeedVariable}={seed}; more cases: {FuzzSettings.CasesVariable}=N)");
        var input = fixture.Classifier.Manifest.Input;
        var libJpegTurbo = new ImagePreprocessor(new ImageOptions(), input.Width, input.Height, TimeProvider.System);
        var imageSharp = new ImagePreprocessor(new ImageOptions { JpegDecoder = JpegDecoderChoice.ImageSharp }, input.Width, input.Height, TimeProvider.System);
        var transcoder = TurboJpegTranscoder.TryLoad();
        var seeds = FuzzSeeds.Create(transcoder);
        AssertSeedsAreValid(seeds, libJpegTurbo, imageSharp, expectTranscoded: transcoder is not null);
        var fuzzer = new UploadFuzzer(seeds, seed);

        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var mutations = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var slowest = new List<(double Ms, string Case)>();
        long baseline = ManagedHeapAfterCollection();
        long largestGrowth = 0;
        int modelRuns = 0;
        var total = Stopwatch.StartNew();

        // Act
        for (int index = 0; index < cases; index++)
        {
            var fuzzCase = fuzzer.Generate(index);
            if (Environment.GetEnvironmentVariable(FuzzSettings.TraceVariable) is { Length: > 0 } trace)
            {
                File.WriteAllText(trace, fuzzCase.ToString()); // the case a hang is stuck in
            }
            foreach (var name in fuzzCase.Mutation.Split(" + "))
            {
                mutations[name] = mutations.GetValueOrDefault(name) + 1;
            }

            var preprocessor = index % ImageSharpJpegEvery == ImageSharpJpegEvery - 1 ? imageSharp : libJpegTurbo;
            long start = Stopwatch.GetTimestamp();
            var outcome = await RunAsync(fuzzCase, () => Task.FromResult(Decode(preprocessor, fuzzCase.Bytes, input.Width * input.Height * 3)), failures);
            if (index % ModelSampleEvery == 0)
            {
                modelRuns++;
                var classified = await RunAsync(fuzzCase, () => ClassifyAsync(fixture.Classifier, fuzzCase.Bytes), failures);
                Record(outcomes, $"model: {classified}");

                // The classifier runs the same reader and decoder: it must refuse exactly what they refuse.
                if (outcome.StartsWith("refused", StringComparison.Ordinal) != classified.StartsWith("refused", StringComparison.Ordinal)
                    && !outcome.StartsWith("FAILED", StringComparison.Ordinal) && !classified.StartsWith("FAILED", StringComparison.Ordinal))
                {
                    failures.Add($"{fuzzCase}: the decoder said '{outcome}' but the classifier said '{classified}'");
                }
            }

            Record(outcomes, outcome);
            Track(slowest, Stopwatch.GetElapsedTime(start).TotalMilliseconds, fuzzCase.ToString());
            if ((index + 1) % 1_000 == 0 || index + 1 == cases)
            {
                long growth = ManagedHeapAfterCollection() - baseline;
                largestGrowth = Math.Max(largestGrowth, growth);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{index + 1,6:N0} cases, {total.Elapsed.TotalSeconds,5:F1} s: managed heap {growth / 1048576.0:+0.0;-0.0} MB since start, working set {Environment.WorkingSet / 1048576.0:F0} MB, {failures.Count} failure(s)"));
            }
        }

        // Assert (after printing everything needed to understand a failure)
        output.WriteLine($"{cases:N0} cases in {total.Elapsed.TotalSeconds:F1} s ({modelRuns} through the model); {seeds.Count} seeds: {string.Join(", ", seeds.Select(s => s.Name))}");
        output.WriteLine("outcomes: " + string.Join("; ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        output.WriteLine("mutations: " + string.Join("; ", mutations.Select(m => $"{m.Key} {m.Value}")));
        output.WriteLine("slowest: " + string.Join("; ", slowest.Select(s => $"{s.Ms:F0} ms {s.Case}")));
        foreach (var failure in failures.Take(50))
        {
            output.WriteLine("FAILURE " + failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} case(s) escaped the documented outcomes with seed {seed} (replay with {FuzzSettings.SeedVariable}={seed}; inputs saved under TestResults/fuzz). First: {failures.FirstOrDefault()}");
        Assert.True(largestGrowth < RetainedGrowthCeiling, $"the managed heap grew by {largestGrowth:N0} bytes over the run (ceiling {RetainedGrowthCeiling:N0})");
        Assert.True(outcomes.Keys.Any(o => o.StartsWith("prepared", StringComparison.Ordinal)), "no case decoded: the mutations are too destructive to test the decoders' success paths");
        foreach (var reason in new[] { ImageRejectionReason.Corrupt, ImageRejectionReason.TooManyPixels, ImageRejectionReason.TooSmall, ImageRejectionReason.UnsupportedFormat, ImageRejectionReason.Empty })
        {
            Assert.True(outcomes.ContainsKey($"refused: {reason}"), $"no case was refused as {reason}: the generator does not reach that refusal");
        }
    }

    private static string Decode(ImagePreprocessor preprocessor, byte[] bytes, int expectedLength)
    {
        var header = preprocessor.Inspect(bytes);
        using var prepared = preprocessor.Prepare(bytes, header);

        // What the result page embeds of an upload the decoders took (ADR 0058): never more than the upload and a
        // rewritten orientation, whatever the file's structure.
        var display = DisplayCopy.WithoutMetadata(bytes, header);
        return display.Length > bytes.Length + 64 ? throw new InvalidOperationException($"the display copy is {display.Length} bytes of a {bytes.Length}-byte upload")
            : prepared.Pixels.Length == expectedLength ? $"prepared {header.Format}"
            : throw new InvalidOperationException($"prepared {prepared.Pixels.Length} bytes, expected {expectedLength}");
    }

    private static async Task<string> ClassifyAsync(SkinLesionClassifier classifier, byte[] bytes)
    {
        var result = await classifier.ClassifyAsync(bytes);
        return $"assessed {result.Assessment?.Status}";
    }

    /// <summary>Runs one case: the outcome's name, or "FAILED" with the input saved for replay.</summary>
    private static async Task<string> RunAsync(FuzzCase fuzzCase, Func<Task<string>> action, List<string> failures)
    {
        try
        {
            return await action();
        }
        catch (ImageRejectedException rejection) when (DocumentedReasons.Contains(rejection.Reason))
        {
            return $"refused: {rejection.Reason}";
        }
#pragma warning disable CA1031 // Any other exception is exactly what the fuzzer looks for: record it and go on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var folder = Path.Combine(RepoLayout.TestResultsDirectory, "fuzz");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"seed-{FuzzSettings.Seed}-case-{fuzzCase.Index}.bin");
            File.WriteAllBytes(file, fuzzCase.Bytes);
            failures.Add($"{fuzzCase}: {ex.GetType().FullName}: {ex.Message} (input: {file})\n{ex.StackTrace}");
            return $"FAILED {ex.GetType().Name}";
        }
    }

    private void AssertSeedsAreValid(IReadOnlyList<FuzzSeed> seeds, ImagePreprocessor libJpegTurbo, ImagePreprocessor imageSharp, bool expectTranscoded)
    {
        var input = fixture.Classifier.Manifest.Input;
        foreach (var seed in seeds)
        {
            // Every seed decodes with both JPEG decoders; otherwise its mutations would test nothing but refusals.
            Assert.StartsWith("prepared", Decode(libJpegTurbo, seed.Bytes, input.Width * input.Height * 3), StringComparison.Ordinal);
            Assert.StartsWith("prepared", Decode(imageSharp, seed.Bytes, input.Width * input.Height * 3), StringComparison.Ordinal);
        }

        if (expectTranscoded)
        {
            Assert.Contains(seeds, s => s.Name.EndsWith("-progressive", StringComparison.Ordinal));
        }
        else
        {
            output.WriteLine("libturbojpeg is not installed: no progressive seeds this run");
        }
    }

    private static void Record(SortedDictionary<string, int> outcomes, string outcome) =>
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

    private static void Track(List<(double Ms, string Case)> slowest, double ms, string fuzzCase)
    {
        slowest.Add((ms, fuzzCase));
        slowest.Sort((a, b) => b.Ms.CompareTo(a.Ms));
        if (slowest.Count > 5)
        {
            slowest.RemoveAt(5);
        }
    }

    private static long ManagedHeapAfterCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
