using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkinLesion.Tests.Assessment;
using SkinLesion.Web.Tests.Audit;

namespace SkinLesion.Web.Tests.Clinical;

/// <summary>
/// Clinical data is health data: it reaches the audit record only as the values used (none with this model) and never
/// a log, through the API or the page, as query parameters or form fields, accepted or refused. The logs are captured
/// at Trace for every category, the hosting layer's request lines included, as an operator raising the levels would.
/// </summary>
public sealed partial class ClinicalDataPrivacyTests
{
    // Values no log line or record has a reason to hold otherwise.
    private const string Age = "87";
    private const string Sex = "female";
    private const string Site = "upper-extremity";
    private const string RefusedSite = "left-forearm-near-tattoo";

    [Fact]
    public async Task PostThroughApiAndPage_FieldsAcceptedAndRefused_NoValueInAnyLogLineOrAuditRecord()
    {
        // Arrange
        var sink = new CapturingLoggerProvider();
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Trace");
            builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(sink).SetMinimumLevel(LogLevel.Trace)));
        });
        using var client = factory.CreateClient();
        var image = AssessmentImages.DermoscopyLikeJpeg(200, 150);
        var token = await ClinicianPageTests.TokenAsync(client);
        using var pageForm = ClinicianPageTests.Form(image, "lesion.jpg", token);
        pageForm.Add(new StringContent(Age), "age");
        pageForm.Add(new StringContent(Sex), "sex");
        pageForm.Add(new StringContent(Site), "site");

        // Act
        using var imageOnly = await client.PostAsync(Http.ClassificationsPath, ClinicalRequests.Multipart(image));
        using var inQuery = await client.PostAsync(ClinicalRequests.Path(("age", Age), ("sex", Sex), ("site", Site)), Http.Raw(image, "image/jpeg"));
        using var inForm = await client.PostAsync(Http.ClassificationsPath, ClinicalRequests.Multipart(image, ("age", Age), ("sex", Sex), ("site", Site)));
        using var refused = await client.PostAsync(ClinicalRequests.Path(("age", Age)), ClinicalRequests.Multipart(image, ("site", RefusedSite)));
        using var page = await client.PostAsync("/", pageForm);
        var pageHtml = await page.Content.ReadAsStringAsync();
        var baseline = await RecordOfAsync(factory, await Http.AssertClassificationAsync(imageOnly));
        var records = new List<JsonElement>
        {
            await RecordOfAsync(factory, await Http.AssertClassificationAsync(inQuery)),
            await RecordOfAsync(factory, await Http.AssertClassificationAsync(inForm)),
            await RecordOfAsync(factory, await ClinicalRequests.AssertRefusedAsync(refused, "site", RefusedSite)),
            await AuditRecords.FetchAsync(factory, PageText.RequestId().Match(pageHtml).Groups["id"].Value),
        };

        // Assert: every request was answered, and the capture saw the hosting layer's other categories at Trace.
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains("id=\"clinical-not-used\"", pageHtml, StringComparison.Ordinal);
        var lines = await sink.LinesOnceAsync(classifiedLines: 4);
        Assert.Contains(lines, line => line.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Text.Contains("Refused clinical data", StringComparison.Ordinal) && line.Text.Contains("site", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            foreach (var value in new[] { Sex, Site, RefusedSite })
            {
                Assert.False(line.Text.Contains(value, StringComparison.OrdinalIgnoreCase), $"a log line holds '{value}': [{line.Category}] {line.Text}");
            }

            Assert.False(QueryField().IsMatch(line.Text), $"a log line holds a clinical query parameter: [{line.Category}] {line.Text}");

            Assert.False(AgeToken().IsMatch(line.Text), $"a log line holds the age {Age}: [{line.Category}] {line.Text}");
        }

        // The records hold the fields nowhere: the same properties as an image-only answer's, and none of the values.
        foreach (var record in records)
        {
            Assert.DoesNotContain(record.EnumerateObject(), property => property.Name is "clinical" or "age" or "sex" or "site");
            var text = record.GetRawText();
            Assert.DoesNotContain(Sex, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Site, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(RefusedSite, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(Names(baseline), Names(records[0]));
        Assert.Equal(Names(baseline), Names(records[1]));
        Assert.Equal(Names(baseline), Names(records[3]));
    }

    private static async Task<JsonElement> RecordOfAsync(WebApplicationFactory<Program> factory, JsonElement answer) =>
        await AuditRecords.FetchAsync(factory, answer.GetProperty("requestId").GetString()!);

    private static List<string> Names(JsonElement record) => [.. record.EnumerateObject().Select(property => property.Name)];

    // The age as a number of its own, not inside another (a probability 0.8712, a time of 87.4 ms, a hexadecimal id).
    [GeneratedRegex("(?<![0-9A-Za-z.])" + Age + "(?![0-9A-Za-z]|\\.[0-9])")]
    private static partial Regex AgeToken();

    // "age=87" in a logged address, not "Page=..." in a structured value.
    [GeneratedRegex("\\b(age|sex|site)=", RegexOptions.IgnoreCase)]
    private static partial Regex QueryField();

    /// <summary>Every log line, formatted, with each structured value appended, so a value kept out of the text is still seen.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, string Text)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Lines);

        /// <summary>
        /// The lines once <paramref name="classifiedLines"/> classification lines are among them: those are written after
        /// the response is sent, so they can follow the client's answer by a moment. At most 10 s, then the test fails.
        /// </summary>
        public async Task<(string Category, string Text)[]> LinesOnceAsync(int classifiedLines)
        {
            var waited = Stopwatch.StartNew();
            while (Lines.Count(line => line.Text.StartsWith("Classified request", StringComparison.Ordinal)) < classifiedLines && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(10);
            }

            // The absence checks read these lines: a capture that stopped short must fail, not pass on fewer lines.
            int written = Lines.Count(line => line.Text.StartsWith("Classified request", StringComparison.Ordinal));
            Assert.True(written >= classifiedLines, $"{written} of {classifiedLines} classification log lines within 10 s");
            return [.. Lines];
        }

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<(string Category, string Text)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(" ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                    : string.Empty;
                lines.Enqueue((category, $"{formatter(state, exception)} {values} {exception}"));
            }
        }
    }
}
