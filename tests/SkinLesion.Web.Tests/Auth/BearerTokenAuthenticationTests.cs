using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.Tokens;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>
/// Bearer tokens through the real JwtBearer handler: minted in the test with the test identity provider's RSA key,
/// which the service trusts through the provider's discovery document (issuer, audience, scope from configuration).
/// </summary>
public sealed class BearerTokenAuthenticationTests : IClassFixture<BearerTokenAuthenticationTests.Host>
{
    private readonly Host _host;
    private readonly HttpClient _client;

    public BearerTokenAuthenticationTests(Host host)
    {
        _host = host;
        _client = host.Factory.CreateClient();
    }

    private TestIdentityProvider Provider => _host.Provider;

    [Fact]
    public async Task Classify_TokenWithScope_200ClassificationAndTheCallerIsTheSubject()
    {
        // Arrange
        using var request = Classify(Provider.AccessToken(subject: "lab-integration-42"));

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertClassificationAsync(response);
        var seen = _host.Recorder.Requests.Last(seen => seen.Name == "lab-integration-42");
        Assert.True(seen.IsAuthenticated);
        Assert.Equal("Bearer", seen.AuthenticationType);
    }

    [Fact]
    public async Task GetRecord_TokenWithoutASubject_404EvenForItsOwnAnswer()
    {
        // Arrange: a valid token that names nobody; every such token would be the same owner.
        string token = Provider.AccessToken(subject: "");
        using var classify = Classify(token);
        using var classified = await _client.SendAsync(classify);
        string requestId = (await Http.AssertClassificationAsync(classified)).GetProperty("requestId").GetString()!;
        using var read = new HttpRequestMessage(HttpMethod.Get, Audit.AuditRecords.AssessmentsPath + Uri.EscapeDataString(requestId));
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Act
        using var response = await _client.SendAsync(read);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.AssessmentNotFound, "a token that names no subject");
    }

    [Fact]
    public async Task Classify_TokenWithRequiredRoleInsteadOfScope_200()
    {
        // Arrange: Entra ID style: an app role in 'roles', no scope.
        using var request = Classify(Provider.AccessToken(scope: null, roles: ["Reader", TestIdentityProvider.Role]));

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertClassificationAsync(response);
    }

    [Fact]
    public async Task Classify_TokenWithoutScope_403ProblemNamingTheScope()
    {
        // Arrange: a valid token for this audience, but with other scopes only.
        using var request = Classify(Provider.AccessToken(scope: "openid profile skinlesion.read"));

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.Forbidden, ProblemTypes.Forbidden, $"scope '{TestIdentityProvider.Scope}'");
        Assert.Equal("Not permitted", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Classify_ExpiredToken_401ProblemSayingItExpired()
    {
        // Arrange: expired an hour ago, well beyond the clock-skew allowance.
        using var request = Classify(Provider.AccessToken(expires: DateTime.UtcNow.AddHours(-1)));

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "expired");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_TokenForAnotherAudience_401()
    {
        // Arrange
        using var request = Classify(Provider.AccessToken(audience: "another-service"));

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "not issued for this service");
    }

    [Fact]
    public async Task Classify_TokenSignedWithAnUntrustedKey_401()
    {
        // Arrange: the same claims, signed by a key the identity provider never published.
        using var rsa = RSA.Create(2048);
        using var request = Classify(Provider.AccessToken(signedWith: new RsaSecurityKey(rsa) { KeyId = "test-key-1" }));

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "signature");
    }

    [Fact]
    public async Task Classify_MalformedToken_401()
    {
        // Arrange
        using var request = Classify("not-a-jwt");

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "bearer token");
    }

    [Fact]
    public async Task Classify_NoCredential_401ProblemNamingBothMethods()
    {
        // Act
        using var response = await _client.SendAsync(AuthHosts.ClassifyRequest());

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "an API key in the X-Api-Key header, or a bearer token");
        var challenges = response.Headers.WwwAuthenticate.Select(challenge => challenge.Scheme).ToList();
        Assert.Contains("Bearer", challenges);
        Assert.Contains("ApiKey", challenges);
    }

    [Fact]
    public async Task Health_WithExpiredToken_StillAnswers200()
    {
        // Arrange: probes never authenticate, so a stale credential in a shared client cannot fail them.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Provider.AccessToken(expires: DateTime.UtcNow.AddHours(-1)));

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage Classify(string token)
    {
        var request = AuthHosts.ClassifyRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>One host for the class: API keys and bearer tokens (scope or role required) from the test provider.</summary>
    public sealed class Host : IDisposable
    {
        public Host() => Factory = AuthHosts.Create(
            [.. AuthHosts.ApiKeySettings(), .. TestIdentityProvider.BearerSettings(role: TestIdentityProvider.Role)], Provider, Recorder);

        internal TestIdentityProvider Provider { get; } = new();

        internal IdentityRecorder Recorder { get; } = new();

        public WebApplicationFactory<Program> Factory { get; }

        public void Dispose()
        {
            Factory.Dispose();
            Provider.Dispose();
        }
    }
}
