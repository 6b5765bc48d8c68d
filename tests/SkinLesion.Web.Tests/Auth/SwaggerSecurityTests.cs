using System.Text.Json;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>The API description names the credentials this deployment accepts, and no other, so Swagger UI's Authorize dialog and generated clients send them, and marks what needs one.</summary>
public sealed class SwaggerSecurityTests
{
    [Fact]
    public async Task Swagger_ApiKeysAndBearerConfigured_DescribesBothSchemesAndRequiresOneOnClassification()
    {
        // Arrange
        var provider = new TestIdentityProvider();
        using var factory = AuthHosts.Create([.. AuthHosts.ApiKeySettings(), .. TestIdentityProvider.BearerSettings()], provider);
        using var client = factory.CreateClient();

        // Act
        var openApi = await DocumentAsync(client);

        // Assert
        var schemes = openApi.GetProperty("components").GetProperty("securitySchemes");
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal("apiKey", apiKey.GetProperty("type").GetString());
        Assert.Equal("header", apiKey.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", apiKey.GetProperty("name").GetString());
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());

        var classify = openApi.GetProperty("paths").GetProperty("/api/v1/classifications").GetProperty("post");
        Assert.Equal(["ApiKey", "Bearer"], Requirements(classify));
        Assert.EndsWith("/unauthorized", Example(classify, "401").GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/forbidden", Example(classify, "403").GetProperty("type").GetString(), StringComparison.Ordinal);

        Assert.False(openApi.GetProperty("paths").GetProperty("/api/v1/model").GetProperty("get").TryGetProperty("security", out _), "the model card is public");
    }

    [Fact]
    public async Task Swagger_ApiKeysOnly_DescribesNoBearerSchemeTheServerWouldRefuse()
    {
        // Arrange
        using var factory = AuthHosts.Create(AuthHosts.ApiKeySettings());
        using var client = factory.CreateClient();

        // Act
        var openApi = await DocumentAsync(client);

        // Assert
        var schemes = openApi.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(["ApiKey"], schemes.EnumerateObject().Select(scheme => scheme.Name));
        var classify = openApi.GetProperty("paths").GetProperty("/api/v1/classifications").GetProperty("post");
        Assert.Equal(["ApiKey"], Requirements(classify));
        Assert.False(classify.GetProperty("responses").TryGetProperty("403", out _), "an API key is never 403: it is valid or not");
    }

    [Fact]
    public async Task Swagger_BearerOnly_DescribesTheBearerSchemeAndItsMissingTokenProblem()
    {
        // Arrange
        var provider = new TestIdentityProvider();
        using var factory = AuthHosts.Create(TestIdentityProvider.BearerSettings(), provider);
        using var client = factory.CreateClient();

        // Act
        var openApi = await DocumentAsync(client);

        // Assert
        var schemes = openApi.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(["Bearer"], schemes.EnumerateObject().Select(scheme => scheme.Name));
        var classify = openApi.GetProperty("paths").GetProperty("/api/v1/classifications").GetProperty("post");
        Assert.Equal(["Bearer"], Requirements(classify));
        string? detail = Example(classify, "401").GetProperty("detail").GetString();
        Assert.Contains("bearer token", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Api-Key", detail, StringComparison.Ordinal);
        Assert.Contains($"the scope '{TestIdentityProvider.Scope}'", Example(classify, "403").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swagger_BearerWithoutARequiredScopeOrRole_ListsNoForbiddenAnswer()
    {
        // Arrange
        var provider = new TestIdentityProvider();
        using var factory = AuthHosts.Create(TestIdentityProvider.BearerSettings(scope: null), provider);
        using var client = factory.CreateClient();

        // Act
        var openApi = await DocumentAsync(client);

        // Assert
        var classify = openApi.GetProperty("paths").GetProperty("/api/v1/classifications").GetProperty("post");
        Assert.Equal(["Bearer"], Requirements(classify));
        Assert.False(classify.GetProperty("responses").TryGetProperty("403", out _), "any valid token is let through, so none gets 403");
    }

    [Fact]
    public async Task Swagger_PageSignInOnly_SaysProgramsAreRefusedAndListsNoForbiddenAnswer()
    {
        // Arrange
        var provider = new TestIdentityProvider();
        using var factory = AuthHosts.Create(TestIdentityProvider.PageSettings(), provider);
        using var client = factory.CreateClient();

        // Act
        var openApi = await DocumentAsync(client);

        // Assert
        var classify = openApi.GetProperty("paths").GetProperty("/api/v1/classifications").GetProperty("post");
        Assert.False(classify.TryGetProperty("security", out _), "no scheme a program could use is described");
        Assert.Contains("accepts no credential from programs", classify.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("accepts none from programs", Example(classify, "401").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(classify.GetProperty("responses").TryGetProperty("403", out _), "only bearer tokens are checked for a scope or role");
    }

    [Fact]
    public async Task Swagger_AnonymousAllowedWithAnApiKey_ClassificationListsTheEmptyRequirementToo()
    {
        // Arrange
        using var factory = AuthHosts.Create([.. AuthHosts.ApiKeySettings(), ("SkinLesion:Auth:AllowAnonymous", "true")]);
        using var client = factory.CreateClient();

        // Act
        var openApi = await DocumentAsync(client);

        // Assert
        var classify = openApi.GetProperty("paths").GetProperty("/api/v1/classifications").GetProperty("post");
        Assert.Equal(["ApiKey", ""], Requirements(classify));
    }

    [Fact]
    public async Task Swagger_AnonymousAllowedWithNoMethodConfigured_DescribesNoSchemeAndNoRequirement()
    {
        // Arrange: ApiFactory allows anonymous use and configures no credential.
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();

        // Act
        var openApi = await DocumentAsync(client);

        // Assert
        bool anySchemes = openApi.TryGetProperty("components", out var components)
            && components.TryGetProperty("securitySchemes", out var schemes) && schemes.EnumerateObject().Any();
        Assert.False(anySchemes, "no scheme is configured, so none is described");
        var classify = openApi.GetProperty("paths").GetProperty("/api/v1/classifications").GetProperty("post");
        Assert.False(classify.TryGetProperty("security", out _), "anyone may classify here, so no credential is listed");
        Assert.Contains("is not recognised", Example(classify, "401").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // Each requirement as its schemes' names joined by commas; the empty requirement (no credential) as "".
    private static List<string> Requirements(JsonElement operation) =>
        [.. operation.GetProperty("security").EnumerateArray().Select(requirement => string.Join(",", requirement.EnumerateObject().Select(p => p.Name)))];

    private static JsonElement Example(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").EnumerateObject().First().Value.GetProperty("example");

    private static async Task<JsonElement> DocumentAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/swagger/v1/swagger.json");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
