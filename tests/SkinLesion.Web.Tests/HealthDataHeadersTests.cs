using System.Net;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Tests.Audit;

namespace SkinLesion.Web.Tests;

/// <summary>An answer about a patient's image, or its audit record, is never kept by a cache between the service and the reader.</summary>
[Collection(ApiGroup.Name)]
public sealed class HealthDataHeadersTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task ClassificationAndItsRecord_AreMarkedNoStoreAndNoSniff()
    {
        // Act
        using var classified = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.DermoscopyLikeJpeg(200, 150), "lesion.jpg", "image/jpeg"));
        var answer = await Http.AssertClassificationAsync(classified);
        using var record = await _client.GetAsync(AuditRecords.AssessmentsPath + Uri.EscapeDataString(answer.GetProperty("requestId").GetString()!));

        // Assert
        foreach (var response in new[] { classified, record })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: Cache-Control {response.Headers.CacheControl}");
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task RefusedUpload_IsMarkedNoStoreToo()
    {
        // Act: the refusal names what the upload was, which is about the patient's file as well.
        using var refused = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(TestImages.WithPadding(TestImages.PdfPrefix), "scan.jpg", "image/jpeg"));

        // Assert
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.True(refused.Headers.CacheControl?.NoStore, $"Cache-Control {refused.Headers.CacheControl}");
    }
}
