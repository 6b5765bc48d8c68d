using System.Net;
using System.Text.Json;
using SkinLesion.Tests.Shared.Fuzzing;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests;

/// <summary>
/// Issue 17, item 6, over HTTP: a sample of the fuzzer's generated uploads (the same generator and seed as the
/// in-process fuzzer in SkinLesion.Inference.Tests, which runs 10,000 cases) posted to the API as multipart or
/// raw bodies. Each must be answered 200 or with one of the documented problem types; never a 5xx.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class ClassificationFuzzTests(ApiFactory factory, ITestOutputHelper output)
{
    private const int DefaultCases = 300;

    // Cases far from the in-process run's first 10,000, so the HTTP sample adds new inputs.
    private const int FirstCase = 1_000_000;

    private static readonly string[] DocumentedProblemTypes =
    [
        ProblemTypes.MissingImage, ProblemTypes.EmptyImage, ProblemTypes.MalformedRequest, ProblemTypes.PayloadTooLarge,
        ProblemTypes.UnsupportedMediaType, ProblemTypes.CorruptImage, ProblemTypes.TooManyPixels, ProblemTypes.ImageTooSmall,
    ];

    [Fact]
    public async Task GeneratedUploads_AreAnswered200OrADocumentedProblem_NeverA5xx()
    {
        // Arrange
        int seed = FuzzSettings.Seed;
        int cases = Math.Max(1, FuzzSettings.Cases(DefaultCases * 100) / 100);
        output.WriteLine($"fuzz seed {seed}, {cases} HTTP cases from case {FirstCase:N0} (replay: {FuzzSettings.SeedVariable}={seed})");
        var fuzzer = new UploadFuzzer(FuzzSeeds.Create(TurboJpegTranscoder.TryLoad()), seed);
        using var client = factory.CreateClient();
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();

        // Act
        for (int i = 0; i < cases; i++)
        {
            var fuzzCase = fuzzer.Generate(FirstCase + i);
            bool png = fuzzCase.Bytes.AsSpan().StartsWith(PngChunks.Signature);
            using HttpContent content = i % 2 == 0
                ? Http.Multipart(fuzzCase.Bytes, png ? "upload.png" : "upload.jpg", png ? "image/png" : "image/jpeg")
                : Http.Raw(fuzzCase.Bytes, png ? "image/png" : "image/jpeg");
            using var response = await client.PostAsync(Http.ClassificationsPath, content);
            var body = await response.Content.ReadAsStringAsync();
            string outcome = Check(response, body);
            statuses[outcome] = statuses.GetValueOrDefault(outcome) + 1;
            if (outcome.StartsWith("UNEXPECTED", StringComparison.Ordinal))
            {
                failures.Add($"{fuzzCase}: {outcome}: {body[..Math.Min(body.Length, 500)]}");
            }
        }

        // Assert
        output.WriteLine("outcomes: " + string.Join("; ", statuses.Select(s => $"{s.Key} {s.Value}")));
        failures.ForEach(output.WriteLine);
        Assert.True(failures.Count == 0, $"{failures.Count} response(s) outside 200 and the documented problems with seed {seed}. First: {failures.FirstOrDefault()}");
        Assert.Contains(statuses.Keys, s => s.StartsWith("200", StringComparison.Ordinal));
        Assert.Contains(statuses.Keys, s => s.Contains("corrupt-image", StringComparison.Ordinal));
    }

    private static string Check(HttpResponseMessage response, string body)
    {
        int status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return $"200 {JsonDocument.Parse(body).RootElement.GetProperty("status").GetString()}";
        }

        if (status >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"UNEXPECTED {status} {response.Content.Headers.ContentType?.MediaType}";
        }

        var type = JsonDocument.Parse(body).RootElement.GetProperty("type").GetString();
        return DocumentedProblemTypes.Contains(type)
            ? $"{status} {type![ProblemTypes.BaseUri.Length..]}"
            : $"UNEXPECTED {status} {type}";
    }
}
