using System.Globalization;
using System.Text.Json.Nodes;
using SkinLesion.Inference.Model;
using SkinLesion.Inference.Screening;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// Schema 5 of the out-of-distribution artifact: the screening head scores as numpy does, every malformed head stops
/// loading with a message naming the field, and the policy refuses by the head and ignores an informational distance.
/// </summary>
[Collection(ShippedModelGroup.Name)]
public sealed class ScreeningHeadTests(ClassifierFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skinlesion-head-").FullName;
    private readonly ModelManifest _manifest = fixture.Classifier.Manifest;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Fixture_PatchesTheShippedArtifact()
    {
        Assert.True(
            ScreeningHeadFixture.ArtifactSha256 == ScreeningHeadFixture.ShippedArtifactSha256,
            $"tests/Shared/Fixtures/screening-head.json was made for another artifact; regenerate it: {ScreeningHeadFixture.Regenerate}");
    }

    [Fact]
    public void HeadScore_EqualsNumpysScoreOfTheSameOutputs()
    {
        // Arrange: the schema-5 artifact training/screening_head.py wrote for the shipped model, and numpy's scores.
        var ood = LoadArtifact();
        var cases = ScreeningHeadFixture.Cases;
        Assert.NotEmpty(cases);

        foreach (var (embedding, early, expected, dermoscopic) in cases)
        {
            // Act
            double score = ood.ScoreHead(embedding, early);

            // Assert: float32 outputs, projected in float32 here and in float64 by numpy.
            Assert.True(Math.Abs(score - expected) <= 1e-6 * Math.Abs(expected), string.Create(CultureInfo.InvariantCulture, $"C# {score:R} vs numpy {expected:R}"));
            Assert.Equal(dermoscopic, score >= ood.Head!.Threshold);
        }
    }

    [Fact]
    public void Screen_ReportsTheSameHeadScoreAsScoreHeadAndTheDistancesAsBefore()
    {
        var ood = LoadArtifact();
        var (embedding, early, _, _) = ScreeningHeadFixture.Cases[0];

        var scores = ood.Screen(embedding, early);

        Assert.Equal(ood.ScoreHead(embedding, early), scores.Head);
        Assert.Equal(ood.Score(embedding), scores.Embedding, 9);
        Assert.Equal(ood.ScoreEarly(early), scores.Early!.Value, 9);
        Assert.False(ood.Early!.RefusesImages);
        Assert.True(ood.Embedding.RefusesImages);
    }

    [Fact]
    public void Load_ShippedArtifact_RefusesByItsHeadWithBothDistancesInformational()
    {
        var ood = fixture.Classifier.OutOfDistribution!;

        Assert.Equal(5, ood.Artifact.SchemaVersion);
        Assert.NotNull(ood.Head);
        Assert.False(ood.Embedding.RefusesImages || ood.Early!.RefusesImages);
    }

    [Theory]
    [InlineData("features", "[\"embedding\", \"colour\"]", "head.features has 'colour'; known features are embedding, earlyStatistics")]
    [InlineData("features", "[\"embedding\", \"embedding\"]", "head.features lists 'embedding' twice")]
    [InlineData("features", "[]", "head.features must list at least one of")]
    [InlineData("dimension", "{D-1}", "head.dimension {D-1} must equal the sum of its features' dimensions ({D})")]
    [InlineData("features", "[\"embedding\"]", "head.dimension {D} must equal the sum of its features' dimensions (1280)")]
    [InlineData("mean", "\"AAAAAA==\"", "head.mean holds 1 float32 values; expected {D}")]
    [InlineData("weights", "\"not base64!\"", "head.weights is not valid base64")]
    [InlineData("bias", "1e999", "head.bias and head.threshold must be finite")]
    public void Load_MalformedHead_FailsNamingTheField(string field, string json, string expected)
    {
        // {D} is the head's dimension, read from the artifact, so a retrained model needs no edit here.
        int d = LoadArtifact().Head!.Dimension;
        string Fill(string text) => text.Replace("{D-1}", (d - 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{D}", d.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        json = Fill(json);
        expected = Fill(expected);

        var error = Assert.Throws<ModelLoadException>(() => LoadArtifact(a => a["head"]![field] = JsonNode.Parse(json)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.PositiveInfinity)]
    public void Load_HeadScaleNotPositiveAndFinite_FailsNamingTheField(float bad)
    {
        int d = LoadArtifact().Head!.Dimension;
        var error = Assert.Throws<ModelLoadException>(() => LoadArtifact(a => a["head"]!["scale"] = Base64(Enumerable.Repeat(1f, d - 1).Append(bad))));

        Assert.Contains("head.scale must be positive and finite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e9")]
    [InlineData("-1e999")]
    public void Load_SiteThresholdFloorAboveTheThresholdOrNotFinite_FailsNamingTheField(string floor)
    {
        var error = Assert.Throws<ModelLoadException>(() => LoadArtifact(a => a["head"]!["siteThresholdFloor"] = JsonNode.Parse(floor)));

        Assert.Contains("head.siteThresholdFloor", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be finite and at most head.threshold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShippedArtifact_AllowsASiteThresholdNoHigherThanItsOwn()
    {
        var head = fixture.Classifier.OutOfDistribution!.Head!;

        Assert.NotNull(head.SiteThresholdFloor);
        Assert.True(head.SiteThresholdFloor <= head.Threshold);
    }

    [Fact]
    public void Load_HeadThresholdNotFinite_FailsNamingTheField()
    {
        var error = Assert.Throws<ModelLoadException>(() => LoadArtifact(a => a["head"]!["threshold"] = JsonNode.Parse("-1e999")));

        Assert.Contains("head.threshold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HeadWithoutWeights_FailsNamingTheField()
    {
        var error = Assert.Throws<ModelLoadException>(() => LoadArtifact(a => a["head"]!.AsObject().Remove("weights")));

        Assert.Contains("'weights'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HeadOnEarlyStatisticsWithoutAnEarlyDistance_FailsNamingBoth()
    {
        var error = Assert.Throws<ModelLoadException>(() => LoadArtifact(a => a["distances"]!.AsObject().Remove("early")));

        Assert.Contains("head.features has 'earlyStatistics' but the artifact has no distances.early", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HeadInASchema4Artifact_Fails()
    {
        var error = Assert.Throws<ModelLoadException>(() => LoadArtifact(a => a["schemaVersion"] = 4));

        Assert.Contains("head and a distance's refuses are schema 5 fields, but schemaVersion is 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_HeadBelowItsThreshold_RejectsAsNotDermoscopicWhateverTheDistances()
    {
        var (policy, top, verdict) = ConfidentNevus();
        var screening = new ScreeningScores(10, 2000, 5, 0.5) { Chroma = 40, ChromaMinimum = 1.5, EarlyScore = 10, EarlyThreshold = 700, HeadScore = 1.5, HeadThreshold = 2.0 };

        var assessment = policy.Assess(screening, top, verdict);

        Assert.Equal(AssessmentStatus.Rejected, assessment.Status);
        Assert.Equal([AssessmentReasons.NotDermoscopic], assessment.Reasons);
    }

    [Fact]
    public void Policy_InformationalDistanceAboveItsThreshold_DoesNotRefuse()
    {
        var (policy, top, verdict) = ConfidentNevus();
        var screening = new ScreeningScores(10, 2000, 5, 0.5) { Chroma = 40, ChromaMinimum = 1.5, EarlyScore = 5000, EarlyThreshold = 700, EarlyRefuses = false, HeadScore = 2.0, HeadThreshold = 2.0 };

        var assessment = policy.Assess(screening, top, verdict);

        Assert.Equal(AssessmentStatus.Classified, assessment.Status);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Policy_RefusingDistanceAboveItsThreshold_StillRefusesBesideAnAcceptingHead(bool embeddingOver, bool earlyOver)
    {
        var (policy, top, verdict) = ConfidentNevus();
        var screening = new ScreeningScores(embeddingOver ? 3000 : 10, 2000, 5, 0.5)
        {
            Chroma = 40,
            ChromaMinimum = 1.5,
            EarlyScore = earlyOver ? 5000 : 10,
            EarlyThreshold = 700,
            HeadScore = 9,
            HeadThreshold = 2,
        };

        var assessment = policy.Assess(screening, top, verdict);

        Assert.Equal([AssessmentReasons.NotDermoscopic], assessment.Reasons);
    }

    [Fact]
    public void Policy_InformationalEmbeddingDistanceAboveItsThreshold_DoesNotRefuse()
    {
        var (policy, top, verdict) = ConfidentNevus();
        var screening = new ScreeningScores(3000, 2000, 5, 0.5) { Chroma = 40, ChromaMinimum = 1.5, DistanceRefuses = false };

        Assert.Equal(AssessmentStatus.Classified, policy.Assess(screening, top, verdict).Status);
    }

    [Fact]
    public void Policy_FeaturelessImage_IsStillRefusedByTheTextureFloorFirst()
    {
        var (policy, top, verdict) = ConfidentNevus();
        var screening = new ScreeningScores(10, 2000, 0.1, 0.5) { Chroma = 0, ChromaMinimum = 1.5, HeadScore = -5, HeadThreshold = 2 };

        Assert.Equal([AssessmentReasons.Featureless], policy.Assess(screening, top, verdict).Reasons);
    }

    [Fact]
    public void Policy_GreyscaleImage_IsRefusedByTheColourFloorEvenWhenTheHeadAccepts()
    {
        // The floor is a rule of its own (ADR 0049), not a guess that the head refuses greyscale pictures.
        var (policy, top, verdict) = ConfidentNevus();
        var screening = new ScreeningScores(10, 2000, 5, 0.5) { Chroma = 0.4, ChromaMinimum = 1.5, HeadScore = 9, HeadThreshold = 2 };

        var assessment = policy.Assess(screening, top, verdict);

        Assert.Equal(AssessmentStatus.Rejected, assessment.Status);
        Assert.Equal([AssessmentReasons.Greyscale], assessment.Reasons);
    }

    [Fact]
    public void Policy_ChromaAtTheFloor_IsColourEnough()
    {
        var (policy, top, verdict) = ConfidentNevus();
        var screening = new ScreeningScores(10, 2000, 5, 0.5) { Chroma = 1.5, ChromaMinimum = 1.5, HeadScore = 9, HeadThreshold = 2 };

        Assert.Equal(AssessmentStatus.Classified, policy.Assess(screening, top, verdict).Status);
    }

    [Fact]
    public async Task Classify_WithASchema5Artifact_ReportsTheHeadAndRefusesByIt()
    {
        // Arrange: a threshold no image reaches, so the head alone refuses.
        string manifest = ScreeningHeadFixture.WriteModel(_directory, a => a["head"]!["threshold"] = 1e9);
        using var classifier = ClassifierFixture.Create(manifest);

        // Act
        var result = await classifier.ClassifyAsync(TestImages.LesionPng(320, 240));

        // Assert
        var screening = result.Assessment.Screening;
        Assert.NotNull(screening.HeadScore);
        Assert.Equal(1e9, screening.HeadThreshold);
        Assert.False(screening.EarlyRefuses);
        Assert.Equal([AssessmentReasons.NotDermoscopic], result.Assessment.Reasons);
    }

    private (AssessmentPolicy Policy, ClassProbability Top, Verdict Verdict) ConfidentNevus()
    {
        var policy = new AssessmentPolicy(_manifest, null, OperatingPoint.Shipped(_manifest));
        var probabilities = _manifest.Labels.Select(l => l.Code == "nv" ? 0.97f : 0.005f).ToArray();
        var (_, top, verdict) = policy.Decide(probabilities);
        return (policy, top, verdict);
    }

    private OutOfDistributionModel LoadArtifact(Action<JsonNode>? edit = null)
    {
        string manifestPath = ScreeningHeadFixture.WriteModel(_directory, edit);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        return OutOfDistributionModel.Load(
            Path.Combine(_directory, manifest["outOfDistribution"]!["file"]!.GetValue<string>()),
            manifest["outOfDistribution"]!["sha256"]!.GetValue<string>(),
            _manifest);
    }

    private static string Base64(IEnumerable<float> values) =>
        Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.ToArray().AsSpan()));
}
