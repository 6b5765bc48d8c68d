using SkinLesion.Cli.Calibration;
using SkinLesion.Cli.Data;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference.Model;
using SkinLesion.Inference.Screening;

namespace SkinLesion.Cli.Tests;

/// <summary>
/// The site's screening threshold on constructed head scores whose answer is known by hand; the same cases as
/// training/tests/test_screening_generalisation.py's test of site_threshold, so the two rules cannot drift.
/// </summary>
public sealed class ScreeningThresholdSearchTests
{
    private static readonly ManifestOutOfDistribution Artifact = new("m-ood.json", new string('a', 64), "9.9.9");

    [Fact]
    public void Choose_TwoHundredImages_AcceptsAllButTheTwoLowest()
    {
        // Scores 0..199: floor(0.01 x 200) = 2 may be refused, so the threshold is the third lowest, 2.
        var site = Choose(Scores(200), shipped: 150, floor: -10);

        Assert.Equal(2.0, site!.HeadThreshold);
        Assert.Equal((200, 0.99, 0.25), (site.Images, site.AcceptedAtSite, site.AcceptedAtShipped));
        Assert.False(site.StoppedAtFloor);
    }

    [Fact]
    public void Choose_NeverAboveTheShippedThreshold()
    {
        var site = Choose(Scores(200), shipped: 1, floor: -10);

        Assert.Equal(1.0, site!.HeadThreshold);
    }

    [Fact]
    public void Choose_NeverBelowTheFloor_AndSaysTheFloorStoppedIt()
    {
        var site = Choose(Scores(200), shipped: 150, floor: 5);

        Assert.Equal(5.0, site!.HeadThreshold);
        Assert.Equal(0.975, site.AcceptedAtSite);
        Assert.True(site.StoppedAtFloor);
    }

    [Fact]
    public void Choose_FeaturelessAndDistanceRefusedImages_AreNotTheHeadsToAccept()
    {
        // The 100 lowest are featureless, 50 more a refusing distance turns away: the rule sees the 50 images 150..199,
        // and may let floor(0.01 x 50) = 0 of them go.
        var scored = Scores(200, featureless: i => i < 100, refusedByDistance: i => i is >= 100 and < 150);

        var site = Choose(scored, shipped: 500, floor: -10);

        Assert.Equal(50, site!.Images);
        Assert.Equal(150.0, site.HeadThreshold);
    }

    [Fact]
    public void Choose_GreyscaleImages_AreNotTheHeadsToAcceptEither()
    {
        // The 150 lowest are greyscale, refused by the colour floor whatever the threshold: the rule sees 150..199.
        var scored = Scores(200, greyscale: i => i < 150);

        var site = Choose(scored, shipped: 500, floor: -10);

        Assert.Equal(50, site!.Images);
        Assert.Equal(150.0, site.HeadThreshold);
    }

    [Fact]
    public void Refuses_AGreyscaleImageWhateverTheSitesThreshold()
    {
        var screening = new ScreeningScores(null, null, 2.0, 0.5) { Chroma = 0.2, ChromaMinimum = 1.5, HeadScore = 9, HeadThreshold = 3.0 };
        var site = Choose(Scores(200), shipped: 3, floor: -10)!;

        Assert.True(ScreeningThresholdSearch.Refuses(screening, site: null));
        Assert.True(ScreeningThresholdSearch.Refuses(screening, site));
    }

    [Fact]
    public void Choose_ArtifactWithoutASiteFloor_SetsNoThreshold()
    {
        var head = Head(shipped: 3, floor: null);

        Assert.Null(ScreeningThresholdSearch.Choose(Scores(50), Artifact, head, 0.99));
    }

    [Fact]
    public void Refuses_AtTheSitesThresholdInsteadOfTheShippedOne()
    {
        // The site's threshold is 2 (as in the first test, capped by nothing); the image scores 2.5, under the shipped 3.
        var screening = new ScreeningScores(null, null, 2.0, 0.5) { Chroma = 40, ChromaMinimum = 1.5, HeadScore = 2.5, HeadThreshold = 3.0 };
        var site = Choose(Scores(200), shipped: 3, floor: -10)!;

        Assert.True(ScreeningThresholdSearch.Refuses(screening, site: null));
        Assert.False(ScreeningThresholdSearch.Refuses(screening, site));
    }

    private static Inference.Site.SiteScreening? Choose(IReadOnlyList<ScoredImage> scored, double shipped, double floor) =>
        ScreeningThresholdSearch.Choose(scored, Artifact, Head(shipped, floor), 0.99);

    private static ScreeningHead Head(double shipped, double? floor) => new()
    {
        Features = ["embedding"],
        Dimension = 1,
        Mean = "AAAAAA==",
        Scale = "AACAPw==",
        Weights = "AACAPw==",
        Bias = 0,
        Threshold = shipped,
        SiteThresholdFloor = floor,
    };

    /// <summary>Images with head scores 0, 1, ..., count - 1, in a shuffled order.</summary>
    private static List<ScoredImage> Scores(int count, Func<int, bool>? featureless = null, Func<int, bool>? refusedByDistance = null, Func<int, bool>? greyscale = null) =>
    [
        .. Enumerable.Range(0, count).Reverse().Select(i => new ScoredImage(new LabelledImage($"img{i}", "nv", false, null, null, i + 2), [1f], 0, 0.1, 200, 150)
        {
            Assessment = new Assessment(AssessmentStatus.Classified, [], new ScreeningScores(refusedByDistance?.Invoke(i) == true ? 10 : 1, 5, featureless?.Invoke(i) == true ? 0 : 2.0, 0.5)
            {
                Chroma = greyscale?.Invoke(i) == true ? 0 : 40,
                ChromaMinimum = 1.5,
                HeadScore = i,
                HeadThreshold = 0,
            }),
        }),
    ];
}
