using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>API keys through the real handler: the configuration holds only hashes, the client sends the key in X-Api-Key.</summary>
public sealed class ApiKeyAuthenticationTests : IClassFixture<ApiKeyAuthenticationTests.Host>
{
    private readonly Host _host;
    private readonly HttpClient _client;

    public ApiKeyAuthenticationTests(Host host)
    {
        _host = host;
        _client = host.Factory.CreateClient();
    }

    [Fact]
    public async Task Classify_NoApiKey_401ProblemNamingTheHeader()
    {
        // Act
        using var response = await _client.SendAsync(AuthHosts.ClassifyRequest());

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "an API key in the X-Api-Key header");
        Assert.Equal("Authentication required", problem.GetProperty("title").GetString());
        Assert.Contains("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_WrongApiKey_401ProblemThatDoesNotEchoTheKey()
    {
        // Arrange
        const string wrongKey = "lab-6Jq2vX9pT4mW8rZ2";
        using var request = Classify(wrongKey);

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "is not recognised");
        Assert.DoesNotContain(wrongKey, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_TheConfiguredHashItselfAsKey_401()
    {
        // Arrange: whoever reads the configuration learns the hash, which must not work as a key.
        using var request = Classify(AuthHosts.Sha256Hex(AuthHosts.LabKey));

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "is not recognised");
    }

    [Fact]
    public async Task Classify_TwoApiKeyHeaders_401AskingForExactlyOne()
    {
        // Arrange
        using var request = Classify(AuthHosts.LabKey);
        request.Headers.Add("X-Api-Key", AuthHosts.PathologyKey);

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "exactly one");
    }

    [Fact]
    public async Task Classify_EmptyApiKeyHeader_401SayingItIsEmpty()
    {
        // Arrange: the header present with no value (curl -H 'X-Api-Key;'), which HttpClient would not send; the image is
        // not needed, as the credential is judged first.
        var server = _host.Factory.Server;

        // Act
        var context = await server.SendAsync(request =>
        {
            request.Request.Method = HttpMethods.Post;
            request.Request.Path = Http.ClassificationsPath;
            request.Request.Headers["X-Api-Key"] = string.Empty;
        });
        string body = await new StreamReader(context.Response.Body).ReadToEndAsync();

        // Assert
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal(ProblemTypes.Unauthorized, problem.GetProperty("type").GetString());
        Assert.Contains("The X-Api-Key header is empty", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuthHosts.LabKey, AuthHosts.LabClient)]
    [InlineData(AuthHosts.PathologyKey, AuthHosts.PathologyClient)] // configured with an upper-case hash
    public async Task Classify_ConfiguredApiKey_200ClassificationAndTheCallerIsTheClientsName(string key, string client)
    {
        // Arrange
        using var request = Classify(key);

        // Act
        using var response = await _client.SendAsync(request);

        // Assert
        await Http.AssertClassificationAsync(response);
        var seen = _host.Recorder.Requests.Last(seen => seen.Path == Http.ClassificationsPath && seen.Name == client);
        Assert.True(seen.IsAuthenticated);
        Assert.Equal("ApiKey", seen.AuthenticationType);
        Assert.Equal(200, seen.Status);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/api/v1/model")]
    public async Task Get_HealthAndModelCard_WithoutKey_200(string path)
    {
        // Act
        using var response = await _client.GetAsync(path);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ClinicianPage_OnlyApiKeysConfigured_BrowserGets401PageSayingThereIsNoBrowserSignIn()
    {
        // Arrange: no page sign-in is configured, so a clinician cannot get in, and must be told, not shown the form.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html");

        // Act
        using var response = await _client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Not available in a browser", html, StringComparison.Ordinal);
        Assert.Contains("no sign-in for people in a browser", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Back to the upload page", html, StringComparison.Ordinal); // it would lead back here
        Assert.DoesNotContain("upload-form", html, StringComparison.Ordinal);
        Assert.DoesNotContain("auth-off", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClinicianPagePost_WithoutCredential_Refused401NamingTheKeyHeader()
    {
        // Arrange: the form post cannot be a way around the API's key.
        using var form = ClinicianPageTests.Form(TestImages.LesionJpeg(), "lesion.jpg", token: null);

        // Act
        using var response = await _client.PostAsync("/", form);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task RateLimit_PartitionsByApiKeyClient_OneClientsBurstDoesNotLimitAnother()
    {
        // Arrange: a bucket of 2 per client that refills once a minute; every test request comes from one address.
        using var factory = AuthHosts.Create([
            .. AuthHosts.ApiKeySettings(),
            ("SkinLesion:RateLimit:TokenLimit", "2"),
            ("SkinLesion:RateLimit:TokensPerPeriod", "1"),
            ("SkinLesion:RateLimit:ReplenishmentPeriodSeconds", "60")]);
        using var client = factory.CreateClient();
        for (int i = 0; i < 2; i++)
        {
            using var allowed = await client.SendAsync(Classify(AuthHosts.LabKey));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // Act
        using var limited = await client.SendAsync(Classify(AuthHosts.LabKey));
        using var other = await client.SendAsync(Classify(AuthHosts.PathologyKey));

        // Assert: the limiter saw the authenticated names, so authentication ran before it.
        await Http.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, ProblemTypes.TooManyRequests, "try again in");
        await Http.AssertClassificationAsync(other);
    }

    private static HttpRequestMessage Classify(string apiKey)
    {
        var request = AuthHosts.ClassifyRequest();
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }

    /// <summary>One host with the two API keys for the class, and the recorder of who each request was.</summary>
    public sealed class Host : IDisposable
    {
        public Host() => Factory = AuthHosts.Create(AuthHosts.ApiKeySettings(), recorder: Recorder);

        internal IdentityRecorder Recorder { get; } = new();

        public WebApplicationFactory<Program> Factory { get; }

        public void Dispose() => Factory.Dispose();
    }
}
