using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkinLesion.Tests.Assessment;
using SkinLesion.Web.Tests.Auth;

namespace SkinLesion.Web.Tests.Hosting;

/// <summary>
/// Request ids are version-7 UUIDs made as each request's context is created (Hosting/RequestIdHttpContextFactory.cs),
/// unique across replicas that share an audit store (Kestrel's, seeded from the clock, collided between instances
/// started together), and the same id in the answer, the request's logging scope and the audit record.
/// </summary>
public sealed class RequestIdTests
{
    [Fact]
    public async Task Classify_AnswersWithAVersion7Uuid_TheIdOfItsLogScopeAndAuditRecord()
    {
        // Arrange
        var sink = new ScopeRecorder();
        using var host = AuthHosts.Create(AuthHosts.ApiKeySettings());
        using var factory = host.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddLogging(logging => logging.AddProvider(sink))));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AuthHosts.LabKey); // a named client reads its own records
        var image = AssessmentImages.DermoscopyLikeJpeg(200, 150);

        // Act
        using var first = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(image, "lesion.jpg", "image/jpeg"));
        using var second = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(image, "lesion.jpg", "image/jpeg"));
        string firstId = (await Http.AssertClassificationAsync(first)).GetProperty("requestId").GetString()!;
        string secondId = (await Http.AssertClassificationAsync(second)).GetProperty("requestId").GetString()!;

        // Assert
        foreach (var id in new[] { firstId, secondId })
        {
            Assert.True(Guid.TryParseExact(id, "D", out var uuid), $"'{id}' is not a UUID");
            Assert.Equal(7, uuid.Version);
            Assert.Equal(id, await sink.ScopeOfAsync("Classified request", id));
        }

        Assert.NotEqual(firstId, secondId);
        using var record = await client.GetAsync($"/api/v1/assessments/{secondId}");
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Contains(secondId, await record.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Keeps the RequestId scope of every line a host logs, with the line.</summary>
    private sealed class ScopeRecorder : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<(string Message, string? RequestId)> _lines = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        /// <summary>The RequestId scope of the line containing both texts; waits for it (the classification's line follows the answer).</summary>
        public async Task<string?> ScopeOfAsync(string text, string requestId)
        {
            for (int attempt = 0; attempt < 100; attempt++)
            {
                foreach (var (message, scope) in _lines)
                {
                    if (message.Contains(text, StringComparison.Ordinal) && message.Contains(requestId, StringComparison.Ordinal))
                    {
                        return scope;
                    }
                }

                await Task.Delay(50);
            }

            Assert.Fail($"no log line holds '{text}' and '{requestId}' after 5 s: {string.Join(" | ", _lines.Select(l => l.Message))}");
            return null;
        }

        private sealed class Recorder(ScopeRecorder owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                string? requestId = null;
                owner._scopes.ForEachScope(
                    (scope, _) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs && pairs.FirstOrDefault(p => p.Key == "RequestId").Value is string id)
                        {
                            requestId = id;
                        }
                    },
                    (object?)null);
                owner._lines.Enqueue((formatter(state, exception), requestId));
            }
        }
    }
}
