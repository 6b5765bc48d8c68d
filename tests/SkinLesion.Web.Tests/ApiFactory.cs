using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SkinLesion.Audit;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Audit;

namespace SkinLesion.Web.Tests;

/// <summary>The real application with the shipped model, hosted in memory.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // "Testing" is not Development, so the service refuses to start without an authentication method. These
        // tests are about classification, so anonymous use is allowed on purpose; the tests in Auth/ switch it off
        // and configure API keys, bearer tokens and page sign-in through the real handlers.
        builder.UseSetting("SkinLesion:Auth:AllowAnonymous", "true");
        // Every host built from this factory (WithWebHostBuilder ones too) keeps its audit trail in a SQLite file of its
        // own, removed when the host stops: parallel tests never share a file, and nothing lands in the repository.
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"skinlesion-web-audit-{Guid.NewGuid():N}");
        builder.UseSetting("SkinLesion:Audit:DataDirectory", dataDirectory);
        builder.ConfigureServices(services => services.AddSingleton<IHostedService>(provider => new ScratchDataDirectory(dataDirectory, provider.GetService<IAuditStore>())));

        // The in-memory server has no remote address, so every test of a shared factory is one client; the
        // rate-limit tests (LoadControlTests) use their own factories with small limits.
        builder.UseSetting("SkinLesion:RateLimit:TokenLimit", "1000000");
        builder.UseSetting("SkinLesion:RateLimit:TokensPerPeriod", "1000000");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}

/// <summary>Deletes a test host's data directory when the host stops (after its last request).</summary>
/// <remarks>
/// The store is taken when the host starts, not looked up when it stops: with minimal hosting the entry point stops and
/// disposes the same host on its own thread while the factory stops it (dotnet/aspnetcore #40271), so the container
/// may already be gone by the time this runs.
/// </remarks>
internal sealed class ScratchDataDirectory(string path, IAuditStore? store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // This host's store first: its pooled connections hold the file and remove its -wal and -shm as they close.
        store?.Dispose();

        AuditDataDirectory.Remove(path);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiGroup : ICollectionFixture<ApiFactory>
{
    public const string Name = "In-memory API";
}

internal static class Http
{
    public const string ClassificationsPath = "/api/v1/classifications";

    public static MultipartFormDataContent Multipart(byte[] bytes, string fileName, string contentType, string field = "image")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    public static ByteArrayContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>Asserts an RFC 9457 body with the expected status and type, and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string detailContains)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Contains(detailContains, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("requestId").GetString()));
        return problem;
    }

    /// <summary>
    /// The exception a host that cannot start fails with. WebApplicationFactory now and then reports an
    /// ObjectDisposedException instead: the failed host disposed its services before the factory read them
    /// (dotnet/aspnetcore#33494), which says nothing about the start. The start is then tried again, at most three times.
    /// </summary>
    public static Exception StartupError(WebApplicationFactory<Program> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        for (int attempt = 1; ; attempt++)
        {
            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            if (error is not ObjectDisposedException || attempt == 3)
            {
                return error;
            }
        }
    }

    /// <summary>Asserts a 200 with a diagnosis (status classified or uncertain) and consistent figures, and returns it.</summary>
    public static async Task<JsonElement> AssertClassificationAsync(HttpResponseMessage response)
    {
        var result = await AssertAssessedAsync(response);
        Assert.True(result.GetProperty("status").GetString() is "classified" or "uncertain", $"expected a diagnosis, got: {result}");
        Assert.Equal(ShippedModel.ClassCount, result.GetProperty("probabilities").EnumerateObject().Count());
        Assert.InRange(result.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble()), 0.999, 1.001);
        var prediction = result.GetProperty("prediction");
        Assert.Equal(
            result.GetProperty("probabilities").GetProperty(prediction.GetProperty("code").GetString()!).GetDouble(),
            prediction.GetProperty("probability").GetDouble(),
            6);
        var verdict = result.GetProperty("verdict");
        Assert.True(verdict.GetProperty("label").GetString() is "benign" or "malignant");
        Assert.Equal(
            verdict.GetProperty("malignantProbability").GetDouble() >= verdict.GetProperty("threshold").GetDouble(),
            verdict.GetProperty("label").GetString() == "malignant");
        Assert.False(result.TryGetProperty("reason", out _), "only a rejected image has a 'reason'");
        return result;
    }

    /// <summary>Asserts a 200 rejection with the given reason code and no diagnosis in any form, and returns it.</summary>
    public static async Task<JsonElement> AssertRejectedAsync(HttpResponseMessage response, string reasonCode)
    {
        var result = await AssertAssessedAsync(response);
        Assert.Equal("rejected", result.GetProperty("status").GetString());
        var reason = result.GetProperty("reason");
        Assert.Equal(reasonCode, reason.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(reason.GetProperty("message").GetString()));
        Assert.Contains("dermatoscope", reason.GetProperty("advice").GetString(), StringComparison.Ordinal);
        foreach (var diagnosis in new[] { "prediction", "verdict", "probabilities", "explanation", "reasons", "lesion" })
        {
            Assert.False(result.TryGetProperty(diagnosis, out _), $"a rejected image's response has '{diagnosis}': {result}");
        }

        return result;
    }

    /// <summary>What every 200 carries, whatever the status.</summary>
    private static async Task<JsonElement> AssertAssessedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        var result = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("requestId").GetString()));
        Assert.Contains("not a diagnosis", result.GetProperty("disclaimer").GetString(), StringComparison.Ordinal);
        Assert.True(result.GetProperty("timings").GetProperty("totalMs").GetDouble() > 0);
        Assert.True(result.GetProperty("timings").GetProperty("screeningMs").GetDouble() >= 0);
        Assert.Equal(64, result.GetProperty("model").GetProperty("sha256").GetString()!.Length);
        Assert.True(result.GetProperty("image").GetProperty("width").GetInt32() > 0);
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("texture").GetDouble() >= 0);
        Assert.True(screening.GetProperty("textureMinimum").GetDouble() > 0);
        Assert.True(screening.TryGetProperty("distanceScore", out _) && screening.TryGetProperty("distanceThreshold", out _), "screening always names the distance, null when the check is off");
        Assert.True(screening.TryGetProperty("earlyScore", out _) && screening.TryGetProperty("earlyThreshold", out _), "screening always names the early-stage distance, null when the check is off");
        Assert.True(screening.TryGetProperty("headScore", out _) && screening.TryGetProperty("headThreshold", out _), "screening always names the head, null when the artifact has none");
        return result;
    }
}
