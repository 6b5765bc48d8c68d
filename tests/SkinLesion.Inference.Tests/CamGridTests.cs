using SkinLesion.Inference.Explanation;
using SkinLesion.Inference.Model;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// Where the cam grid lies over the input: input.networkSize and camStride in the manifest place it, and a model whose
/// grid does not cover its network's input stops the service at startup.
/// </summary>
public sealed class CamGridTests : IDisposable
{
    private readonly ModelCopy _model = new("skinlesion-camgrid-");

    private string ManifestPath => _model.ManifestPath;

    [Fact]
    public void Load_NetworkSizeTheGraphsCamGridDoesNotCover_FailsNamingBoth()
    {
        _model.EditManifest(manifest => manifest["input"]!["networkSize"] = 320);

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("7x7 cells", error.Message, StringComparison.Ordinal);
        Assert.Contains("do not cover input.networkSize 320", error.Message, StringComparison.Ordinal);
        Assert.Contains("camStride", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NetworkSizeWithoutCamStride_FailsAskingForBoth()
    {
        _model.EditManifest(manifest =>
        {
            manifest["input"]!["networkSize"] = 224;
            manifest.AsObject().Remove("camStride");
        });

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("give both or neither", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestWithoutGridPlacement_SpansTheGridOverTheWholeInput()
    {
        _model.EditManifest(manifest =>
        {
            manifest["input"]!.AsObject().Remove("networkSize");
            manifest.AsObject().Remove("camStride");
        });

        using var classifier = ClassifierFixture.Create(ManifestPath);

        Assert.Equal(1, ClassActivationMap.GridSpan(5, classifier.Manifest.Input, classifier.Manifest.CamStride));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Upsample_FiveCellsOfStride32At176_CentresEachCellOverItsNetworkPixels(int column)
    {
        // 176 network pixels: five stride-2 stages keep 5 cells of 32 (the last 16 pixels start no cell), so cell j is
        // centred at network pixel (j + 0.5) x 32, that is input pixel (j + 0.5) x 32 x 200 / 176.
        var input = new ManifestInput("image", "uint8", "NHWC", 150, 200, 3, "RGB", NetworkSize: 176);
        double span = ClassActivationMap.GridSpan(5, input, 32);
        var cam = new float[25];
        cam[(2 * 5) + column] = 1;

        var map = ClassActivationMap.Upsample(cam, 5, 5, 200, 150, span, span);

        Assert.Equal(160.0 / 176, span, 12);
        int cx = (int)Math.Round(((column + 0.5) * 32 * 200 / 176) - 0.5), cy = (int)Math.Round((2.5 * 32 * 150 / 176) - 0.5);
        Assert.InRange(map[(cy * 200) + cx], 0.95f, 1f);
        // A cell-width away inside the grid there is (almost) nothing; past the last cell's centre the edge value holds.
        int cellWidth = (int)Math.Round(32 * 200 / 176.0);
        foreach (int x in new[] { cx - cellWidth, cx + cellWidth })
        {
            if (x is >= 0 && x < 4.5 * 32 * 200 / 176)
            {
                Assert.InRange(map[(cy * 200) + x], 0f, 0.05f);
            }
        }
    }

    public void Dispose() => _model.Dispose();
}
