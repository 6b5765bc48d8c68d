using Microsoft.AspNetCore.Hosting;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests.Assessment;

/// <summary>
/// The API with a schema-5 out-of-distribution artifact (the shipped one with the parity fixture's screening head,
/// training/screening_head.py): the response carries the head's score and threshold, and the head alone can refuse.
/// </summary>
public sealed class ScreeningHeadEndpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skinlesion-web-head-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Post_HeadThresholdAboveEveryScore_IsRejectedAsNotDermoscopicByTheHeadAlone()
    {
        // Arrange: a threshold no image reaches; the distances accept the image (as with the shipped artifact).
        string manifest = ScreeningHeadFixture.WriteModel(_directory, artifact => artifact["head"]!["threshold"] = 1e9);
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Model:Path", manifest));
        using var client = factory.CreateClient();

        // Act
        using var response = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.DermoscopyLikePng(), "lesion.png", "image/png"));

        // Assert
        var result = await Http.AssertRejectedAsync(response, AssessmentReasons.NotDermoscopic);
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("headScore").GetDouble() < screening.GetProperty("headThreshold").GetDouble());
        Assert.Equal(1e9, screening.GetProperty("headThreshold").GetDouble());
        Assert.True(screening.GetProperty("distanceScore").GetDouble() <= screening.GetProperty("distanceThreshold").GetDouble());
        Assert.True(screening.GetProperty("distanceRefuses").GetBoolean());
        Assert.False(screening.GetProperty("earlyRefuses").GetBoolean());
    }

    [Fact]
    public async Task Post_InformationalEarlyDistanceAboveItsThreshold_IsNotRefusedWhenTheHeadAccepts()
    {
        // Arrange: an early-stage threshold every image exceeds, kept as information only, and a head that accepts everything.
        string manifest = ScreeningHeadFixture.WriteModel(_directory, artifact =>
        {
            artifact["head"]!["threshold"] = -1e9;
            artifact["distances"]!["early"]!["threshold"] = 1e-9;
        });
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Model:Path", manifest));
        using var client = factory.CreateClient();

        // Act
        using var response = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.DermoscopyLikePng(), "lesion.png", "image/png"));

        // Assert
        var result = await Http.AssertClassificationAsync(response);
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("earlyScore").GetDouble() > screening.GetProperty("earlyThreshold").GetDouble());
        Assert.False(screening.GetProperty("earlyRefuses").GetBoolean());
        Assert.True(screening.GetProperty("headScore").GetDouble() >= screening.GetProperty("headThreshold").GetDouble());
    }
}
