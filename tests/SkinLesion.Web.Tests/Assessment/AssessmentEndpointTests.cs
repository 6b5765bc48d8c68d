using System.Reflection;
using System.Text.Json;
using SkinLesion.Inference;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Tests.Assessment;

/// <summary>POST /api/v1/classifications says what may be shown: classified, uncertain (refer), or rejected (no diagnosis).</summary>
[Collection(ApiGroup.Name)]
public sealed class AssessmentEndpointTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData(200, 150, "png")]
    [InlineData(640, 480, "jpeg")]
    [InlineData(1024, 768, "png")]
    public async Task Post_DermoscopyLikeImage_IsClassifiedWithNoReasonsAndScreeningWithinLimits(int width, int height, string format)
    {
        // Arrange
        var bytes = format == "png" ? AssessmentImages.DermoscopyLikePng(width, height) : AssessmentImages.DermoscopyLikeJpeg(width, height);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(bytes, "lesion." + format, "image/" + format));

        // Assert
        var result = await Http.AssertClassificationAsync(response);
        Assert.Equal("classified", result.GetProperty("status").GetString());
        Assert.False(result.TryGetProperty("reasons", out _), "a classified result has no 'reasons'");
        Assert.Equal("nv", result.GetProperty("prediction").GetProperty("code").GetString());
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("texture").GetDouble() >= screening.GetProperty("textureMinimum").GetDouble());
        Assert.True(screening.GetProperty("distanceScore").GetDouble() <= screening.GetProperty("distanceThreshold").GetDouble());
        Assert.True(screening.GetProperty("earlyScore").GetDouble() <= screening.GetProperty("earlyThreshold").GetDouble());
    }

    [SharedDataFact]
    public async Task Post_HamNevus_IsClassifiedWithNoReasonsAndScreeningWithinLimits()
    {
        // Arrange
        var image = HamArchive.Read([HamCases.NevusId]).Values.Single();

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(image, "lesion.jpg", "image/jpeg"));

        // Assert
        var result = await Http.AssertClassificationAsync(response);
        Assert.Equal("classified", result.GetProperty("status").GetString());
        Assert.False(result.TryGetProperty("reasons", out _), "a classified result has no 'reasons'");
        Assert.Equal("nv", result.GetProperty("prediction").GetProperty("code").GetString());
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("texture").GetDouble() >= screening.GetProperty("textureMinimum").GetDouble());
        Assert.True(screening.GetProperty("distanceScore").GetDouble() <= screening.GetProperty("distanceThreshold").GetDouble());
        Assert.True(screening.GetProperty("earlyScore").GetDouble() <= screening.GetProperty("earlyThreshold").GetDouble());
    }

    [Fact]
    public async Task Post_SolidColourPng_Returns200RejectedAsFeaturelessWithAdviceAndNoDiagnosis()
    {
        // Arrange
        using var content = Http.Multipart(AssessmentImages.SolidPng(), "blank.png", "image/png");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        // Assert
        var result = await Http.AssertRejectedAsync(response, AssessmentReasons.Featureless);
        Assert.Equal(AssessmentCatalogue.Featureless.Message, result.GetProperty("reason").GetProperty("message").GetString());
        Assert.Equal(AssessmentCatalogue.UploadAdvice, result.GetProperty("reason").GetProperty("advice").GetString());
        Assert.Equal("png", result.GetProperty("image").GetProperty("format").GetString());
        Assert.Equal(640, result.GetProperty("image").GetProperty("width").GetInt32());
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("texture").GetDouble() < screening.GetProperty("textureMinimum").GetDouble());
    }

    [Fact]
    public async Task Post_SmoothGradientAsRawBody_IsRejectedAsFeatureless()
    {
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(AssessmentImages.GradientPng(), "image/png"));

        await Http.AssertRejectedAsync(response, AssessmentReasons.Featureless);
    }

    [Fact]
    public async Task Post_RejectedImageWithExplainTrue_HasNoExplanation()
    {
        using var content = Http.Multipart(AssessmentImages.SolidPng(400, 300), "blank.png", "image/png");

        using var response = await _client.PostAsync(Http.ClassificationsPath + "?explain=true", content);

        var result = await Http.AssertRejectedAsync(response, AssessmentReasons.Featureless);
        Assert.False(result.TryGetProperty("explanation", out _), "no map may be drawn for an image that gets no diagnosis");
    }

    [Fact]
    public async Task Post_UniformNoise_IsRejectedAsNotDermoscopic()
    {
        using var content = Http.Multipart(AssessmentImages.NoisePng(), "noise.png", "image/png");

        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        var result = await Http.AssertRejectedAsync(response, AssessmentReasons.NotDermoscopic);
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("distanceScore").GetDouble() > screening.GetProperty("distanceThreshold").GetDouble());
    }

    [SystemFileFact(AssessmentImages.PhotoPath, AssessmentImages.PhotoPackage)]
    public async Task Post_PortraitPhotograph_IsRejectedAsNotDermoscopicWithTheMessageAndAdvice()
    {
        // Arrange
        using var content = Http.Multipart(AssessmentImages.Photo(), "portrait.png", "image/png");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath + "?explain=true", content);

        // Assert
        var result = await Http.AssertRejectedAsync(response, AssessmentReasons.NotDermoscopic);
        Assert.Equal(AssessmentCatalogue.NotDermoscopic.Message, result.GetProperty("reason").GetProperty("message").GetString());
        Assert.Equal(AssessmentCatalogue.UploadAdvice, result.GetProperty("reason").GetProperty("advice").GetString());
    }

    [SharedDataFact]
    public async Task Post_HamImageInTheUncertaintyBand_IsUncertainWithReferralReasonsAndStillItsProbabilities()
    {
        // Arrange
        var image = HamArchive.Read([HamCases.UncertainId]).Values.Single();

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath + "?explain=true", Http.Multipart(image, "lesion.jpg", "image/jpeg"));

        // Assert
        var result = await Http.AssertClassificationAsync(response);
        Assert.Equal("uncertain", result.GetProperty("status").GetString());
        var reasons = result.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Equal(HamCases.UncertainReasons, reasons.Select(r => r.GetProperty("code").GetString()));
        Assert.All(reasons, r => Assert.StartsWith("Uncertain — refer for specialist review: ", r.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.True(result.TryGetProperty("explanation", out _), "an uncertain result still gets the map it asked for");
    }

    [Fact]
    public async Task Swagger_DocumentsTheStatusesWithAnExampleOfEachAndTheScreeningSchema()
    {
        // Act
        using var response = await _client.GetAsync("/swagger/v1/swagger.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // Assert
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var properties = schemas.GetProperty("ClassificationResponse").GetProperty("properties");
        Assert.Equal(["classified", "uncertain", "rejected"], properties.GetProperty("status").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        foreach (var name in new[] { "reason", "reasons", "screening" })
        {
            Assert.True(properties.TryGetProperty(name, out _), $"ClassificationResponse lacks '{name}'");
        }

        foreach (var (schema, fields) in new[] { ("RejectionInfo", new[] { "code", "message", "advice" }), ("ReasonInfo", ["code", "message"]), ("ScreeningInfo", ["distanceScore", "distanceThreshold", "texture", "textureMinimum", "earlyScore", "earlyThreshold", "headScore", "headThreshold", "distanceRefuses", "earlyRefuses"]) })
        {
            Assert.All(fields, field => Assert.True(schemas.GetProperty(schema).GetProperty("properties").TryGetProperty(field, out _), $"{schema} lacks '{field}'"));
        }

        var examples = document.GetProperty("paths").GetProperty(Http.ClassificationsPath).GetProperty("post")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("examples");
        foreach (var status in new[] { "classified", "uncertain", "rejected" })
        {
            var value = examples.GetProperty(status).GetProperty("value");
            Assert.Equal(status, value.GetProperty("status").GetString());
            Assert.Equal(status != "rejected", value.TryGetProperty("probabilities", out _));
        }
    }

    [Fact]
    public async Task Swagger_ExamplesHaveTheFieldsOfRealResponses()
    {
        // Arrange
        using var document = await _client.GetAsync("/swagger/v1/swagger.json");
        var examples = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement
            .GetProperty("paths").GetProperty(Http.ClassificationsPath).GetProperty("post")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("examples");
        var cases = new (string Example, byte[] Image)[]
        {
            ("classified", AssessmentImages.DermoscopyLikePng()),
            ("rejected", AssessmentImages.NoisePng()),
            ("rejected-featureless", AssessmentImages.SolidPng()),
        };

        foreach (var (example, image) in cases)
        {
            // Act
            using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(image, "image.png", "image/png"));
            var real = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            // Assert
            var shown = examples.GetProperty(example).GetProperty("value");
            Assert.Equal(Shape(real), Shape(shown));
        }
    }

    /// <summary>Property paths of a JSON object, two levels deep (objects only), sorted.</summary>
    private static List<string> Shape(JsonElement element) =>
        [.. element.EnumerateObject()
            .SelectMany(p => p.Value.ValueKind == JsonValueKind.Object && p.Name != "probabilities"
                ? p.Value.EnumerateObject().Select(child => $"{p.Name}.{child.Name}")
                : [p.Name])
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void EveryAssessmentReasonCode_HasItsWordingInTheCatalogue()
    {
        // Arrange
        var codes = typeof(AssessmentReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();

        // Act
        var notices = codes.Select(AssessmentCatalogue.For).ToList();

        // Assert
        Assert.Equal(4, codes.Count);
        Assert.All(notices, notice => Assert.False(string.IsNullOrWhiteSpace(notice.Heading + notice.Detail)));
        Assert.All(notices.Where(n => n.Status == AssessmentStatus.Rejected), n => Assert.Equal(AssessmentCatalogue.UploadAdvice, n.Advice));
        Assert.All(notices.Where(n => n.Status == AssessmentStatus.Uncertain), n => Assert.StartsWith(AssessmentCatalogue.UncertainHeading + ": ", n.Message, StringComparison.Ordinal));
    }
}
