using System.Net;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests;

/// <summary>An answer about a patient's image, or its audit record, is never kept by a cache between the service and the reader.</summary>
[Collection(ApiGroup.Name)]
public sealed class HealthDataHeadersTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Classification_IsMarkedNoStoreAndNoSniff()
    {
        // Act (the record read back by its client is asserted the same way in AuditAccessTests)
        using var classified = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.DermoscopyLikeJpeg(200, 150), "lesion.jpg", "image/jpeg"));

        // Assert
        await Http.AssertClassificationAsync(classified);
        Assert.True(classified.Headers.CacheControl?.NoStore, $"Cache-Control {classified.Headers.CacheControl}");
        Assert.Equal("nosniff", Assert.Single(classified.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task RefusedUpload_IsMarkedNoStoreToo()
    {
        // Act: the refusal names what the upload was, which is about the patient's file as well.
        using var refused = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(TestImages.WithPadding(TestImages.PdfPrefix), "scan.jpg", "image/jpeg"));

        // Assert
        await Http.AssertProblemAsync(refused, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "PDF");
        Assert.True(refused.Headers.CacheControl?.NoStore, $"Cache-Control {refused.Headers.CacheControl}");
    }
}
