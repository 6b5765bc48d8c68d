using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>
/// Where anonymous use is allowed: Development with no method configured (so `dotnet run` works out of the box), or
/// SkinLesion:Auth:AllowAnonymous=true. The page says authentication is off; a credential that is sent must still be valid.
/// </summary>
public sealed class AnonymousUseTests
{
    private const string Notice = "Authentication is off.";

    [Fact]
    public async Task Development_NothingConfigured_ClassifiesAnonymouslyAndTheCallerIsUnauthenticated()
    {
        // Arrange
        var recorder = new IdentityRecorder();
        using var factory = Host("Development", [], recorder);
        using var client = factory.CreateClient();

        // Act
        using var response = await client.SendAsync(AuthHosts.ClassifyRequest());

        // Assert
        await Http.AssertClassificationAsync(response);
        var seen = recorder.Last(Http.ClassificationsPath);
        Assert.False(seen.IsAuthenticated);
        Assert.Null(seen.Name);
    }

    [Fact]
    public async Task Development_NothingConfigured_PageShowsTheAuthenticationIsOffNotice()
    {
        // Arrange
        using var factory = Host("Development", []);
        using var client = factory.CreateClient();

        // Act
        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"auth-off\"", html, StringComparison.Ordinal);
        Assert.Contains(Notice, html, StringComparison.Ordinal);
        Assert.Contains("id=\"upload-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_WrongApiKeySent_401NotAnonymous()
    {
        // Arrange: a misconfigured client must find out, not be served as if it had sent nothing.
        using var factory = Host("Development", []);
        using var client = factory.CreateClient();
        using var request = AuthHosts.ClassifyRequest();
        request.Headers.Add("X-Api-Key", "a-key-this-server-never-issued");

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "is not recognised");
    }

    [Fact]
    public async Task Development_ApiKeyConfigured_AuthenticationIsOnAndThePageHasNoNotice()
    {
        // Arrange
        using var factory = Host("Development", AuthHosts.ApiKeySettings());
        using var client = factory.CreateClient();

        // Act
        using var api = await client.SendAsync(AuthHosts.ClassifyRequest());
        using var page = await client.GetAsync("/");

        // Assert
        await Http.AssertProblemAsync(api, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "X-Api-Key");
        Assert.DoesNotContain(Notice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_AllowAnonymousWithApiKeys_AnonymousServedWithNotice_KeyedCallerNamed()
    {
        // Arrange
        var recorder = new IdentityRecorder();
        using var factory = Host("Production", [.. AuthHosts.ApiKeySettings(), ("SkinLesion:Auth:AllowAnonymous", "true")], recorder);
        using var client = factory.CreateClient();
        using var keyed = AuthHosts.ClassifyRequest();
        keyed.Headers.Add("X-Api-Key", AuthHosts.LabKey);

        // Act
        using var anonymous = await client.SendAsync(AuthHosts.ClassifyRequest());
        var anonymousCaller = recorder.Last(Http.ClassificationsPath);
        using var named = await client.SendAsync(keyed);
        var namedCaller = recorder.Last(Http.ClassificationsPath);
        using var page = await client.GetAsync("/");

        // Assert
        await Http.AssertClassificationAsync(anonymous);
        Assert.False(anonymousCaller.IsAuthenticated);
        await Http.AssertClassificationAsync(named);
        Assert.Equal(AuthHosts.LabClient, namedCaller.Name);
        Assert.Contains(Notice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> Host(string environment, IEnumerable<(string Key, string Value)> settings, IdentityRecorder? recorder = null) =>
        new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("SkinLesion:Auth:AllowAnonymous", "false"); // ApiFactory's default, undone: the environment decides
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (recorder is not null)
            {
                builder.ConfigureTestServices(recorder.Register);
            }
        });
}
