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
    public async Task Post_DermoscopyLikeImage_IsAcceptedByTheScreeningAtEverySizeAndFormat(int width, int height, string format)
    {
        // Arrange: a synthetic pigmented blob on skin. Whether the model is sure of its class is not the point here
        // (real lesions are, see the HAM10000 cases); that the screening lets it through at any size and format is.
        var bytes = format == "png" ? AssessmentImages.DermoscopyLikePng(width, height) : AssessmentImages.DermoscopyLikeJpeg(width, height);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(bytes, "lesion." + format, "image/" + format));

        // Assert
        var result = await Http.AssertClassificationAsync(response);
        Assert.True(result.GetProperty("status").GetString() is "classified" or "uncertain", "the screening accepts it");
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("texture").GetDouble() >= screening.GetProperty("textureMinimum").GetDouble());
        Assert.True(screening.GetProperty("chroma").GetDouble() >= screening.GetProperty("chromaMinimum").GetDouble());
        Assert.True(screening.GetProperty("headScore").GetDouble() >= screening.GetProperty("headThreshold").GetDouble());
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
        // The screening head refuses it; the distances are information only (distanceRefuses: false).
        var screening = result.GetProperty("screening");
        Assert.True(screening.GetProperty("headScore").GetDouble() < screening.GetProperty("headThreshold").GetDouble());
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

        foreach (var (schema, fields) in new[] { ("RejectionInfo", new[] { "code", "message", "advice" }), ("ReasonInfo", ["code", "message"]), ("ScreeningInfo", ["distanceScore", "distanceThreshold", "texture", "textureMinimum", "earlyScore", "earlyThreshold", "headScore", "headThreshold", "distanceRefuses", "earlyRefuses", "chroma", "chromaMinimum"]) })
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
        var examples = await ResponseExamplesAsync();
        var cases = new (string? Example, byte[] Image)[]
        {
            // The synthetic lesion gets a diagnosis; whether classified or uncertain depends on the shipped model, so
            // it is compared with the example of the status it gets.
            (null, AssessmentImages.DermoscopyLikePng()),
            ("rejected", AssessmentImages.NoisePng()),
            ("rejected-featureless", AssessmentImages.SolidPng()),
            ("rejected-greyscale", AssessmentImages.GreyscalePng()),
        };

        foreach (var (example, image) in cases)
        {
            // Act
            using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(image, "image.png", "image/png"));
            var real = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            // Assert
            var status = real.GetProperty("status").GetString()!;
            if (example is null)
            {
                Assert.True(status is "classified" or "uncertain", $"the synthetic lesion is {status}");
            }

            var shown = examples.GetProperty(example ?? status).GetProperty("value");
            Assert.Equal(status, shown.GetProperty("status").GetString());
            Assert.Equal(Shape(real), Shape(shown));
        }
    }

    [SharedDataFact]
    public async Task Swagger_HamExamplesAreTheResponsesOfTheShippedModelToTheirImages()
    {
        // Arrange: the HAM10000 images the classified and uncertain examples were made from (ApiExamples says which; the
        // examples are responses of one model, made again with each model).
        var examples = await ResponseExamplesAsync();
        var cases = new (string Example, string ImageId)[] { ("classified", "ISIC_0024329"), ("uncertain", "ISIC_0027188") };
        var images = HamArchive.Read(cases.Select(c => c.ImageId));

        foreach (var (example, imageId) in cases)
        {
            // Act
            using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(images[imageId], imageId + ".jpg", "image/jpeg"));
            var real = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            // Assert: everything but the request id and the timings, numbers to 1e-4.
            var shown = examples.GetProperty(example).GetProperty("value");
            Assert.Equal(Shape(real), Shape(shown));
            foreach (var name in ComparedFields)
            {
                Assert.Equal(real.TryGetProperty(name, out var value), shown.TryGetProperty(name, out var shownValue));
                if (value.ValueKind != JsonValueKind.Undefined)
                {
                    AssertSameJson(value, shownValue, $"{example}.{name}");
                }
            }
        }
    }

    private static readonly string[] ComparedFields = ["status", "reasons", "model", "prediction", "verdict", "probabilities", "image", "screening", "disclaimer"];

    private async Task<JsonElement> ResponseExamplesAsync()
    {
        using var document = await _client.GetAsync("/swagger/v1/swagger.json");
        return JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement
            .GetProperty("paths").GetProperty(Http.ClassificationsPath).GetProperty("post")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("examples");
    }

    private static void AssertSameJson(JsonElement real, JsonElement shown, string path)
    {
        Assert.True(real.ValueKind == shown.ValueKind, $"{path}: {real.ValueKind} in the response, {shown.ValueKind} in the example");
        switch (real.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(real.EnumerateObject().Select(p => p.Name), shown.EnumerateObject().Select(p => p.Name));
                foreach (var property in real.EnumerateObject())
                {
                    AssertSameJson(property.Value, shown.GetProperty(property.Name), $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(real.GetArrayLength(), shown.GetArrayLength());
                foreach (var (item, index) in real.EnumerateArray().Select((item, index) => (item, index)))
                {
                    AssertSameJson(item, shown[index], $"{path}[{index}]");
                }

                break;
            case JsonValueKind.Number:
                double expected = real.GetDouble(), actual = shown.GetDouble();
                Assert.True(Math.Abs(expected - actual) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{path}: {expected} in the response, {actual} in the example");
                break;
            default:
                Assert.Equal(real.ToString(), shown.ToString());
                break;
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
        Assert.Equal(AssessmentReasons.All, codes);
        Assert.All(notices, notice => Assert.False(string.IsNullOrWhiteSpace(notice.Heading + notice.Detail)));
        Assert.All(notices.Where(n => n.Status == AssessmentStatus.Rejected), n => Assert.Equal(n == AssessmentCatalogue.Greyscale ? AssessmentCatalogue.GreyscaleAdvice : AssessmentCatalogue.UploadAdvice, n.Advice));
        Assert.All(notices.Where(n => n.Status == AssessmentStatus.Uncertain), n => Assert.StartsWith(AssessmentCatalogue.UncertainHeading + ": ", n.Message, StringComparison.Ordinal));
    }
}
