using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Tests.Auth;

namespace SkinLesion.Web.Tests.Audit;

/// <summary>A record is read by the client that was answered; request ids are guessable, so nobody else learns anything from one.</summary>
public sealed class AuditAccessTests : IClassFixture<AuditAccessTests.Host>
{
    private readonly HttpClient _client;

    public AuditAccessTests(Host host) => _client = host.Factory.CreateClient();

    [Fact]
    public async Task GetRecord_ByTheClientThatWasAnswered_200WithItsName()
    {
        // Arrange
        string requestId = await ClassifyAsync(AuthHosts.LabKey);

        // Act
        using var response = await _client.SendAsync(Get(requestId, AuthHosts.LabKey));
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var record = JsonDocument.Parse(body).RootElement;
        Assert.Equal(requestId, record.GetProperty("requestId").GetString());
        Assert.Equal(AuthHosts.LabClient, record.GetProperty("client").GetString());
        Assert.Equal("ApiKey", record.GetProperty("clientKind").GetString());
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control {response.Headers.CacheControl}");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task GetRecord_ByAnotherClient_404AsIfTheIdDidNotExist()
    {
        // Arrange
        string requestId = await ClassifyAsync(AuthHosts.LabKey);

        // Act
        using var stranger = await _client.SendAsync(Get(requestId, AuthHosts.PathologyKey));
        using var missing = await _client.SendAsync(Get(requestId + "0", AuthHosts.PathologyKey));

        // Assert: the answer names no client and holds nothing of the record, and a missing id reads the same.
        var problem = await Http.AssertProblemAsync(stranger, HttpStatusCode.NotFound, ProblemTypes.AssessmentNotFound, "this client may read");
        Assert.DoesNotContain(AuthHosts.LabClient, problem.GetRawText(), StringComparison.Ordinal);
        var missingProblem = await Http.AssertProblemAsync(missing, HttpStatusCode.NotFound, ProblemTypes.AssessmentNotFound, "this client may read");
        Assert.Equal(missingProblem.GetProperty("title").GetString(), problem.GetProperty("title").GetString());
        Assert.Equal(missingProblem.GetProperty("detail").GetString()!.Replace(requestId + "0", requestId, StringComparison.Ordinal), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GetRecord_UnknownId_404NamingTheId()
    {
        using var response = await _client.SendAsync(Get("0HNOSUCHREQUEST:00000001", AuthHosts.LabKey));

        await Http.AssertProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.AssessmentNotFound, "request id '0HNOSUCHREQUEST:00000001'");
    }

    [Fact]
    public async Task GetRecord_WhereAnonymousUseIsAllowed_TheKeyedClientReadsItsOwnAndACallerWithoutAKeyReadsNone()
    {
        // Arrange: one host that takes API keys and callers without any.
        using var factory = AuthHosts.Create([.. AuthHosts.ApiKeySettings(), ("SkinLesion:Auth:AllowAnonymous", "true")]);
        using var client = factory.CreateClient();
        using var keyed = AuthHosts.ClassifyRequest();
        keyed.Headers.Add("X-Api-Key", AuthHosts.LabKey);
        using var keyedAnswer = await client.SendAsync(keyed);
        string keyedId = (await Http.AssertClassificationAsync(keyedAnswer)).GetProperty("requestId").GetString()!;
        using var anonymousAnswer = await client.SendAsync(AuthHosts.ClassifyRequest());
        string anonymousId = (await Http.AssertClassificationAsync(anonymousAnswer)).GetProperty("requestId").GetString()!;

        // Act
        using var own = await client.SendAsync(Get(keyedId, AuthHosts.LabKey));
        using var keyedByNobody = await client.GetAsync(AuditRecords.AssessmentsPath + Uri.EscapeDataString(keyedId));
        using var anonymousByNobody = await client.GetAsync(AuditRecords.AssessmentsPath + Uri.EscapeDataString(anonymousId));

        // Assert
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await Http.AssertProblemAsync(keyedByNobody, HttpStatusCode.NotFound, ProblemTypes.AssessmentNotFound, "without a credential");
        await Http.AssertProblemAsync(anonymousByNobody, HttpStatusCode.NotFound, ProblemTypes.AssessmentNotFound, "without a credential");
        Assert.Equal("anonymous", (await AuditRecords.FetchAsync(factory, anonymousId)).GetProperty("client").GetString());
    }

    private async Task<string> ClassifyAsync(string apiKey)
    {
        using var request = AuthHosts.ClassifyRequest();
        request.Headers.Add("X-Api-Key", apiKey);
        using var response = await _client.SendAsync(request);
        var answer = await Http.AssertClassificationAsync(response);
        return answer.GetProperty("requestId").GetString()!;
    }

    private static HttpRequestMessage Get(string requestId, string apiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, AuditRecords.AssessmentsPath + Uri.EscapeDataString(requestId));
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }

    /// <summary>One host with the two API keys of the authentication tests.</summary>
    public sealed class Host : IDisposable
    {
        public WebApplicationFactory<Program> Factory { get; } = AuthHosts.Create(AuthHosts.ApiKeySettings());

        public void Dispose() => Factory.Dispose();
    }
}
