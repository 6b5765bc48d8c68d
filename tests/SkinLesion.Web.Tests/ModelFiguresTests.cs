using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests;

/// <summary>
/// The model page's figures are served from the model's folder by their key in the manifest, and only PNG files of that
/// folder: a manifest entry that climbs out of it or names another kind of file is not served, even though the file is there.
/// </summary>
public sealed class ModelFiguresTests : IDisposable
{
    private readonly ModelCopy _model = new("skinlesion-figures-");
    private readonly string _outside;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _client;

    public ModelFiguresTests()
    {
        // The copy holds the model's files, not its figures; one is copied in, and a real PNG is put beside the folder, so
        // that only the name check stands between a request and it.
        var figure = Path.Combine(RepoLayout.ModelsDirectory, ShippedModel.FigureFile("confusion"));
        _outside = Path.Combine(Path.GetDirectoryName(_model.Directory)!, $"outside-{Guid.NewGuid():N}.png");
        try
        {
            File.Copy(figure, _model.PathOf(ShippedModel.FigureFile("confusion")));
            File.Copy(figure, _outside);
            var graph = Path.GetFileName(_model.ModelPath);
            _model.EditManifest(manifest =>
            {
                manifest["figures"]!["outside"] = "../" + Path.GetFileName(_outside);
                manifest["figures"]!["graph"] = graph;
            });
            _factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Model:Path", _model.ManifestPath));
            _client = _factory.CreateClient();
        }
        catch
        {
            // xunit disposes only a test class it constructed: a start that fails here would leave the copies behind.
            _factory?.Dispose();
            File.Delete(_outside);
            _model.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task Get_ListedFigure_ReturnsThePngFromTheModelsFolder()
    {
        // Act
        using var response = await _client.GetAsync("/model/figures/confusion");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("outside")]
    [InlineData("graph")]
    [InlineData("unknown")]
    [InlineData("..%2Fskin-lesion-mobilenetv2.onnx")]
    public async Task Get_FigureOutsideTheFolderNotAPngOrNotListed_Returns404ProblemDetails(string key)
    {
        // Act
        using var response = await _client.GetAsync($"/model/figures/{key}");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ProblemTypes.NotFound, problem.GetProperty("type").GetString());
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        File.Delete(_outside);
        _model.Dispose();
    }
}
