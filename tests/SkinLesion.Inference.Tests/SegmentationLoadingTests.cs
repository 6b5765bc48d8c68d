using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SkinLesion.Inference.Model;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The segmentation graph is held to its contract at startup as the classifier's is: its file against the manifest's
/// size and sha256, its inputs and outputs against the contract, and a warm-up run; any mismatch stops the start,
/// naming the file and the mismatch.
/// </summary>
public sealed class SegmentationLoadingTests : IDisposable
{
    private readonly ModelCopy _model = new("skinlesion-segmentation-");

    private string ManifestPath => _model.ManifestPath;

    [SegmentationFact]
    public void Load_ShippedManifest_OpensTheSegmentationGraph()
    {
        using var classifier = ClassifierFixture.Create(ManifestPath);

        Assert.True(classifier.CanSegment);
        Assert.Equal(ShippedModel.SegmentationFile, classifier.Manifest.Segmentation!.File);
    }

    [Fact]
    public void Load_ManifestWithoutSegmentation_OffersNone()
    {
        _model.EditManifest(manifest => manifest.AsObject().Remove("segmentation"));

        using var classifier = ClassifierFixture.Create(ManifestPath);

        Assert.False(classifier.CanSegment);
        Assert.Null(classifier.Manifest.Segmentation);
    }

    [SegmentationFact]
    public async Task Classify_SegmentWithoutSegmentation_IsAProgrammingErrorNotAnAnswer()
    {
        _model.EditManifest(manifest => manifest.AsObject().Remove("segmentation"));
        using var classifier = ClassifierFixture.Create(ManifestPath);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => classifier.ClassifyAsync(TestImages.LesionPng(), new ClassificationRequest(Segment: true)));

        Assert.Contains("CanSegment", error.Message, StringComparison.Ordinal);
    }

    [SegmentationFact]
    public void Load_SegmentationGraphWithOneByteChanged_FailsWithSha256Mismatch()
    {
        var path = _model.PathOf(ShippedModel.SegmentationFile!);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("sha256 mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [SegmentationFact]
    public void Load_SegmentationGraphMissing_FailsNamingTheFile()
    {
        var path = _model.PathOf(ShippedModel.SegmentationFile!);
        File.Delete(path);

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("segmentation graph named by the manifest", error.Message, StringComparison.Ordinal);
    }

    [SegmentationFact]
    public void Load_SegmentationOutputRenamed_FailsNamingTheGraphsOutputs()
    {
        _model.EditManifest(manifest => manifest["segmentation"]!["output"] = "lesion");

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("segmentation.output 'lesion' is not among the graph's outputs [mask]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ClassifierGraphListedAsTheSegmentationGraph_FailsTheContract()
    {
        // Arrange: the classifier's own graph has the right input but no per-pixel output.
        var classifierGraph = _model.PathOf(ShippedModel.Manifest.GetProperty("file").GetString()!);
        _model.EditManifest(manifest => manifest["segmentation"] = new JsonObject
        {
            ["file"] = Path.GetFileName(classifierGraph),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(classifierGraph))),
            ["input"] = "image",
            ["output"] = "probabilities",
            ["threshold"] = 0.5,
            ["version"] = "0.0.1",
        });

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("does not follow its contract", error.Message, StringComparison.Ordinal);
        Assert.Contains("Float [N, 150, 200]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("threshold", "1.5", "segmentation.threshold 1.5 is outside (0, 1)")]
    [InlineData("threshold", "0", "segmentation.threshold 0 is outside (0, 1)")]
    [InlineData("sha256", "\"abc\"", "segmentation.sha256 'abc' is not 64 hexadecimal characters")]
    [InlineData("file", "\"../elsewhere.onnx\"", "segmentation.file '../elsewhere.onnx' must be a file name next to the manifest")]
    [InlineData("version", "\" \"", "segmentation.version is empty")]
    [InlineData("inputSize", "[192]", "segmentation.inputSize must be [width, height]")]
    public void Load_SegmentationSectionUnsound_FailsNamingTheField(string field, string json, string message)
    {
        _model.EditManifest(manifest => manifest["segmentation"] = SegmentationSection(section => section[field] = JsonNode.Parse(json)));

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(ManifestPath, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _model.Dispose();

    /// <summary>A sound section, then edited; the manifest check runs before any file is opened.</summary>
    private static JsonObject SegmentationSection(Action<JsonObject> edit)
    {
        var section = new JsonObject
        {
            ["file"] = "segmentation.onnx",
            ["sha256"] = new string('a', 64),
            ["input"] = "image",
            ["output"] = "mask",
            ["threshold"] = 0.5,
            ["version"] = "1.0.0",
        };
        edit(section);
        return section;
    }
}
