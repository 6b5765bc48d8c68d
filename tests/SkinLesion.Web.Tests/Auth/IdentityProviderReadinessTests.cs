using System.Net;
using System.Text.Json;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>Readiness reports whether the identity provider's discovery document can be had (Hosting/IdentityProviderHealthCheck.cs).</summary>
public sealed class IdentityProviderReadinessTests
{
    [Fact]
    public async Task Ready_ProviderAnswering_ReportsItHealthy()
    {
        // Arrange
        using var provider = new TestIdentityProvider();
        using var factory = AuthHosts.Create([.. AuthHosts.ApiKeySettings(), .. TestIdentityProvider.BearerSettings()], provider);
        using var client = factory.CreateClient();

        // Act
        var (status, check) = await ReadyAsync(client);

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.Equal(TestIdentityProvider.Issuer, check.GetProperty("data").GetProperty("bearerAuthority").GetString());
    }

    [Fact]
    public async Task Ready_ProviderUnreachable_StaysReadyButReportsItDegradedNamingTheAuthority()
    {
        // Arrange: a port nobody listens on, as a mistyped authority would be; API keys still work.
        const string authority = "http://127.0.0.1:9/realms/hospital";
        using var factory = AuthHosts.Create([
            .. AuthHosts.ApiKeySettings(),
            ("SkinLesion:Auth:Bearer:Authority", authority),
            ("SkinLesion:Auth:Bearer:Audience", TestIdentityProvider.Audience),
            ("SkinLesion:Auth:Bearer:RequireHttpsMetadata", "false"),
        ]);
        using var client = factory.CreateClient();

        // Act
        var (status, check) = await ReadyAsync(client);

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains($"The discovery document of {authority} could not be read for bearer tokens", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_NoIdentityProviderConfigured_HasNoSuchCheck()
    {
        // Arrange
        using var factory = AuthHosts.Create(AuthHosts.ApiKeySettings());
        using var client = factory.CreateClient();

        // Act
        using var response = await client.GetAsync("/health/ready");
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");

        // Assert
        Assert.False(checks.TryGetProperty("identityProvider", out _));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Check)> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("checks").GetProperty("identityProvider").Clone());
    }
}
