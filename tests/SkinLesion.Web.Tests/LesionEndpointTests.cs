using System.Globalization;
using System.Net;
using System.Text.Json;
using SkinLesion.Inference.Segmentation;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Tests.Audit;

namespace SkinLesion.Web.Tests;

/// <summary>
/// ?segment=true adds the lesion's outline, in the upload's own pixels after EXIF orientation, and its measures; without
/// it nothing changes. The outline is checked by drawing it back onto the synthetic lesion the upload was made from.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class LesionEndpointTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("")]
    [InlineData("?segment=false")]
    [InlineData("?segment=false&explain=true")]
    public async Task Post_WithoutSegmentTrue_HasNoLesionAndNoSegmentationTime(string query)
    {
        // Arrange
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikePng(400, 300), "lesion.png", "image/png");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath + query, content);

        // Assert
        var result = await Http.AssertClassificationAsync(response);
        Assert.False(result.TryGetProperty("lesion", out _), "the lesion must only be sent when asked for");
        Assert.False(result.GetProperty("timings").TryGetProperty("segmentationMs", out _), "nothing is segmented unless asked");
    }

    [SegmentationTheory]
    [InlineData(600, 800, 1)] // a portrait: the geometry rule turns it before the model sees it
    [InlineData(600, 800, 6)] // displayed as a portrait, stored landscape with EXIF orientation 6
    [InlineData(800, 600, 3)] // displayed landscape, stored upside down (orientation 3)
    [InlineData(4000, 3000, 1)] // a 12 MP camera image, decoded at 1/8 scale
    public async Task Post_SegmentTrue_OutlineDrawnBackCoversTheLesionInTheUploadsOwnFrame(int width, int height, int orientation)
    {
        // Arrange: an off-centre, tilted lesion; the file displays as drawn whatever its orientation tag.
        using var lesion = SyntheticLesion.Ellipse(width, height, cx: 0.48, cy: 0.52, rx: 0.32, ry: 0.24, degrees: -40);
        using var content = Http.Multipart(lesion.Jpeg((ushort)orientation), "lesion.jpg", "image/jpeg");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath + "?segment=true", content);

        // Assert
        var result = await Http.AssertClassificationAsync(response);
        var found = result.GetProperty("lesion");
        Assert.True(found.GetProperty("found").GetBoolean(), $"no lesion found: {found}");
        Assert.Equal(width, found.GetProperty("imageWidth").GetInt32());
        Assert.Equal(height, found.GetProperty("imageHeight").GetInt32());
        var drawn = Polygon.Rasterize(Outline(found), width, height);
        double iou = lesion.IntersectionOverUnion(drawn);
        Assert.True(iou >= 0.8, $"IoU {iou:F3} of the returned outline, drawn back onto the {width}x{height} upload, with the lesion (at least 0.8)");
        Assert.InRange(found.GetProperty("areaFraction").GetDouble(), lesion.AreaFraction * 0.8, lesion.AreaFraction * 1.2);
        Assert.True(result.GetProperty("timings").GetProperty("segmentationMs").GetDouble() > 0);
    }

    [SegmentationFact]
    public async Task Post_SegmentTrue_ReturnsEveryMeasureWithItsRange()
    {
        using var lesion = SyntheticLesion.Ellipse(800, 600, cx: 0.5, cy: 0.5, rx: 0.34, ry: 0.2, degrees: 20);
        using var content = Http.Multipart(lesion.Jpeg(), "lesion.jpg", "image/jpeg");

        using var response = await _client.PostAsync(Http.ClassificationsPath + "?segment=true", content);

        var found = (await Http.AssertClassificationAsync(response)).GetProperty("lesion");
        var asymmetry = found.GetProperty("asymmetry");
        Assert.InRange(asymmetry.GetProperty("majorAxis").GetDouble(), 0, 0.2);
        Assert.InRange(asymmetry.GetProperty("minorAxis").GetDouble(), 0, 0.2);
        Assert.InRange(found.GetProperty("borderIrregularity").GetDouble(), 1.0, 1.6);
        var colours = found.GetProperty("colours");
        var shares = colours.GetProperty("shares").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["white", "red", "light-brown", "dark-brown", "blue-grey", "black"], shares.Keys);
        Assert.InRange(shares.Values.Sum(), 0.99, 1.01);
        Assert.Equal(colours.GetProperty("present").GetArrayLength(), colours.GetProperty("count").GetInt32());
        Assert.Contains("light-brown", colours.GetProperty("present").EnumerateArray().Select(c => c.GetString()));

        // The ellipse's long axis is 2 x 0.34 x 600 = 408 pixels.
        Assert.InRange(found.GetProperty("greatestDiameter").GetProperty("pixels").GetDouble(), 380, 440);
        Assert.False(found.GetProperty("greatestDiameter").TryGetProperty("millimetres", out _), "millimetres need the caller's scale");
        Assert.Equal(ShippedModel.Manifest.GetProperty("segmentation").GetProperty("version").GetString(), found.GetProperty("segmentationVersion").GetString());
        Assert.Contains("not a diagnosis", found.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [SegmentationFact]
    public async Task Post_PixelsPerMillimetre_GivesTheDiameterInMillimetresToo()
    {
        using var lesion = SyntheticLesion.Ellipse(800, 600, cx: 0.5, cy: 0.5, rx: 0.3, ry: 0.22, degrees: 0);
        using var content = Http.Multipart(lesion.Jpeg(), "lesion.jpg", "image/jpeg");

        using var response = await _client.PostAsync(Http.ClassificationsPath + "?segment=true&pixelsPerMillimetre=40", content);

        var diameter = (await Http.AssertClassificationAsync(response)).GetProperty("lesion").GetProperty("greatestDiameter");
        Assert.Equal(diameter.GetProperty("pixels").GetDouble() / 40, diameter.GetProperty("millimetres").GetDouble(), 2);
    }

    [SegmentationFact]
    public async Task Post_SegmentTrue_PlainSkin_GetsNoOutline()
    {
        // Skin with its texture and no lesion: the screening refuses it, and nothing is outlined or measured.
        using var skin = SyntheticLesion.Ellipse(640, 480, cx: 0.5, cy: 0.5, rx: 0.001, ry: 0.001, degrees: 0);
        using var content = Http.Multipart(skin.Jpeg(), "skin.jpg", "image/jpeg");

        using var response = await _client.PostAsync(Http.ClassificationsPath + "?segment=true", content);

        var result = await Http.AssertRejectedAsync(response, "not-dermoscopic");
        Assert.False(result.TryGetProperty("lesion", out _), $"a rejected image is not outlined: {result}");
    }

    [SharedSegmentationFact]
    public async Task Post_SegmentTrue_LesionFillingTheFrame_SaysItTouchesTheBorderInsteadOfOutlining()
    {
        // Arrange: HAM10000 test image ISIC_0026042, whose reference mask covers every pixel of the image's edge.
        var image = HamArchive.Read(["ISIC_0026042"])["ISIC_0026042"];
        using var content = Http.Multipart(image, "ISIC_0026042.jpg", "image/jpeg");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath + "?segment=true", content);

        // Assert
        var found = (await Http.AssertClassificationAsync(response)).GetProperty("lesion");
        Assert.False(found.GetProperty("found").GetBoolean());
        Assert.Equal(LesionReasons.TouchesBorder, found.GetProperty("reason").GetProperty("code").GetString());
        Assert.Contains("more than half", found.GetProperty("reason").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(found.GetProperty("borderContact").GetDouble() > 0.5);
        foreach (var measure in new[] { "outline", "areaFraction", "asymmetry", "borderIrregularity", "colours", "greatestDiameter" })
        {
            Assert.False(found.TryGetProperty(measure, out _), $"'{measure}' is invented for a lesion that was not outlined: {found}");
        }
    }

    [Theory]
    [InlineData("?segment=true&pixelsPerMillimetre=0", "pixelsPerMillimetre", "got '0'")]
    [InlineData("?segment=true&pixelsPerMillimetre=-12.5", "pixelsPerMillimetre", "got '-12.5'")]
    [InlineData("?segment=true&pixelsPerMillimetre=abc", "pixelsPerMillimetre", "got 'abc'")]
    [InlineData("?segment=true&pixelsPerMillimetre=NaN", "pixelsPerMillimetre", "positive, finite")]
    [InlineData("?segment=true&pixelsPerMillimetre=Infinity", "pixelsPerMillimetre", "positive, finite")]
    [InlineData("?segment=true&pixelsPerMillimetre=1e999", "pixelsPerMillimetre", "positive, finite")]
    [InlineData("?segment=true&pixelsPerMillimetre=12,5", "pixelsPerMillimetre", "decimal point")]
    [InlineData("?segment=true&pixelsPerMillimetre=1e-307", "pixelsPerMillimetre", "between 1 and 10000")]
    [InlineData("?segment=true&pixelsPerMillimetre=20000", "pixelsPerMillimetre", "got '20000'")]
    [InlineData("?pixelsPerMillimetre=40", "pixelsPerMillimetre applies only with segment=true", "Add segment=true")]
    [InlineData("?segment=yes", "segment must be true or false", "got 'yes'")]
    [InlineData("?explain=1", "explain must be true or false", "got '1'")]
    [InlineData("?segmnet=true", "no query parameter 'segmnet'", "explain, segment, pixelsPerMillimetre")]
    [InlineData("?explain=true&Explain=true", "'explain' is given 2 times", "give it once")]
    [InlineData("?segment=true&segment=false", "'segment' is given 2 times", "give it once")]
    [InlineData("?explain=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "explain must be true or false", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…'")]
    public async Task Post_InvalidParameter_IsRefusedNamingItBeforeTheUploadIsRead(string query, string names, string says)
    {
        // Arrange
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikePng(200, 150), "lesion.png", "image/png");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath + query, content);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidParameter, names);
        Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("A request parameter is invalid", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Post_InvalidParameter_IsRecordedAsARefusalWithoutAFingerprint()
    {
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikePng(200, 150), "lesion.png", "image/png");

        using var response = await _client.PostAsync(Http.ClassificationsPath + "?segment=true&pixelsPerMillimetre=-1", content);
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidParameter, "pixelsPerMillimetre");

        var record = await AuditRecords.FetchAsync(factory, problem.GetProperty("requestId").GetString()!);
        Assert.Equal("refused", record.GetProperty("status").GetString());
        Assert.Equal(400, record.GetProperty("httpStatus").GetInt32());
        Assert.Equal(ProblemTypes.InvalidParameter, record.GetProperty("problemType").GetString());
        Assert.Equal(0, record.GetProperty("image").GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task Swagger_DocumentsTheSegmentParametersTheLesionSchemaAnd409()
    {
        using var response = await _client.GetAsync("/swagger/v1/swagger.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var operation = document.GetProperty("paths").GetProperty(Http.ClassificationsPath).GetProperty("post");
        var parameters = operation.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("boolean", parameters["segment"].GetProperty("schema").GetProperty("type").GetString());
        Assert.Contains("outline", parameters["segment"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("number", parameters["pixelsPerMillimetre"].GetProperty("schema").GetProperty("type").GetString());
        Assert.True(operation.GetProperty("responses").TryGetProperty("409", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var lesion = schemas.GetProperty("LesionInfo").GetProperty("properties");
        foreach (var field in new[] { "found", "reason", "outline", "areaFraction", "asymmetry", "borderIrregularity", "colours", "greatestDiameter", "imageWidth", "imageHeight" })
        {
            Assert.True(lesion.TryGetProperty(field, out _), $"LesionInfo lacks '{field}'");
        }

        Assert.True(schemas.GetProperty("ClassificationResponse").GetProperty("properties").TryGetProperty("lesion", out _));
    }

    [SegmentationFact]
    public async Task GetModelCard_ListsTheSegmentationGraph()
    {
        using var response = await _client.GetAsync("/api/v1/model");
        var card = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var segmentation = card.GetProperty("segmentation");
        Assert.Equal(ShippedModel.SegmentationFile, segmentation.GetProperty("file").GetString());
        Assert.Equal(0.5, segmentation.GetProperty("threshold").GetDouble());
        Assert.True(segmentation.GetProperty("metrics").GetProperty("test").GetProperty("dice").GetProperty("value").GetDouble() > 0.9);
    }

    private static List<OutlinePoint> Outline(JsonElement lesion) =>
        [.. lesion.GetProperty("outline").EnumerateArray().Select(p => new OutlinePoint(p.GetProperty("x").GetDouble(), p.GetProperty("y").GetDouble()))];
}
