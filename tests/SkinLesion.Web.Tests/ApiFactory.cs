using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace SkinLesion.Web.Tests;

/// <summary>The real application with the shipped model, hosted in memory.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}

[CollectionDefinition(Name)]
public sealed class ApiGroup : ICollectionFixture<ApiFactory>
{
    public const string Name = "In-memory API";
}

internal static class Http
{
    public const string ClassificationsPath = "/api/v1/classifications";

    public static MultipartFormDataContent Multipart(byte[] bytes, string fileName, string contentType, string field = "image")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    public static ByteArrayContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>Asserts an RFC 9457 body with the expected status and type, and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string detailContains)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Contains(detailContains, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("requestId").GetString()));
        return problem;
    }

    public static async Task<JsonElement> AssertClassificationAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        var result = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("requestId").GetString()));
        Assert.Equal(7, result.GetProperty("probabilities").EnumerateObject().Count());
        Assert.InRange(result.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble()), 0.999, 1.001);
        var prediction = result.GetProperty("prediction");
        Assert.Equal(
            result.GetProperty("probabilities").GetProperty(prediction.GetProperty("code").GetString()!).GetDouble(),
            prediction.GetProperty("probability").GetDouble(),
            6);
        var verdict = result.GetProperty("verdict");
        Assert.True(verdict.GetProperty("label").GetString() is "benign" or "malignant");
        Assert.Equal(
            verdict.GetProperty("malignantProbability").GetDouble() >= verdict.GetProperty("threshold").GetDouble(),
            verdict.GetProperty("label").GetString() == "malignant");
        Assert.Contains("not a diagnosis", result.GetProperty("disclaimer").GetString(), StringComparison.Ordinal);
        Assert.True(result.GetProperty("timings").GetProperty("totalMs").GetDouble() > 0);
        Assert.Equal(64, result.GetProperty("model").GetProperty("sha256").GetString()!.Length);
        return result;
    }
}
