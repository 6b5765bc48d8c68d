using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>The geometry rule seen through the whole pipeline: equivalent uploads must give identical probabilities.</summary>
[Collection(ShippedModelGroup.Name)]
public sealed class GeometryPipelineTests(ClassifierFixture fixture)
{
    [Fact]
    public async Task PortraitUpload_ClassifiesExactlyLikeItsClockwiseRotation()
    {
        // Arrange
        using var portrait = TestImages.Lesion(300, 400, seed: 21);
        using var landscape = portrait.Clone(context => context.Rotate(RotateMode.Rotate90));

        // Act
        var fromPortrait = await fixture.Classifier.ClassifyAsync(TestImages.Png(portrait));
        var fromLandscape = await fixture.Classifier.ClassifyAsync(TestImages.Png(landscape));

        // Assert
        Assert.Equal(Probabilities(fromLandscape), Probabilities(fromPortrait));
    }

    [Fact]
    public async Task WideUpload_IsCentreCroppedSoItsSideBandsDoNotMatter()
    {
        // Arrange: 800x600 lesion inside a 1066x600 frame; the rule crops (1066 - 800) / 2 = 133 px per side.
        using var centre = TestImages.Lesion(800, 600, seed: 5);
        using var quiet = Frame(centre, new Rgba32(255, 255, 255));
        using var dark = Frame(centre, new Rgba32(0, 0, 0));

        // Act
        var fromCentre = await fixture.Classifier.ClassifyAsync(TestImages.Png(centre));
        var fromQuiet = await fixture.Classifier.ClassifyAsync(TestImages.Png(quiet));
        var fromDark = await fixture.Classifier.ClassifyAsync(TestImages.Png(dark));

        // Assert
        Assert.Equal(Probabilities(fromCentre), Probabilities(fromQuiet));
        Assert.Equal(Probabilities(fromCentre), Probabilities(fromDark));
    }

    [Fact]
    public async Task TransparentPixels_AreWhiteWhateverColourTheyHide()
    {
        // Arrange: the same lesion, with a fully transparent border hiding black in one copy and white in the other.
        using var overBlack = TestImages.Lesion(200, 150, seed: 9);
        using var overWhite = overBlack.Clone();
        ClearBorder(overBlack, new Rgba32(0, 0, 0, 0));
        ClearBorder(overWhite, new Rgba32(255, 255, 255, 0));

        // Act
        var a = await fixture.Classifier.ClassifyAsync(TestImages.Png(overBlack));
        var b = await fixture.Classifier.ClassifyAsync(TestImages.Png(overWhite));

        // Assert
        Assert.Equal(Probabilities(a), Probabilities(b));
    }

    private static float[] Probabilities(ClassificationResult result) => result.Probabilities.Select(p => p.Probability).ToArray();

    private static Image<Rgba32> Frame(Image<Rgba32> centre, Rgba32 band)
    {
        var framed = new Image<Rgba32>(1066, 600, band);
        framed.Mutate(context => context.DrawImage(centre, new Point(133, 0), 1f));
        return framed;
    }

    private static void ClearBorder(Image<Rgba32> image, Rgba32 transparent)
    {
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (x < 30 || y < 30 || x >= image.Width - 30 || y >= image.Height - 30)
                {
                    image[x, y] = transparent;
                }
            }
        }
    }
}
