using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Screening;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The colour floor (ADR 0049): a greyscale picture is rejected as greyscale-image however it is stored, whatever the
/// screening head says; colour dermoscopy, even the least colourful the project holds and that darkened, is not.
/// </summary>
[Collection(ShippedModelGroup.Name)]
public sealed class ColourFloorTests(ClassifierFixture fixture)
{
    private readonly SkinLesionClassifier _classifier = fixture.Classifier;

    public static TheoryData<string> Storages => ["grey PNG", "grey JPEG", "RGB PNG of grey pixels"];

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task GreyscaleLesion_IsRejectedAsGreyscaleHoweverItIsStored(string storage)
    {
        // Arrange: a textured lesion (not featureless), without its colour.
        using var colour = TestImages.Lesion(400, 300);
        using var grey = colour.CloneAs<L8>();
        using var greyRgb = grey.CloneAs<Rgb24>();
        byte[] bytes = storage switch
        {
            "grey PNG" => TestImages.Png(grey),
            "grey JPEG" => TestImages.Jpeg(grey),
            _ => TestImages.Png(greyRgb),
        };

        // Act
        var result = await _classifier.ClassifyAsync(bytes);

        // Assert
        var screening = result.Assessment.Screening;
        Assert.Equal(AssessmentStatus.Rejected, result.Assessment.Status);
        Assert.Equal([AssessmentReasons.Greyscale], result.Assessment.Reasons);
        Assert.True(screening.Texture >= screening.TextureMinimum, "textured, so not featureless");
        Assert.InRange(screening.Chroma, 0, 1);
        Assert.True(screening.IsGreyscale);
    }

    [Fact]
    public async Task SolidGrey_IsFeaturelessFirst()
    {
        using var image = new Image<Rgb24>(400, 300, new Rgb24(128, 128, 128));

        var result = await _classifier.ClassifyAsync(TestImages.Png(image));

        Assert.Equal([AssessmentReasons.Featureless], result.Assessment.Reasons);
    }

    /// <summary>The three least colourful HAM10000 images (mean chroma 5.3, 8.6 and 9.4 at 200x150 by Pillow; ADR 0049).</summary>
    public static TheoryData<string, double> LeastColourful => new()
    {
        { "ISIC_0025456", 1.0 }, { "ISIC_0033249", 1.0 }, { "ISIC_0033580", 1.0 },
        { "ISIC_0025456", 0.5 }, { "ISIC_0033249", 0.5 }, { "ISIC_0033580", 0.5 },
    };

    [SharedDataTheory]
    [MemberData(nameof(LeastColourful))]
    public async Task LeastColourfulDermoscopy_PassesTheColourFloorEvenWithEveryValueHalved(string imageId, double gain)
    {
        // Arrange: gain 0.5 halves every sRGB value and so the chroma: darker than the stress set's one stop under
        // (x0.5 in linear light, about x0.73 in sRGB).
        using var image = Image.Load<Rgb24>(HamArchive.Read([imageId])[imageId]);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (ref var p in rows.GetRowSpan(y))
                {
                    p = new Rgb24((byte)Math.Round(p.R * gain), (byte)Math.Round(p.G * gain), (byte)Math.Round(p.B * gain));
                }
            }
        });

        // Act
        var result = await _classifier.ClassifyAsync(TestImages.Png(image));

        // Assert
        var screening = result.Assessment.Screening;
        Assert.True(screening.Chroma >= 1.5 * screening.ChromaMinimum, $"chroma {screening.Chroma}: less than 1.5x the floor {screening.ChromaMinimum}");
        Assert.DoesNotContain(AssessmentReasons.Greyscale, result.Assessment.Reasons);
    }
}
