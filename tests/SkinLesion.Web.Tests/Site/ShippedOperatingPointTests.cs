using System.Net;
using System.Text.Json;
using SkinLesion.Inference.Site;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Tests.Audit;
using SkinLesion.Web.Tests.Deployment;

namespace SkinLesion.Web.Tests.Site;

/// <summary>Without a site profile nothing changes: answers, the page, the audit record and /model name the shipped operating point.</summary>
[Collection(ApiGroup.Name)]
public sealed class ShippedOperatingPointTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Post_Image_NoProfile_NamesTheShippedOperatingPointAtTheManifestsThreshold()
    {
        // Arrange
        var upload = AssessmentImages.DermoscopyLikeJpeg(200, 150);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(upload, "lesion.jpg", "image/jpeg"));
        var answer = await Http.AssertClassificationAsync(response);
        var record = await AuditRecords.FetchAsync(factory, answer.GetProperty("requestId").GetString()!);

        // Assert: the model's own name, version and threshold, in the answer and in its record.
        var operatingPoint = answer.GetProperty("operatingPoint");
        Assert.Equal("shipped", operatingPoint.GetProperty("kind").GetString());
        Assert.Equal(ShippedModel.Name, operatingPoint.GetProperty("name").GetString());
        Assert.Equal(ShippedModel.Version, operatingPoint.GetProperty("version").GetString());
        Assert.Equal(ShippedModel.MalignantThreshold, operatingPoint.GetProperty("threshold").GetDouble());
        Assert.Equal(ShippedModel.MalignantThreshold, answer.GetProperty("verdict").GetProperty("threshold").GetDouble());
        AuditRecords.AssertMatchesAnswer(answer, record, upload, "api");
        Assert.Equal("shipped", record.GetProperty("operatingPoint").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Post_RejectedImage_NoProfile_StillNamesTheOperatingPointButNoVerdict()
    {
        // Arrange
        var upload = AssessmentImages.SolidPng();

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(upload, "image/png"));
        var answer = await Http.AssertRejectedAsync(response, "featureless-image");

        // Assert
        Assert.Equal("shipped", answer.GetProperty("operatingPoint").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task PostPageForm_Image_NoProfile_ShowsTheShippedOperatingPoint()
    {
        // Arrange
        var upload = AssessmentImages.DermoscopyLikePng(640, 480);
        using var form = ClinicianPageTests.Form(upload, "lesion.png", await ClinicianPageTests.TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<dd id=\"threshold\">{ShippedModel.MalignantThresholdPercent}</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"<dd id=\"operating-point\" data-kind=\"shipped\">Shipped ({ShippedModel.NameAndVersion})</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSwagger_ClassificationResponse_DescribesTheOperatingPoint()
    {
        // Act
        var document = JsonDocument.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;

        // Assert: the response field and its schema, described from the contract's XML comments.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var field = schemas.GetProperty("ClassificationResponse").GetProperty("properties").GetProperty("operatingPoint");
        Assert.Equal("#/components/schemas/OperatingPointInfo", field.GetProperty("$ref").GetString());
        var schema = schemas.GetProperty("OperatingPointInfo");
        Assert.Equal(["kind", "name", "version", "threshold", "screeningThreshold"], schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Contains("site profile the hospital made on its own labelled", schema.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(schemas.GetProperty("AssessmentRecordResponse").GetProperty("properties").TryGetProperty("operatingPoint", out _));
        Assert.True(schemas.GetProperty("ModelCardResponse").GetProperty("properties").TryGetProperty("operatingPoint", out _));
    }

    [Fact]
    public async Task ProfilePathVariable_AsTheGuidesNameIt_BindsToTheSiteOptions()
    {
        // Arrange
        string[] guides = ["docs/operations.md", "docs/site-calibration.md", "deploy/kubernetes/base/configmap.yaml", "README.md"];
        var texts = await Task.WhenAll(guides.Select(guide => File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, guide))));

        // Act
        var problem = OptionsBinding.Problem("SkinLesion__Site__ProfilePath", "/etc/skinlesion/site/profile.json");

        // Assert
        Assert.Null(problem);
        Assert.Equal("SkinLesion:Site", SiteOptions.SectionName);
        Assert.All(texts, text => Assert.Contains("SkinLesion__Site__ProfilePath", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetModelPageAndCard_NoProfile_ShippedOperatingPointAndNoSiteFigures()
    {
        // Act
        var html = WebUtility.HtmlDecode(await _client.GetStringAsync("/model"));
        var card = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/model")).RootElement;

        // Assert
        Assert.Contains("id=\"operating-point\" data-kind=\"shipped\"", html, StringComparison.Ordinal);
        Assert.Contains($"add up to at least <strong>{ShippedModel.MalignantThresholdPercent}</strong>, a threshold chosen on validation data", html, StringComparison.Ordinal);
        Assert.DoesNotContain("operating-point-figures", html, StringComparison.Ordinal);
        Assert.DoesNotContain("site-sensitivity-warning", html, StringComparison.Ordinal);
        var operatingPoint = card.GetProperty("operatingPoint");
        Assert.Equal(("shipped", ShippedModel.Name, ShippedModel.Version), (operatingPoint.GetProperty("kind").GetString(), operatingPoint.GetProperty("name").GetString(), operatingPoint.GetProperty("version").GetString()));
        Assert.Equal(ShippedModel.MalignantThreshold, operatingPoint.GetProperty("threshold").GetDouble());
    }
}
