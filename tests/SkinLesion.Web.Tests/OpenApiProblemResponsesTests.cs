using System.Text.Json;

namespace SkinLesion.Web.Tests;

/// <summary>
/// The OpenAPI document declares what every API operation can answer besides its own responses: a 500 internal-error
/// problem and, on 429 and 503, the Retry-After header that clients are told to wait by (OpenApi/ProblemResponsesOperationFilter.cs).
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class OpenApiProblemResponsesTests(ApiFactory factory)
{
    private static readonly string[] LoadRefusals = ["429", "503"];

    [Fact]
    public async Task Document_EveryApiOperation_DeclaresInternalErrorAndRetryAfterOnLoadRefusals()
    {
        // Arrange
        using var client = factory.CreateClient();

        // Act
        using var response = await client.GetAsync("/swagger/v1/swagger.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // Assert
        int operations = 0, loadRefusals = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal) || p.Name.StartsWith("/health/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("500", out var fault), $"{operation.Name} {path.Name} declares no 500");
                Assert.True(fault.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{operation.Name} {path.Name}: its 500 is no problem");
                foreach (var status in LoadRefusals.Where(s => responses.TryGetProperty(s, out _)))
                {
                    loadRefusals++;
                    var header = responses.GetProperty(status).GetProperty("headers").GetProperty("Retry-After");
                    Assert.Equal("integer", header.GetProperty("schema").GetProperty("type").GetString());
                }
            }
        }

        Assert.True(operations >= 3, $"{operations} API and health operations in the document");
        Assert.True(loadRefusals >= 2, $"{loadRefusals} declared 429 or 503 answers");
        var scale = document.GetProperty("paths").GetProperty(Http.ClassificationsPath).GetProperty("post").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pixelsPerMillimetre").GetProperty("schema");
        Assert.Equal(1, scale.GetProperty("minimum").GetDouble());
        Assert.Equal(10_000, scale.GetProperty("maximum").GetDouble());
    }

    [Fact]
    public async Task Document_ProblemSchema_DeclaresTheRequestIdTraceIdAndErrorsEveryProblemCarries()
    {
        // Arrange
        using var client = factory.CreateClient();

        // Act
        using var response = await client.GetAsync("/swagger/v1/swagger.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // Assert
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        var properties = problem.GetProperty("properties");
        Assert.Equal("string", properties.GetProperty("requestId").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("traceId").GetProperty("type").GetString());
        Assert.Equal("array", properties.GetProperty("errors").GetProperty("additionalProperties").GetProperty("type").GetString());
        Assert.Contains("requestId", problem.GetProperty("required").EnumerateArray().Select(name => name.GetString()));
    }
}
