using System.Text.Json.Nodes;
using SkinLesion.Inference.Model;
using SkinLesion.Inference.Screening;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>A model that does not match its manifest must stop the service at startup, naming the file and the mismatch.</summary>
public sealed class ModelLoadingTests : IDisposable
{
    private readonly ModelCopy _model = new("skinlesion-model-");

    private string ManifestPath => _model.ManifestPath;

    private string ModelPath => _model.ModelPath;

    [Fact]
    public void Load_ShippedModel_ExposesManifestIdentity()
    {
        using var classifier = ClassifierFixture.Create(ManifestPath);

        Assert.Equal(classifier.Manifest.Sha256.ToLowerInvariant(), classifier.Model.Sha256);
        Assert.Equal(classifier.Manifest.Name, classifier.Model.Name);
        Assert.Equal(ShippedModel.ClassCount, classifier.Manifest.Labels.Count);
        Assert.True(classifier.WarmUpDuration > TimeSpan.Zero);
    }

    [Fact]
    public void Load_ModelWithOneByteChanged_FailsWithSha256Mismatch()
    {
        // Arrange
        var bytes = File.ReadAllBytes(ModelPath);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(ModelPath, bytes);

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("sha256", error.Message, StringComparison.Ordinal);
        Assert.Contains(ModelPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenGraph_FileReplacedAfterItsCheck_ServesTheCheckedGraph()
    {
        // Arrange: the check has passed; then the file on disk is replaced (a copy still running, or a swap).
        var loader = ModelLoader.Verify(new ModelOptions { Path = ManifestPath });
        File.WriteAllBytes(ModelPath, [0x08, 0x07, 0x12, 0x00]);

        // Act
        using var graph = loader.OpenGraph(intraOpThreads: 1);
        var warmUp = loader.WarmUp(graph, null, TimeProvider.System);

        // Assert: the session holds the bytes that hashed to the manifest's sha256, and it runs.
        Assert.True(warmUp > TimeSpan.Zero);
        Assert.Equal(ShippedModel.ClassCount, graph.Run(new byte[graph.InputLength], withCam: false).Probabilities.Length);
    }

    [Fact]
    public void Load_MissingModelFile_FailsNamingTheFile()
    {
        File.Delete(ModelPath);

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains(ModelPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingManifest_FailsNamingTheOption()
    {
        var missing = _model.PathOf("nope.json");

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("SkinLesion__Model__Path", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("labels")]
    [InlineData("input")]
    [InlineData("outputs")]
    public void Load_ManifestWithARequiredFieldNull_FailsNamingTheFileAndTheField(string field)
    {
        _model.EditManifest(manifest => manifest[field] = null);

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains(ManifestPath, error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestWithANullLabel_FailsNamingItsPlace()
    {
        _model.EditManifest(manifest => manifest["labels"]![2] = null);

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("labels[2] is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestInputNameDiffersFromGraph_FailsWithMismatch()
    {
        _model.EditManifest(manifest => manifest["input"]!["name"] = "pixels");

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("'pixels'", error.Message, StringComparison.Ordinal);
        Assert.Contains("graph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestInputSizeDiffersFromGraph_FailsWithShapeMismatch()
    {
        _model.EditManifest(manifest => manifest["input"]!["height"] = 224);

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("shape", error.Message, StringComparison.Ordinal);
        Assert.Contains("224", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestWithSixLabels_FailsBecauseGraphHasSeven()
    {
        _model.EditManifest(manifest =>
        {
            manifest["labels"]!.AsArray().RemoveAt(6);
            if (manifest["decisionRule"]!["priors"] is JsonArray priors)
            {
                priors.RemoveAt(6);
            }
        });

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("6 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownDecisionRule_Fails()
    {
        _model.EditManifest(manifest => manifest["decisionRule"]!["type"] = "max-sensitivity");

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("decisionRule.type 'max-sensitivity'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ManifestPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestThatIsNotJson_Fails()
    {
        File.WriteAllText(ManifestPath, "{ not json");

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecisionRule_PriorAdjusted_PrefersRareClassOverCommonOneWithSlightlyHigherProbability()
    {
        // Arrange: class 0 has prior 0.01, class 1 has prior 0.9.
        var manifest = WithRule("prior-adjusted-argmax", 0.5, [0.01, 0.9]);
        var plain = WithRule("argmax", null, null);

        // Act
        int adjusted = DecisionRule.FromManifest(manifest).SelectTop([0.4f, 0.6f]);
        int argmax = DecisionRule.FromManifest(plain).SelectTop([0.4f, 0.6f]);

        // Assert: 0.4 / 0.1 = 4 beats 0.6 / 0.949 = 0.63.
        Assert.Equal(0, adjusted);
        Assert.Equal(1, argmax);
    }

    [Theory]
    [InlineData("input", "colorOrder")]
    [InlineData("calibration", "method")]
    [InlineData("malignantThreshold", "value")]
    [InlineData("decisionRule", "type")]
    public void Load_ManifestSectionWithoutARequiredField_FailsNamingTheField(string section, string field)
    {
        _model.EditManifest(manifest => manifest[section]!.AsObject().Remove(field));

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains("not valid JSON of schema version 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("every label benign", "the benign/malignant verdict needs at least one of each")]
    [InlineData("every label malignant", "the benign/malignant verdict needs at least one of each")]
    [InlineData("graph file outside the folder", "file '../skin-lesion-mobilenetv2.onnx' must be a file name next to the manifest")]
    [InlineData("band apart from the threshold", "is not malignantThreshold.value")]
    public void Load_ManifestThatWouldMisjudgeEveryImage_FailsNamingTheProblem(string edit, string named)
    {
        // Arrange: each loads and answers, but every verdict, or every referral, would follow another rule than the model's.
        _model.EditManifest(manifest =>
        {
            switch (edit)
            {
                case "every label benign":
                case "every label malignant":
                    foreach (var label in manifest["labels"]!.AsArray())
                    {
                        label!["malignant"] = edit == "every label malignant";
                    }

                    break;
                case "graph file outside the folder":
                    manifest["file"] = "../" + manifest["file"]!.GetValue<string>();
                    break;
                default:
                    manifest["uncertainty"]!["borderlineFrom"] = manifest["malignantThreshold"]!["value"]!.GetValue<double>() / 2;
                    break;
            }
        });

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _model.Dispose();

    private static ModelManifest WithRule(string type, double? exponent, double[]? priors) => new()
    {
        SchemaVersion = 1,
        Name = "test",
        Version = "0",
        File = "x.onnx",
        Sha256 = new string('0', 64),
        Input = new ManifestInput("image", "uint8", "NHWC", Height: 150, Width: 200, Channels: 3, "RGB"),
        Outputs = new ManifestOutputs("probabilities"),
        Labels =
        [
            new ManifestLabel(0, "rare", "Rare", Malignant: true),
            new ManifestLabel(1, "common", "Common", Malignant: false),
        ],
        Calibration = new ManifestCalibration("temperature", Temperature: 1),
        DecisionRule = new ManifestDecisionRule(type, exponent, priors),
        MalignantThreshold = new ManifestThreshold(0.5),
    };
}
