using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using SkinLesion.Inference.Model;
using SkinLesion.Inference.Screening;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The screening artifact (the manifest's outOfDistribution file): one that does not match its manifest or the graph must
/// stop the service at startup, naming the file and the mismatch; a manifest without one loads with the distance check off.
/// </summary>
public sealed class ScreeningArtifactLoadingTests : IDisposable
{
    private readonly ModelCopy _model = new("skinlesion-model-");

    private string ManifestPath => _model.ManifestPath;

    [Fact]
    public void Load_ManifestWithoutOutOfDistribution_LoadsWithTheDistanceCheckOff()
    {
        _model.EditManifest(manifest => manifest.AsObject().Remove("outOfDistribution"));

        using var classifier = ClassifierFixture.Create(ManifestPath);

        Assert.Null(classifier.OutOfDistribution);
    }

    [Fact]
    public void Load_OutOfDistributionArtifactEdited_FailsWithSha256Mismatch()
    {
        // Arrange
        string artifact = _model.PathOf("skin-lesion-mobilenetv2-ood.json");
        File.WriteAllText(artifact, File.ReadAllText(artifact).Replace("\"threshold\": ", "\"threshold\": 1", StringComparison.Ordinal));

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains(artifact, error.Message, StringComparison.Ordinal);
        Assert.Contains("outOfDistribution.sha256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OutOfDistributionArtifactMissing_FailsNamingTheFile()
    {
        string artifact = _model.PathOf("skin-lesion-mobilenetv2-ood.json");
        File.Delete(artifact);

        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        Assert.Contains(artifact, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OutOfDistributionArtifactForAnotherModel_FailsAskingForARefit()
    {
        // Arrange: a consistent artifact (its sha256 updated in the manifest) fitted for a different model.
        EditOutOfDistributionArtifact(node => node["modelSha256"] = new string('a', 64));

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("refit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    public void Load_OutOfDistributionArtifactOfAnotherSchema_FailsAskingForARefitOrConversion(int schemaVersion)
    {
        // Arrange: an older reader's artifact would be scored without its nuisance projection or half of its distances.
        EditOutOfDistributionArtifact(node => node["schemaVersion"] = schemaVersion);

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains($"schemaVersion is {schemaVersion}; this service reads schemaVersion 4 or 5 only: refit", error.Message, StringComparison.Ordinal);
        Assert.Contains("convert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ArtifactWithoutDistances_FailsNamingTheMissingSection()
    {
        // Arrange
        EditOutOfDistributionArtifact(node => node.AsObject().Remove("distances"));

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("not valid JSON of schema version 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("'distances'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ArtifactWithoutEarlyDistance_LoadsWithTheEmbeddingDistanceOnly()
    {
        // Arrange: the head reads the early statistics too, so an artifact without the early distance has no head either.
        EditOutOfDistributionArtifact(node =>
        {
            node["distances"]!.AsObject().Remove("early");
            node.AsObject().Remove("head");
        });

        // Act
        using var classifier = ClassifierFixture.Create(ManifestPath);

        // Assert
        Assert.NotNull(classifier.OutOfDistribution);
        Assert.Null(classifier.OutOfDistribution.Early);
    }

    [Fact]
    public void Load_EmbeddingMeanCountUnlikeTheLabels_FailsAskingForOneMeanPerClass()
    {
        // Arrange: consistent arrays for 6 means, but the manifest has 7 classes.
        EditOutOfDistributionArtifact(node =>
        {
            var embedding = node["distances"]!["embedding"]!;
            byte[] means = Convert.FromBase64String(embedding["means"]!.GetValue<string>());
            embedding["meanCount"] = 6;
            embedding["means"] = Convert.ToBase64String(means.AsSpan(0, means.Length / 7 * 6));
        });

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("distances.embedding.meanCount 6 must equal the number of labels (7)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmbeddingDistanceForAnOutputTheManifestDoesNotName_FailsNamingBoth()
    {
        // Arrange
        EditOutOfDistributionArtifact(node => node["distances"]!["embedding"]!["output"] = "features");

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("distances.embedding.output is 'features' but the manifest's outputs.embedding is 'embedding'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EarlyMeansMissing_FailsNamingTheArray()
    {
        // Arrange
        EditOutOfDistributionArtifact(node => node["distances"]!["early"]!["means"] = null);

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("distances.early.means is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EarlyDimensionUnlikeTheGraphOutput_FailsAtStartup()
    {
        // Arrange: consistent arrays for an output one value shorter than the graph's (without the head, whose own
        // dimension check would speak first).
        int d = 0;
        EditOutOfDistributionArtifact(node =>
        {
            node.AsObject().Remove("head");
            var early = node["distances"]!["early"]!;
            d = early["dimension"]!.GetValue<int>();
            early["dimension"] = d - 1;
            early["components"] = d - 1;
            early["nuisanceComponents"] = 0;
            early["nuisanceBasis"] = "";
            early["means"] = Convert.ToBase64String(new byte[(d - 1) * sizeof(float)]);
            early["basis"] = Convert.ToBase64String(new byte[(d - 1) * (d - 1) * sizeof(float)]);
            early["variances"] = Convert.ToBase64String(MemoryMarshal.AsBytes(Enumerable.Repeat(1f, d - 1).ToArray().AsSpan()));
        });

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains($"early distance expects {d - 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EarlyCheckForAnOutputTheManifestDoesNotName_FailsNamingBoth()
    {
        // Arrange
        EditOutOfDistributionArtifact(node => node["distances"]!["early"]!["output"] = "stage3_statistics");

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("distances.early.output is 'stage3_statistics' but the manifest's outputs.earlyStatistics is 'early_statistics'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EarlyMeansShorterThanDeclared_FailsNamingTheArray()
    {
        // Arrange: one value short.
        EditOutOfDistributionArtifact(node =>
        {
            var early = node["distances"]!["early"]!;
            byte[] means = Convert.FromBase64String(early["means"]!.GetValue<string>());
            early["means"] = Convert.ToBase64String(means.AsSpan(0, means.Length - sizeof(float)));
        });

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("distances.early.means holds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestEarlyStatisticsOutputMissingFromTheGraph_FailsNamingTheGraphOutputs()
    {
        // Arrange
        _model.EditManifest(manifest => manifest["outputs"]!["earlyStatistics"] = "stage3_statistics");

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("the manifest's output 'stage3_statistics' (earlyStatistics) is not among the graph's outputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NuisanceBasisShorterThanDeclared_FailsNamingTheArray()
    {
        // Arrange: one direction fewer than nuisanceComponents says.
        EditOutOfDistributionArtifact(node =>
        {
            var embedding = node["distances"]!["embedding"]!;
            int n = embedding["nuisanceComponents"]!.GetValue<int>();
            Assert.True(n > 0, "the shipped artifact projects out nuisance directions");
            byte[] basis = Convert.FromBase64String(embedding["nuisanceBasis"]!.GetValue<string>());
            embedding["nuisanceBasis"] = Convert.ToBase64String(basis.AsSpan(0, basis.Length / n * (n - 1)));
        });

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ClassifierFixture.Create(ManifestPath));

        // Assert
        Assert.Contains("distances.embedding.nuisanceBasis holds", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Edits the copied artifact and keeps the manifest's sha256 of it consistent, so only the edit is wrong.</summary>
    private void EditOutOfDistributionArtifact(Action<JsonNode> edit)
    {
        string artifact = _model.PathOf("skin-lesion-mobilenetv2-ood.json");
        var node = JsonNode.Parse(File.ReadAllText(artifact))!;
        edit(node);
        File.WriteAllText(artifact, node.ToJsonString());
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(artifact)));
        _model.EditManifest(manifest => manifest["outOfDistribution"]!["sha256"] = sha);
    }

    public void Dispose() => _model.Dispose();
}
