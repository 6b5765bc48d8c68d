using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>?explain=true adds the class activation map; without it the response is unchanged.</summary>
[Collection(ApiGroup.Name)]
public sealed class ExplanationEndpointTests(ApiFactory factory)
{
    private const string DataUriPrefix = "data:image/png;base64,";

    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("")]
    [InlineData("?explain=false")]
    public async Task Post_WithoutExplainTrue_HasNoExplanation(string query)
    {
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikePng(200, 150), "lesion.png", "image/png");

        using var response = await _client.PostAsync(Http.ClassificationsPath + query, content);

        var result = await Http.AssertClassificationAsync(response);
        Assert.False(result.TryGetProperty("explanation", out _), "the explanation must only be sent when asked for");
    }

    [Fact]
    public async Task Post_WithExplainTrue_ReturnsTheMapOfThePredictedClassAsPngWithBoundingBox()
    {
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikeJpeg(1024, 768), "lesion.jpg", "image/jpeg");

        using var response = await _client.PostAsync(Http.ClassificationsPath + "?explain=true", content);

        var result = await Http.AssertClassificationAsync(response);
        var explanation = result.GetProperty("explanation");
        Assert.Equal(result.GetProperty("prediction").GetProperty("code").GetString(), explanation.GetProperty("classCode").GetString());
        Assert.Equal("viridis", explanation.GetProperty("colourMap").GetString());
        Assert.False(string.IsNullOrWhiteSpace(explanation.GetProperty("note").GetString()));
        string uri = explanation.GetProperty("image").GetString()!;
        Assert.StartsWith(DataUriPrefix, uri, StringComparison.Ordinal);
        using var png = Image.Load<Rgb24>(Convert.FromBase64String(uri[DataUriPrefix.Length..]));
        int width = explanation.GetProperty("width").GetInt32(), height = explanation.GetProperty("height").GetInt32();
        Assert.Equal((width, height), (png.Width, png.Height));
        Assert.Equal(ShippedModel.InputSize.Width, width);
        var box = explanation.GetProperty("boundingBox");
        int x = box.GetProperty("x").GetInt32(), y = box.GetProperty("y").GetInt32();
        int w = box.GetProperty("width").GetInt32(), h = box.GetProperty("height").GetInt32();
        Assert.True(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height, $"box {x},{y} {w}x{h} is outside the {width}x{height} map area");
    }

    [Fact]
    public async Task Post_WithExplainTrue_Twice_ReturnsTheSameImage()
    {
        var bytes = AssessmentImages.DermoscopyLikePng(640, 480);
        var images = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            using var content = Http.Multipart(bytes, "lesion.png", "image/png");
            using var response = await _client.PostAsync(Http.ClassificationsPath + "?explain=true", content);
            var result = await Http.AssertClassificationAsync(response);
            images.Add(result.GetProperty("explanation").GetProperty("image").GetString()!);
        }

        Assert.Equal(images[0], images[1]);
    }

    [Fact]
    public async Task Swagger_DocumentsTheExplainParameterAndTheExplanationSchema()
    {
        using var response = await _client.GetAsync("/swagger/v1/swagger.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var operation = document.GetProperty("paths").GetProperty(Http.ClassificationsPath).GetProperty("post");
        var explain = operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "explain");
        Assert.Equal("query", explain.GetProperty("in").GetString());
        Assert.Contains("class activation map", explain.GetProperty("description").GetString(), StringComparison.Ordinal);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("ClassificationResponse").GetProperty("properties").TryGetProperty("explanation", out _));
        Assert.True(schemas.TryGetProperty("ExplanationInfo", out var info), "the explanation's schema is published");
        foreach (var name in new[] { "classCode", "image", "width", "height", "boundingBox", "colourMap", "note" })
        {
            Assert.True(info.GetProperty("properties").TryGetProperty(name, out _), $"ExplanationInfo lacks '{name}'");
        }
    }
}
