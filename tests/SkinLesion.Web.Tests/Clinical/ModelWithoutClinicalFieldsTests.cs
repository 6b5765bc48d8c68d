using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests.Clinical;

/// <summary>
/// A model whose manifest has no clinical section (every model before 2.0.0's study): an image alone is answered as
/// always, and a clinical field is refused saying the model defines none, instead of being ignored in silence.
/// </summary>
public sealed class ModelWithoutClinicalFieldsTests : IDisposable
{
    private readonly ModelCopy _model = new("skinlesion-no-clinical-");
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _client;

    public ModelWithoutClinicalFieldsTests()
    {
        _model.EditManifest(manifest => manifest.AsObject().Remove("clinical"));
        _factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Model:Path", _model.ManifestPath));
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task Post_ImageAlone_Returns200WithoutClinical()
    {
        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, ClinicalRequests.Multipart(AssessmentImages.DermoscopyLikeJpeg(200, 150)));
        var result = await Http.AssertClassificationAsync(response);

        // Assert
        Assert.False(result.TryGetProperty("clinical", out _));
    }

    [Fact]
    public async Task Post_ImageWithAge_Returns400SayingTheModelDefinesNoClinicalFields()
    {
        // Act
        using var response = await _client.PostAsync(ClinicalRequests.Path(("age", "50")), ClinicalRequests.Multipart(AssessmentImages.DermoscopyLikeJpeg(200, 150)));

        // Assert
        await ClinicalRequests.AssertRefusedAsync(response, "age", $"age is not accepted: model {ShippedModel.NameAndVersion} defines no clinical fields (its manifest has no 'clinical' section). Send the image without it.");
    }

    [Fact]
    public async Task Get_PagesAndSwagger_OfferNoClinicalFields()
    {
        // Act
        var upload = await _client.GetStringAsync("/");
        var model = await _client.GetStringAsync("/model");
        var swagger = await _client.GetStringAsync("/swagger/v1/swagger.json");

        // Assert
        Assert.DoesNotContain("clinical-fields", upload, StringComparison.Ordinal);
        Assert.DoesNotContain("clinical-heading", model, StringComparison.Ordinal);
        var parameters = JsonDocument.Parse(swagger).RootElement.GetProperty("paths").GetProperty(Http.ClassificationsPath).GetProperty("post").GetProperty("parameters");
        var names = parameters.EnumerateArray().Select(parameter => parameter.GetProperty("name").GetString()).ToList();
        Assert.Contains("explain", names);
        Assert.DoesNotContain("age", names);
        Assert.DoesNotContain("sex", names);
        Assert.DoesNotContain("site", names);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _model.Dispose();
    }
}
