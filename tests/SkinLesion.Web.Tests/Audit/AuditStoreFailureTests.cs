using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests.Audit;

/// <summary>No unrecorded answers: while the store cannot take a write, answers are withheld and readiness fails.</summary>
public sealed class AuditStoreFailureTests : IDisposable
{
    // A second of waiting for the locked file, so the tests do not sit out the 5 s default.
    private readonly WebApplicationFactory<Program> _factory = new ApiFactory().WithWebHostBuilder(builder =>
        builder.UseSetting("SkinLesion:Audit:WriteTimeoutSeconds", "1"));

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Post_AuditFileLocked_Answers503AuditUnavailableAndReadinessFails_ThenRecovers()
    {
        // Arrange
        using var client = _factory.CreateClient();
        string file = AuditRecords.SqliteFile(_factory);
        long before = await AuditRecords.CountRowsAsync(file);
        var locker = await AuditRecords.LockAsync(file);

        // Act
        using var withheld = await client.PostAsync(Http.ClassificationsPath, Http.Raw(AssessmentImages.DermoscopyLikePng(), "image/png"));
        using var refusedToo = await client.PostAsync(Http.ClassificationsPath, Http.Raw(TestImages.WithPadding(TestImages.GifPrefix), "image/png"));
        using var notReady = await client.GetAsync("/health/ready");
        var notReadyBody = await notReady.Content.ReadAsStringAsync();
        await locker.DisposeAsync();
        using var answered = await client.PostAsync(Http.ClassificationsPath, Http.Raw(AssessmentImages.DermoscopyLikePng(), "image/png"));
        using var ready = await client.GetAsync("/health/ready");

        // Assert
        await Http.AssertProblemAsync(withheld, HttpStatusCode.ServiceUnavailable, ProblemTypes.AuditUnavailable, "could not be written to the audit trail");
        await Http.AssertProblemAsync(refusedToo, HttpStatusCode.ServiceUnavailable, ProblemTypes.AuditUnavailable, "gives no answer it has not recorded");
        Assert.Equal("60", withheld.Headers.RetryAfter?.ToString()); // "try again in a minute", as OpenAPI declares for every 503
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var audit = JsonDocument.Parse(notReadyBody).RootElement.GetProperty("checks").GetProperty("audit");
        Assert.Equal("Unhealthy", audit.GetProperty("status").GetString());
        Assert.True(audit.GetProperty("data").TryGetProperty("lastFailureUtc", out _), notReadyBody);
        Assert.DoesNotContain(file, notReadyBody, StringComparison.Ordinal);
        await Http.AssertClassificationAsync(answered);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(before + 1, await AuditRecords.CountRowsAsync(file));
    }

    [Fact]
    public async Task AuditFileDeletedWhileRunning_AnswersAndReadsWithheld_ReadinessFails_TheReadFailureLogged()
    {
        // Arrange: a named client (only it may read its records) whose first answer is recorded, then the file deleted
        // under the running service, whose connections still hold it open.
        var warnings = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var host = Auth.AuthHosts.Create(Auth.AuthHosts.ApiKeySettings());
        using var factory = host.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddLogging(logging => logging.AddProvider(new WarningRecorder(warnings)))));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Auth.AuthHosts.LabKey);
        using var first = await client.PostAsync(Http.ClassificationsPath, Http.Raw(AssessmentImages.DermoscopyLikePng(), "image/png"));
        string requestId = (await Http.AssertClassificationAsync(first)).GetProperty("requestId").GetString()!;
        string file = AuditRecords.SqliteFile(factory);
        foreach (var part in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
        {
            File.Delete(part);
        }

        // Act
        using var withheld = await client.PostAsync(Http.ClassificationsPath, Http.Raw(AssessmentImages.DermoscopyLikePng(), "image/png"));
        using var unread = await client.GetAsync(AuditRecords.AssessmentsPath + requestId);
        using var notReady = await client.GetAsync("/health/ready");

        // Assert: nothing answered that is not recorded, and IT can find the failed read by the id its answer gives.
        await Http.AssertProblemAsync(withheld, HttpStatusCode.ServiceUnavailable, ProblemTypes.AuditUnavailable, "could not be written to the audit trail");
        var problem = await Http.AssertProblemAsync(unread, HttpStatusCode.ServiceUnavailable, ProblemTypes.AuditUnavailable, "cannot be read");
        Assert.Equal("60", unread.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        string readId = problem.GetProperty("requestId").GetString()!;
        Assert.Contains(warnings, line => line.Contains($"Could not read the audit trail for request {readId}", StringComparison.Ordinal));
        Assert.False(File.Exists(file), "the running service made the audit file again");
    }

    [Fact]
    public async Task PostPageForm_AuditFileLocked_ShowsTheResultCouldNotBeRecordedWithoutAVerdictAndRetryAfter()
    {
        // Arrange
        using var client = _factory.CreateClient();
        using var form = ClinicianPageTests.Form(TestImages.LesionPng(), "lesion.png", await ClinicianPageTests.TokenAsync(client));
        await using var locker = await AuditRecords.LockAsync(AuditRecords.SqliteFile(_factory));

        // Act
        using var response = await client.PostAsync("/", form);
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("The result could not be recorded", html, StringComparison.Ordinal);
        Assert.Contains("data-refusal=\"audit-unavailable\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-verdict=", html, StringComparison.Ordinal);
        Assert.Equal("60", response.Headers.RetryAfter?.ToString());
    }
}
