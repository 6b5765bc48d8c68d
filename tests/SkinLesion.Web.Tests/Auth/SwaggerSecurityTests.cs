using System.Text.Json;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>The API description names both credentials, so Swagger UI's Authorize dialog can send them, and marks what needs one.</summary>
public sealed class SwaggerSecurityTests
{
    [Fact]
    public async Task Swagger_AuthenticationOn_DescribesBothSchemesAndRequiresOneOnClassification()
    {
        // Arrange
        using var factory = AuthHosts.Create(AuthHosts.ApiKeySettings());
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
        var requirements = classify.GetProperty("security").EnumerateArray().Select(requirement => string.Join(",", requirement.EnumerateObject().Select(p => p.Name))).ToList();
        Assert.Equal(["ApiKey", "Bearer"], requirements);
        foreach (var status in new[] { "401", "403" })
        {
            var example = classify.GetProperty("responses").GetProperty(status).GetProperty("content").EnumerateObject().First().Value.GetProperty("example");
            Assert.EndsWith(status == "401" ? "/unauthorized" : "/forbidden", example.GetProperty("type").GetString(), StringComparison.Ordinal);
        }

        Assert.False(openApi.GetProperty("paths").GetProperty("/api/v1/model").GetProperty("get").TryGetProperty("security", out _), "the model card is public");
    }

    [Fact]
    public async Task Swagger_AnonymousAllowed_ClassificationListsTheEmptyRequirementToo()
    {
        // Arrange: ApiFactory allows anonymous use.
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();

        // Act
        var openApi = await DocumentAsync(client);

        // Assert
        var security = openApi.GetProperty("paths").GetProperty("/api/v1/classifications").GetProperty("post").GetProperty("security").EnumerateArray().ToList();
        Assert.Equal(3, security.Count);
        Assert.Contains(security, requirement => !requirement.EnumerateObject().Any());
    }

    private static async Task<JsonElement> DocumentAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/swagger/v1/swagger.json");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
