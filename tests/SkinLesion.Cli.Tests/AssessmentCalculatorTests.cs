using System.Text.Json;
using SkinLesion.Cli.Data;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Cli.Metrics;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>Counting classified / uncertain / rejected images and the figures on each subset, on hand-made results.</summary>
public sealed class AssessmentCalculatorTests
{
    // Manifest order: akiec, bcc, bkl, df, mel, nv, vasc.
    private const int Bkl = 2, Mel = 4, Nv = 5;

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private static readonly ModelManifest Manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(RepoLayout.ManifestPath), WebJson)!;

    /// <summary>
    /// Five seven-class images. Named class right for 1, 2 and 4:
    /// all 3/5; accepted (1-4) 3/4; classified (1, 2) 2/2; uncertain (3, 4) 1/2.
    /// </summary>
    private static readonly ScoredImage[] Labelled =
    [
        Image("a", "mel", Mel, AssessmentStatus.Classified),
        Image("b", "nv", Nv, AssessmentStatus.Classified),
        Image("c", "nv", Bkl, AssessmentStatus.Uncertain, AssessmentReasons.LowConfidence, AssessmentReasons.BorderlineMalignancy),
        Image("d", "bkl", Bkl, AssessmentStatus.Uncertain, AssessmentReasons.LowConfidence),
        Image("e", "nv", Mel, AssessmentStatus.Rejected, AssessmentReasons.NotDermoscopic),
    ];

    [Fact]
    public void Summarise_LabelledSet_CountsStatusesReasonsAndPerLabel()
    {
        // Arrange
        var bootstrap = new Bootstrap(Labelled.Length, null, 50, 0);

        // Act
        var summary = AssessmentCalculator.Summarise(Labelled, bootstrap, Screening, negative: false);

        // Assert: 2 classified, 2 uncertain, 1 rejected; accepted 4 of 5.
        Assert.Equal(5, summary.Images);
        Assert.Equal(new StatusCounts(2, 2, 1, 4), summary.Counts);
        Assert.Equal(0.8, summary.Rates["accepted"].Value);
        Assert.Equal(0.4, summary.Rates["classified"].Value);
        Assert.Equal(0.4, summary.Rates["uncertain"].Value);
        Assert.Equal(0.2, summary.Rates["rejected"].Value);
        Assert.NotNull(summary.Rates["accepted"].Ci95);

        // Image c has two reasons, so reasons add up to more than the 3 non-classified images.
        Assert.Equal(
            new Dictionary<string, int> { ["featureless-image"] = 0, ["greyscale-image"] = 0, ["not-dermoscopic"] = 1, ["low-confidence"] = 2, ["borderline-malignancy"] = 1 },
            summary.Reasons);
        Assert.Equal("label", summary.GroupedBy);
        Assert.Equal(["bkl", "mel", "nv"], summary.Groups.Select(g => g.Name));
        var nv = summary.Groups.Single(g => g.Name == "nv");
        Assert.Equal(new StatusCounts(1, 1, 1, 2), nv.Counts);
        Assert.Equal(0.3333, nv.Rates["rejected"]);
        Assert.Equal(0.6667, nv.Rates["accepted"]);
    }

    [Fact]
    public void Summarise_NegativeSet_GroupsByGroupAndKeepsUnknownReasonCodes()
    {
        // Arrange
        ScoredImage[] images =
        [
            Negative("solid-001", "solid", AssessmentStatus.Rejected, AssessmentReasons.Featureless),
            Negative("solid-002", "solid", AssessmentStatus.Rejected, AssessmentReasons.Featureless),
            Negative("photo-001", "photo", AssessmentStatus.Rejected, AssessmentReasons.NotDermoscopic),
            Negative("photo-002", "photo", AssessmentStatus.Classified),
            Negative("photo-003", "photo", AssessmentStatus.Uncertain, "some-future-code"),
        ];

        // Act
        var summary = AssessmentCalculator.Summarise(images, new Bootstrap(images.Length, null, 20, 0), Screening, negative: true);

        // Assert
        Assert.Equal("group", summary.GroupedBy);
        Assert.Equal(["photo", "solid"], summary.Groups.Select(g => g.Name));
        Assert.Equal(0.6, summary.Rates["rejected"].Value);
        var photo = summary.Groups[0];
        Assert.Equal(new StatusCounts(1, 1, 1, 2), photo.Counts);
        Assert.Equal(0.3333, photo.Rates["rejected"]);
        Assert.Equal(1, photo.Reasons["not-dermoscopic"]);
        Assert.Equal(1.0, summary.Groups[1].Rates["rejected"]);
        Assert.Equal(2, summary.Groups[1].Reasons["featureless-image"]);
        Assert.Equal(["featureless-image", "greyscale-image", "not-dermoscopic", "low-confidence", "borderline-malignancy", "some-future-code"], summary.Reasons.Keys);
    }

    [Fact]
    public void Subsets_SevenClass_RepeatTheFiguresOnAcceptedClassifiedAndUncertainImages()
    {
        // Act
        var subsets = AssessmentCalculator.Subsets(Labelled, Manifest, LabelFormat.ImageIdDx, byLesion: false, replicates: 30, seed: 0);

        // Assert: accuracy as worked out above; each subset counts only its own images.
        Assert.Equal(["accepted", "classified", "uncertain"], subsets.Keys);
        Assert.Equal(4, subsets["accepted"].Images);
        Assert.Equal(0.75, subsets["accepted"].Rates["accuracy"].Value);
        Assert.Equal(2, subsets["classified"].Images);
        Assert.Equal(1.0, subsets["classified"].Rates["accuracy"].Value);
        Assert.Equal(2, subsets["uncertain"].Images);
        Assert.Equal(0.5, subsets["uncertain"].Rates["accuracy"].Value);
        Assert.Equal(4, subsets["accepted"].ConfusionMatrix!.Rows.Sum(r => r.Sum()));
        Assert.Contains(subsets["accepted"].Headline, h => h.Key == "balancedAccuracy");

        // Balanced accuracy over the classes present in the subset: accepted has mel 1/1, nv 1/2, bkl 1/1 → (1 + 0.5 + 1) / 3.
        Assert.Equal(0.8333, subsets["accepted"].Rates["balancedAccuracy"].Value);

        // The classified subset has no malignant lesion left besides a: sensitivity 1/1, and no benign one misnamed.
        Assert.Equal(1.0, subsets["classified"].Rates["malignantSensitivity"].Value);
    }

    [Fact]
    public void Subsets_NoImageInASubset_GiveAnEmptySubsetNotAnError()
    {
        // Arrange: everything classified, so nothing is uncertain.
        ScoredImage[] images = [Image("a", "mel", Mel, AssessmentStatus.Classified), Image("b", "nv", Nv, AssessmentStatus.Classified)];

        // Act
        var subsets = AssessmentCalculator.Subsets(images, Manifest, LabelFormat.ImageIdDx, byLesion: false, replicates: 10, seed: 0);

        // Assert
        Assert.Equal(2, subsets["accepted"].Images);
        Assert.Equal(0, subsets["uncertain"].Images);
        Assert.Empty(subsets["uncertain"].Headline);
        Assert.Empty(subsets["uncertain"].Rates);
        Assert.Null(subsets["uncertain"].ConfusionMatrix);
    }

    [Fact]
    public void Subsets_Isic2017_ReportThreeClassAccuracy()
    {
        // Arrange: ISIC 2017 labels (mel/bkl/nv); the three-class rule is the shipped one restricted to those classes.
        ScoredImage[] images =
        [
            Image("m", "mel", Mel, AssessmentStatus.Classified, melanoma: true, keratosis: false),
            Image("k", "bkl", Bkl, AssessmentStatus.Uncertain, melanoma: false, keratosis: true, reasons: [AssessmentReasons.LowConfidence]),
            Image("n", "nv", Nv, AssessmentStatus.Classified, melanoma: false, keratosis: false),
        ];

        // Act
        var subsets = AssessmentCalculator.Subsets(images, Manifest, LabelFormat.Isic2017Part3, byLesion: false, replicates: 10, seed: 0);

        // Assert
        Assert.Equal(1.0, subsets["accepted"].Rates["threeClassAccuracy"].Value);
        Assert.Equal(1.0, subsets["accepted"].Headline.Single(h => h.Key == "accuracy").Value);
        Assert.Equal(2, subsets["classified"].Images);
    }

    private static readonly ScreeningInfo Screening = new(null, null, 0.5, null);

    private static ScoredImage Image(string id, string dx, int predicted, AssessmentStatus status, params string[] reasons) =>
        Image(id, dx, predicted, status, dx == "mel", null, reasons);

    private static ScoredImage Image(string id, string dx, int predicted, AssessmentStatus status, bool melanoma, bool? keratosis, params string[] reasons)
    {
        // Most of the mass on the named class; malignant probability high exactly when a malignant class is named.
        var probabilities = Enumerable.Repeat(0.02f, 7).ToArray();
        probabilities[predicted] = 0.88f;
        double malignant = probabilities[0] + probabilities[1] + probabilities[Mel];
        return new ScoredImage(new LabelledImage(id, dx, melanoma, keratosis, null, 2), probabilities, predicted, malignant, 200, 150)
        {
            Assessment = new Assessment(status, reasons, new ScreeningScores(null, null, 3.0, 0.5) { Chroma = 40, ChromaMinimum = 1.5 }),
        };
    }

    private static ScoredImage Negative(string id, string group, AssessmentStatus status, params string[] reasons) =>
        new(new LabelledImage(id, null, false, null, null, 2) { Group = group }, Enumerable.Repeat(1f / 7, 7).ToArray(), Nv, 3.0 / 7, 640, 480)
        {
            Assessment = new Assessment(status, reasons, new ScreeningScores(12.5, 10.0, 0.1, 0.5) { Chroma = 40, ChromaMinimum = 1.5 }),
        };
}
