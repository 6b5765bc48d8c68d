using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>Logs must carry request facts (id, sizes, result) but never the file name or image content.</summary>
public sealed class PrivacyTests
{
    [Fact]
    public async Task Post_ImageWithIdentifyingFileName_LogsResultStatusAndReasonsButNotTheFileName()
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
        var messages = sink.Messages.ToArray();
        Assert.Contains(messages, m => m.Contains("Classified request", StringComparison.Ordinal) && m.Contains("200x150", StringComparison.Ordinal) && m.Contains("status classified (reasons: none)", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("status rejected (reasons: featureless-image)", StringComparison.Ordinal) && m.Contains($"texture 0.000 (minimum {ShippedModel.TextureMinimum.ToString(CultureInfo.InvariantCulture)})", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("status rejected (reasons: not-dermoscopic)", StringComparison.Ordinal) && m.Contains("screening distance ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Rejected image", StringComparison.Ordinal) && m.Contains("UnsupportedFormat", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("jane-doe", StringComparison.OrdinalIgnoreCase));
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
        var messages = sink.Messages.ToArray();
        Assert.Contains(messages, m => m.Contains("Classified request", StringComparison.Ordinal) && m.Contains("200x150", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Rejected image", StringComparison.Ordinal) && m.Contains("UnsupportedFormat", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("jane-doe", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Messages);

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
