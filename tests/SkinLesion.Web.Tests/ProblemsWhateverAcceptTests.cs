using System.Net;
using Microsoft.AspNetCore.Hosting;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Tests.Auth;

namespace SkinLesion.Web.Tests;

/// <summary>
/// Problem details for a client whose Accept header names no JSON (an integration engine sending application/xml, a
/// script sending text/plain). Answers written outside an endpoint (authentication, the rate limiter, status-code
/// pages) went through ASP.NET Core's problem writer alone, which declines such a request: a 401 or 429 became a 500
/// error page and a 404 plain text.
/// </summary>
public sealed class ProblemsWhateverAcceptTests
{
    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/plain")]
    [InlineData("image/png")]
    public async Task Classify_WrongApiKey_AcceptingNoJson_401Problem(string accept)
    {
        // Arrange
        using var factory = AuthHosts.Create(AuthHosts.ApiKeySettings());
        using var client = factory.CreateClient();
        using var request = AuthHosts.ClassifyRequest();
        request.Headers.Add("X-Api-Key", "lab-not-a-configured-key");
        request.Headers.Accept.ParseAdd(accept);

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "is not recognised");
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Classify_InvalidClinicalData_AcceptingNoJson_400ProblemKeepsItsErrors()
    {
        // Arrange: the validation problem's 'errors' is not a ProblemDetails member; written by the declared type, it was lost.
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        using var form = Http.Multipart(TestImages.LesionJpeg(), "lesion.jpg", "image/jpeg");
        form.Add(new StringContent("75.5"), "age");
        using var request = new HttpRequestMessage(HttpMethod.Post, Http.ClassificationsPath) { Content = form };
        request.Headers.Accept.ParseAdd("application/xml");

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidClinicalData, "age");
        Assert.True(problem.GetProperty("errors").TryGetProperty("age", out _), problem.ToString());
    }

    [Fact]
    public async Task RateLimit_Exhausted_AcceptingNoJson_429ProblemWithRetryAfter()
    {
        // Arrange: a bucket of 1 that refills once a minute, spent by the first request.
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SkinLesion:RateLimit:TokenLimit", "1");
            builder.UseSetting("SkinLesion:RateLimit:TokensPerPeriod", "1");
            builder.UseSetting("SkinLesion:RateLimit:ReplenishmentPeriodSeconds", "60");
        });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/xml");
        using var allowed = await client.GetAsync("/api/v1/model");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        // Act
        using var limited = await client.GetAsync("/api/v1/model");

        // Assert
        await Http.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, ProblemTypes.TooManyRequests, "try again in");
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-resource", HttpStatusCode.NotFound, "application/xml", "Not found", "Nothing is served at /api/v1/no-such-resource.")]
    [InlineData("GET", Http.ClassificationsPath, HttpStatusCode.MethodNotAllowed, "application/xml", "Method not allowed", "/api/v1/classifications does not take GET;")]
    [InlineData("GET", Http.ClassificationsPath, HttpStatusCode.MethodNotAllowed, "*/*", "Method not allowed", "/api/v1/classifications does not take GET;")]
    public async Task FrameworkAnswer_WhateverTheAccept_ProblemOfThisServicesTypeAndShape(string method, string path, HttpStatusCode status, string accept, string title, string detail)
    {
        // Arrange
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd(accept);

        // Act
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal(ProblemTypes.ForFrameworkStatus((int)status), problem.GetProperty("type").GetString());
        Assert.Equal(path, problem.GetProperty("instance").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("requestId").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
