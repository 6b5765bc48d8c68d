using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkinLesion.Inference.Admission;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Tests.Auth;

namespace SkinLesion.Web.Tests;

/// <summary>
/// Admission control and rate limits through HTTP with the real model. The flood is simulated by holding the
/// real gate's places and slot from the test (the only thing replaced is the crowd, not the service).
/// </summary>
public sealed class LoadControlTests
{
    private static WebApplicationFactory<Program> Factory(params (string Key, string Value)[] settings) =>
        new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SkinLesion:Model:MaxConcurrentInferences", "1");
            builder.UseSetting("SkinLesion:Admission:MaxQueueLength", "1");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    [Fact]
    public async Task Classify_LineFull_503ProblemWithRetryAfter_BeforeReadingTheBody()
    {
        // Arrange: one slot + one waiting place, both taken by requests that are "still uploading".
        using var factory = Factory();
        using var client = factory.CreateClient();
        var gate = factory.Services.GetRequiredService<InferenceGate>();
        using var first = gate.TryTakePlace("another-client-1", out _);
        using var second = gate.TryTakePlace("another-client-2", out _);
        Assert.NotNull(second);

        // Act: a body that is not even an image: it is never read, so it cannot be judged.
        using var response = await client.PostAsync(Http.ClassificationsPath, Http.Raw([1, 2, 3], "image/png"));

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, ProblemTypes.ServiceBusy, "try again in");
        AssertRetryAfter(response);
    }

    [Fact]
    public async Task Classify_SlotHeldPastTheWaitLimit_503ProblemWithRetryAfter_ThenServedWhenFree()
    {
        using var factory = Factory(("SkinLesion:Admission:MaxQueueWaitSeconds", "0.3"));
        using var client = factory.CreateClient();
        var gate = factory.Services.GetRequiredService<InferenceGate>();
        var image = TestImages.LesionJpeg();

        // Act: the only slot is held (a deliberately long inference), so the request waits 0.3 s and gives up.
        using (await gate.EnterAsync(1))
        {
            using var busy = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(image, "lesion.jpg", "image/jpeg"));
            var problem = await Http.AssertProblemAsync(busy, HttpStatusCode.ServiceUnavailable, ProblemTypes.ServiceBusy, "Try again in ");
            Assert.Equal("The service is busy", problem.GetProperty("title").GetString());
            AssertRetryAfter(busy);
        }

        // Assert: with the slot free the same image is assessed (200), and the line is empty again.
        using var served = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(image, "lesion.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(0, gate.Load.Waiting);
        Assert.Equal(0, gate.Load.Running);
    }

    [Fact]
    public async Task ClinicianPage_LineFull_Shows503BusyMessageWithSeconds()
    {
        using var factory = Factory();
        using var client = factory.CreateClient();
        var gate = factory.Services.GetRequiredService<InferenceGate>();
        using var first = gate.TryTakePlace("another-client-1", out _);
        using var second = gate.TryTakePlace("another-client-2", out _);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = Http.Multipart(TestImages.LesionJpeg(), "lesion.jpg", "image/jpeg") };
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        AssertRetryAfter(response);
        Assert.Contains("data-refusal=\"service-busy\"", html, StringComparison.Ordinal);
        Assert.Matches(@"Try again in (1 second|\d+ seconds)\.", html);
    }

    [Fact]
    public async Task Classify_ClientHoldingItsShareOfTheLine_429NamingIt_WhileAnotherClientIsServed()
    {
        // Arrange: one slot and three waiting places, so one client may hold three; the lab system's three are uploads
        // "still under way" (slow clients), taken under the key the service gives it.
        using var factory = AuthHosts.Create([.. AuthHosts.ApiKeySettings(),
            ("SkinLesion:Model:MaxConcurrentInferences", "1"), ("SkinLesion:Admission:MaxQueueLength", "3")]);
        using var client = factory.CreateClient();
        var gate = factory.Services.GetRequiredService<InferenceGate>();
        Assert.Equal(3, gate.MaxPlacesPerClient);
        var lab = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, AuthHosts.LabClient)], "ApiKey")) };
        var slowUploads = Enumerable.Range(0, 3).Select(i => gate.TryTakePlace(CallingClient.LimitKey(lab), out _)).ToList();
        Assert.All(slowUploads, Assert.NotNull);

        // Act
        using var labRequest = AuthHosts.ClassifyRequest();
        labRequest.Headers.Add("X-Api-Key", AuthHosts.LabKey);
        using var labAnswer = await client.SendAsync(labRequest);
        using var pathologyRequest = AuthHosts.ClassifyRequest();
        pathologyRequest.Headers.Add("X-Api-Key", AuthHosts.PathologyKey);
        using var pathologyAnswer = await client.SendAsync(pathologyRequest);

        // Assert: the lab system is told what it holds; the pathology system gets the free slot.
        await Http.AssertProblemAsync(labAnswer, HttpStatusCode.TooManyRequests, ProblemTypes.TooManyRequests,
            "This client already has 3 requests being uploaded or waiting for the model");
        AssertRetryAfter(labAnswer);
        Assert.Equal(HttpStatusCode.OK, pathologyAnswer.StatusCode);
        foreach (var place in slowUploads)
        {
            place!.Dispose();
        }
    }

    [Fact]
    public async Task RateLimit_Exhausted_429ProblemWithRetryAfter_HealthStillAnswers()
    {
        // Arrange: a bucket of 2 that refills once a minute.
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SkinLesion:RateLimit:TokenLimit", "2");
            builder.UseSetting("SkinLesion:RateLimit:TokensPerPeriod", "1");
            builder.UseSetting("SkinLesion:RateLimit:ReplenishmentPeriodSeconds", "60");
        });
        using var client = factory.CreateClient();
        for (int i = 0; i < 2; i++)
        {
            using var allowed = await client.GetAsync("/api/v1/model");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // Act
        using var limited = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(TestImages.LesionJpeg(), "lesion.jpg", "image/jpeg"));

        // Assert
        var problem = await Http.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, ProblemTypes.TooManyRequests, "try again in");
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.InRange(AssertRetryAfter(limited), 1, 60);
        foreach (var probe in new[] { "/health/live", "/health/ready", "/health/live", "/health/ready", "/health/ready" })
        {
            using var health = await client.GetAsync(probe);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Fact]
    public async Task Readiness_LineSaturated_ReportsDegradedWith200_AndRecovers()
    {
        using var factory = Factory(("SkinLesion:Readiness:SustainSeconds", "0.3"));
        using var client = factory.CreateClient();
        var gate = factory.Services.GetRequiredService<InferenceGate>();
        Assert.Equal("Healthy", await ReadinessStatusAsync(client));

        using (gate.TryTakePlace("another-client-1", out _))
        using (gate.TryTakePlace("another-client-2", out _))
        {
            Assert.Equal("Degraded", await EventuallyAsync(client, "Degraded"));
        }

        Assert.Equal("Healthy", await EventuallyAsync(client, "Healthy"));
    }

    [Fact]
    public async Task Readiness_LineFullButNotYetForTheSustainTime_IsHealthyWithoutSayingItHasRoom()
    {
        // Arrange: a sustain time no test reaches, so the full line stays Healthy.
        using var factory = Factory(("SkinLesion:Readiness:SustainSeconds", "3600"));
        using var client = factory.CreateClient();
        var gate = factory.Services.GetRequiredService<InferenceGate>();
        Assert.Equal("The inference queue has room.", await SaturationDescriptionAsync(client));

        using (gate.TryTakePlace("another-client-1", out _))
        using (gate.TryTakePlace("another-client-2", out _))
        {
            // Act
            string description = await SaturationDescriptionAsync(client);

            // Assert
            Assert.Equal("Healthy", await ReadinessStatusAsync(client));
            Assert.StartsWith("The inference queue is ", description, StringComparison.Ordinal);
            Assert.Contains($"({gate.Load.Waiting} of {gate.Load.MaxQueueLength} waiting); readiness turns Degraded once it stays at least 75% full for 3600 s.", description, StringComparison.Ordinal);
        }
    }

    private static async Task<string> SaturationDescriptionAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("checks").GetProperty("saturation").GetProperty("description").GetString()!;
    }

    private static async Task<string> EventuallyAsync(HttpClient client, string wanted)
    {
        string status = "";
        for (int attempt = 0; attempt < 50 && status != wanted; attempt++)
        {
            await Task.Delay(100);
            status = await ReadinessStatusAsync(client);
        }

        return status;
    }

    private static async Task<string> ReadinessStatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // saturation never makes readiness fail
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("model").GetProperty("status").GetString());
        return body.GetProperty("checks").GetProperty("saturation").GetProperty("status").GetString()!;
    }

    private static int AssertRetryAfter(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "Retry-After header missing");
        int seconds = int.Parse(Assert.Single(values), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(seconds >= 1, $"Retry-After {seconds}");
        return seconds;
    }
}
