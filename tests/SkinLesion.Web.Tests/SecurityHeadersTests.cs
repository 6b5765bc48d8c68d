using System.Net;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>Every response is never content-sniffed and never framed, whatever produced it; the pages keep their full policy.</summary>
[Collection(ApiGroup.Name)]
public sealed class SecurityHeadersTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/swagger/index.html", HttpStatusCode.OK)]
    [InlineData("/swagger/v1/swagger.json", HttpStatusCode.OK)]
    [InlineData("/css/site.css", HttpStatusCode.OK)]
    [InlineData("/api/v1/model", HttpStatusCode.OK)]
    [InlineData("/health/ready", HttpStatusCode.OK)]
    [InlineData("/api/v1/no-such-thing", HttpStatusCode.NotFound)]
    public async Task AnyResponse_NoSniffNoFramingNoReferrer(string path, HttpStatusCode status)
    {
        // Act
        using var response = await _client.GetAsync(path);

        // Assert
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Page_KeepsItsOwnContentSecurityPolicy()
    {
        // Act
        using var response = await _client.GetAsync("/");

        // Assert: one policy, the page's (scripts and images from this origin only), which forbids framing too.
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.EndsWith("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("https://skinlesion.example", "/", true)]
    [InlineData("https://skinlesion.example", "/api/v1/no-such-thing", true)]
    [InlineData("http://skinlesion.example", "/", false)]
    [InlineData("https://localhost", "/", false)]
    public async Task Https_OutsideDevelopment_StrictTransportSecurityExceptForLoopback(string origin, string path, bool expected)
    {
        // Arrange: the tests' host runs as Testing, which is not Development.
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri(origin), AllowAutoRedirect = false });

        // Act
        using var response = await client.GetAsync(path);

        // Assert
        Assert.Equal(expected, response.Headers.TryGetValues("Strict-Transport-Security", out var values));
        if (expected)
        {
            Assert.Equal("max-age=2592000", Assert.Single(values!));
        }
    }
}
