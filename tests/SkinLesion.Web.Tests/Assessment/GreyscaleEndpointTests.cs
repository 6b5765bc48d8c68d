using SkinLesion.Inference;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Tests.Assessment;

/// <summary>A greyscale upload is answered with its own reason and advice (ADR 0049), not as "not dermoscopic".</summary>
[Collection(ApiGroup.Name)]
public sealed class GreyscaleEndpointTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public async Task Post_GreyscaleLesion_Returns200RejectedAsGreyscaleWithItsAdviceAndNoDiagnosis(string format)
    {
        // Arrange: the synthetic lesion the screening accepts in colour, without its colour.
        var bytes = format == "png" ? AssessmentImages.GreyscalePng() : AssessmentImages.GreyscaleRgbJpeg();

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(bytes, "lesion." + format, "image/" + format));

        // Assert
        var result = await Http.AssertRejectedAsync(response, AssessmentReasons.Greyscale);
        var reason = result.GetProperty("reason");
        Assert.Equal(AssessmentCatalogue.Greyscale.Message, reason.GetProperty("message").GetString());
        Assert.Equal(AssessmentCatalogue.GreyscaleAdvice, reason.GetProperty("advice").GetString());
        Assert.Equal(format, result.GetProperty("image").GetProperty("format").GetString());
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("chroma").GetDouble() < screening.GetProperty("chromaMinimum").GetDouble());
        Assert.True(screening.GetProperty("texture").GetDouble() >= screening.GetProperty("textureMinimum").GetDouble(), "textured: not featureless");
    }

    [Fact]
    public async Task Post_ColourLesion_ReportsItsChromaAboveTheFloor()
    {
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikePng(), "lesion.png", "image/png");

        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        var result = await Http.AssertClassificationAsync(response);
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("chromaMinimum").GetDouble() > 0);
        Assert.True(screening.GetProperty("chroma").GetDouble() > 10 * screening.GetProperty("chromaMinimum").GetDouble());
    }
}
