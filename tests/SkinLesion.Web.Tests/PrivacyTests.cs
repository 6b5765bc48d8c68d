using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Tests.Audit;

namespace SkinLesion.Web.Tests;

/// <summary>Logs must carry request facts (id, sizes, result) but never the file name or image content.</summary>
public sealed partial class PrivacyTests
{
    [GeneratedRegex(@"status (classified \(reasons: none\)|uncertain \(reasons: [a-z, -]+\))")]
    private static partial Regex AcceptedStatus();

    [Fact]
    public async Task Post_ImageWithIdentifyingFileName_LogsStatusAndReasonsButNeitherTheFileNameNorTheDiagnosis()
    {
        // Arrange
        var sink = new CapturingLoggerProvider();
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddLogging(logging => logging.AddProvider(sink).SetMinimumLevel(LogLevel.Trace))));
        using var client = factory.CreateClient();
        const string fileName = "jane-doe-1970-01-01-left-forearm.jpg";

        // Act
        using var ok = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.DermoscopyLikeJpeg(200, 150), fileName, "image/jpeg"));
        using var blank = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.SolidPng(), fileName, "image/png"));
        using var noise = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.NoisePng(), fileName, "image/png"));
        using var rejected = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(TestImages.WithPadding(TestImages.PdfPrefix), fileName, "image/jpeg"));

        // Assert
        var messages = await sink.MessagesOnceAsync(classifiedLines: 3);
        // The synthetic lesion is accepted (classified, or uncertain with its reasons, as the shipped model judges it).
        Assert.Contains(messages, m => m.Contains("Classified request", StringComparison.Ordinal) && m.Contains("200x150", StringComparison.Ordinal) && AcceptedStatus().IsMatch(m));
        Assert.Contains(messages, m => m.Contains("status rejected (reasons: featureless-image)", StringComparison.Ordinal) && m.Contains($"texture 0.000 (minimum {ShippedModel.TextureMinimum.ToString(CultureInfo.InvariantCulture)}), chroma 74.00 (minimum 1.5)", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("status rejected (reasons: not-dermoscopic)", StringComparison.Ordinal) && m.Contains("screening distance ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Rejected image", StringComparison.Ordinal) && m.Contains("UnsupportedFormat", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("jane-doe", StringComparison.OrdinalIgnoreCase));

        // What the model said is health data: it is answered and kept in the audit trail, never logged.
        var answer = await Http.AssertClassificationAsync(ok);
        var prediction = answer.GetProperty("prediction");
        var classified = messages.Where(m => m.Contains("Classified request", StringComparison.Ordinal)).ToArray();
        Assert.All(classified, m =>
        {
            Assert.DoesNotContain("verdict", m, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("malignant", m, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain($" {prediction.GetProperty("code").GetString()} ", m, StringComparison.Ordinal);
            Assert.DoesNotContain(prediction.GetProperty("name").GetString()!, m, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task PostPageForm_ImageWithIdentifyingFileName_LogsResultButNotTheFileName()
    {
        // Arrange
        var sink = new CapturingLoggerProvider();
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddLogging(logging => logging.AddProvider(sink).SetMinimumLevel(LogLevel.Trace))));
        using var client = factory.CreateClient();
        const string fileName = "jane-doe-1970-01-01-left-forearm.jpg";
        var token = await ClinicianPageTests.TokenAsync(client);

        // Act
        using var ok = await client.PostAsync("/", ClinicianPageTests.Form(TestImages.LesionJpeg(), fileName, token));
        using var rejected = await client.PostAsync("/", ClinicianPageTests.Form(TestImages.WithPadding(TestImages.DocxPrefix), fileName, token));

        // Assert
        var messages = await sink.MessagesOnceAsync(classifiedLines: 1);
        Assert.Contains(messages, m => m.Contains("Classified request", StringComparison.Ordinal) && m.Contains("200x150", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Rejected image", StringComparison.Ordinal) && m.Contains("UnsupportedFormat", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("jane-doe", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PostPageForm_JpegWithIdentifyingExif_ResultPageShowsTheImageWithoutIt()
    {
        // Arrange: a dermoscopy-like JPEG whose EXIF names the patient, as capture software can write it.
        const string identifying = "Patient Jane Doe MRN 123456";
        using var image = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(AssessmentImages.DermoscopyLikeJpeg(640, 480));
        image.Metadata.ExifProfile = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        image.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.ImageDescription, identifying);
        var jpeg = TestImages.Jpeg(image);
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();

        // Act
        using var response = await client.PostAsync("/", ClinicianPageTests.Form(jpeg, "lesion.jpg", await ClinicianPageTests.TokenAsync(client)));
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert: the page's picture is the upload's, less its metadata.
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var preview = Convert.FromBase64String(PreviewPattern().Match(html).Groups["data"].Value);
        Assert.True(preview.Length > 1000, "the result page shows no picture");
        Assert.Contains(identifying, System.Text.Encoding.ASCII.GetString(jpeg), StringComparison.Ordinal);
        Assert.DoesNotContain(identifying, System.Text.Encoding.ASCII.GetString(preview), StringComparison.Ordinal);
        Assert.DoesNotContain(identifying, html, StringComparison.Ordinal);
    }

    [GeneratedRegex("src=\"data:image/jpeg;base64,(?<data>[A-Za-z0-9+/=]+)\"")]
    private static partial Regex PreviewPattern();

    [Fact]
    public async Task PostThroughApiAndPage_SqliteFileHoldsOneRowPerAnswerAndNoImageBytesOrFileNames()
    {
        // Arrange
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        const string fileName = "jane-doe-1970-01-01-left-forearm.jpg";
        var jpeg = AssessmentImages.DermoscopyLikeJpeg(200, 150);
        var png = AssessmentImages.DermoscopyLikePng(320, 240);
        var refused = TestImages.WithPadding(TestImages.PdfPrefix);
        var pageJpeg = TestImages.LesionJpeg();
        var token = await ClinicianPageTests.TokenAsync(client);

        // Act
        using var a = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(jpeg, fileName, "image/jpeg"));
        using var b = await client.PostAsync(Http.ClassificationsPath, Http.Raw(png, "image/png"));
        using var c = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(refused, fileName, "image/jpeg"));
        using var d = await client.PostAsync("/", ClinicianPageTests.Form(pageJpeg, fileName, token));
        string file = AuditRecords.SqliteFile(factory);
        long rows = await AuditRecords.CountRowsAsync(file);
        var stored = ReadShared(file).Concat(ReadShared(file + "-wal")).ToArray();

        // Assert: four answers, four rows; neither image signatures nor any stretch of an upload, nor its name.
        Assert.Equal([200, 200, 415, 200], new[] { a, b, c, d }.Select(r => (int)r.StatusCode));
        Assert.Equal(4, rows);
        Assert.True(stored.Length > 0);
        Assert.Equal(-1, stored.AsSpan().IndexOf([(byte)0xFF, (byte)0xD8, (byte)0xFF]));
        Assert.Equal(-1, stored.AsSpan().IndexOf([(byte)0x89, (byte)'P', (byte)'N', (byte)'G', (byte)0x0D, (byte)0x0A, (byte)0x1A, (byte)0x0A]));
        foreach (var upload in new[] { jpeg, png, refused, pageJpeg })
        {
            Assert.Equal(-1, stored.AsSpan().IndexOf(upload.AsSpan(upload.Length / 2, 32)));
        }

        Assert.Equal(-1, stored.AsSpan().IndexOf("jane-doe"u8));
    }

    // The database and its write-ahead log, read while the app holds them open.
    private static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Messages);

        /// <summary>
        /// The messages once <paramref name="classifiedLines"/> classification lines are among them: those are written
        /// after the response is sent, so the client can hold its answer a moment before the line exists. At most 10 s, then the test fails.
        /// </summary>
        public async Task<string[]> MessagesOnceAsync(int classifiedLines)
        {
            var waited = Stopwatch.StartNew();
            while (Messages.Count(m => m.StartsWith("Classified request", StringComparison.Ordinal)) < classifiedLines && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(10);
            }

            // The absence checks read these lines: a capture that stopped short must fail, not pass on fewer lines.
            int written = Messages.Count(m => m.StartsWith("Classified request", StringComparison.Ordinal));
            Assert.True(written >= classifiedLines, $"{written} of {classifiedLines} classification log lines within 10 s");
            return [.. Messages];
        }

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception) + " " + exception);
        }
    }
}
