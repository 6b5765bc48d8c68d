using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Tests.Audit;

namespace SkinLesion.Web.Tests;

/// <summary>
/// A model whose manifest lists no segmentation graph (as every model before 2.0.0's segmentation did): the service
/// starts and classifies as before, refuses ?segment=true with 409 segmentation-unavailable, and the page does not offer it.
/// </summary>
public sealed class SegmentationUnavailableTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skinlesion-nosegmentation-").FullName;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _client;

    public SegmentationUnavailableTests()
    {
        foreach (var file in ShippedModel.Files.Where(file => file != ShippedModel.SegmentationFile))
        {
            File.Copy(Path.Combine(RepoLayout.ModelsDirectory, file), Path.Combine(_directory, file));
        }

        var manifestPath = Path.Combine(_directory, Path.GetFileName(RepoLayout.ManifestPath));
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest.Remove("segmentation");
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        _factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Model:Path", manifestPath));
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task Post_SegmentTrue_Is409SegmentationUnavailableAndRecorded()
    {
        // Arrange
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikePng(200, 150), "lesion.png", "image/png");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath + "?segment=true", content);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.Conflict, ProblemTypes.SegmentationUnavailable, "ships no segmentation graph");
        Assert.Contains(ShippedModel.Version, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var record = await AuditRecords.FetchAsync(_factory, problem.GetProperty("requestId").GetString()!);
        Assert.Equal(409, record.GetProperty("httpStatus").GetInt32());
        Assert.Equal(ProblemTypes.SegmentationUnavailable, record.GetProperty("problemType").GetString());
    }

    [Fact]
    public async Task Post_WithoutSegment_ClassifiesAsBefore()
    {
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikePng(200, 150), "lesion.png", "image/png");

        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        var result = await Http.AssertClassificationAsync(response);
        Assert.False(result.TryGetProperty("lesion", out _));
    }

    [Fact]
    public async Task Page_DoesNotOfferTheOutlineAndRefusesAPostAskingForIt()
    {
        // Arrange
        var html = await _client.GetStringAsync("/");
        using var form = ClinicianPageTests.Form(AssessmentImages.DermoscopyLikePng(400, 300), "lesion.png", await ClinicianPageTests.TokenAsync(_client));
        form.Add(new StringContent("true"), "segment");

        // Act
        using var response = await _client.PostAsync("/", form);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.DoesNotContain("id=\"segment\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("data-refusal=\"segmentation-unavailable\"", page, StringComparison.Ordinal);
        Assert.Contains("Outlining the lesion is not available", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModelCard_HasNoSegmentation()
    {
        using var response = await _client.GetAsync("/api/v1/model");
        var card = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(ShippedModel.Version, card.GetProperty("version").GetString());
        Assert.False(card.TryGetProperty("segmentation", out _));
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
