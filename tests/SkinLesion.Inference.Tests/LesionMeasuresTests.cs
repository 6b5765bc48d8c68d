using SkinLesion.Inference.Images;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The measures on masks with known answers, on the 200x150 model grid of a 200x150 upload (so pixels are the upload's):
/// a circle is symmetric and compact, an ellipse symmetric but less compact, a star ragged, a half disc symmetric about
/// one axis only; and nothing is outlined where there is no lesion.
/// </summary>
public sealed class LesionMeasuresTests
{
    private const int Width = 200;
    private const int Height = 150;

    [Fact]
    public void Analyze_Circle_IsSymmetricAndCompact()
    {
        var lesion = Analyze(Mask((x, y) => Square(x - 100) + Square(y - 75) <= Square(40)));

        var measures = lesion.Measures!;
        Assert.InRange(measures.AsymmetryMajorAxis, 0, 0.02);
        Assert.InRange(measures.AsymmetryMinorAxis, 0, 0.02);
        Assert.InRange(measures.BorderIrregularity, 0.97, 1.06);
        Assert.InRange(measures.GreatestDiameterPixels, 79, 82);
        Assert.InRange(lesion.AreaFraction, Math.PI * 1600 / 30000 * 0.98, Math.PI * 1600 / 30000 * 1.02);
    }

    [Fact]
    public void Analyze_TiltedEllipse_IsSymmetricAboutBothAxesButLessCompact()
    {
        // Semi-axes 60 and 25 turned 30°: P²/(4πA) of the true ellipse is 1.41 (Ramanujan's perimeter).
        var lesion = Analyze(Ellipse(100, 75, 60, 25, 30));

        var measures = lesion.Measures!;
        Assert.InRange(measures.AsymmetryMajorAxis, 0, 0.03);
        Assert.InRange(measures.AsymmetryMinorAxis, 0, 0.03);
        Assert.InRange(measures.BorderIrregularity, 1.33, 1.49);
        Assert.InRange(measures.GreatestDiameterPixels, 118, 122);
    }

    [Fact]
    public void Analyze_FivePointedStar_HasAnIrregularBorder()
    {
        var lesion = Analyze(Mask((x, y) => InStar(x - 100, y - 75, outer: 60, inner: 22)));

        Assert.True(lesion.Measures!.BorderIrregularity > 2.0, $"compactness {lesion.Measures.BorderIrregularity:F2}");
    }

    [Fact]
    public void Analyze_HalfDisc_IsSymmetricAboutOneAxisOnly()
    {
        // The straight side faces down: mirror-symmetric left to right, not top to bottom.
        var lesion = Analyze(Mask((x, y) => y <= 95 && Square(x - 100) + Square(y - 95) <= Square(50)));

        var measures = lesion.Measures!;
        double symmetric = Math.Min(measures.AsymmetryMajorAxis, measures.AsymmetryMinorAxis);
        double asymmetric = Math.Max(measures.AsymmetryMajorAxis, measures.AsymmetryMinorAxis);
        Assert.InRange(symmetric, 0, 0.03);
        Assert.True(asymmetric > 0.15, $"asymmetry about the other axis {asymmetric:F3}");
    }

    [Fact]
    public void Analyze_TwoColoursAndATrace_CountsTheTwoThatCoverEnough()
    {
        // Arrange: a disc, left half light brown, right half black, a 2% sliver of red.
        var mask = Mask((x, y) => Square(x - 100) + Square(y - 75) <= Square(45));
        var pixels = new byte[Width * Height * 3];
        for (int i = 0; i < Width * Height; i++)
        {
            int x = i % Width;
            (byte r, byte g, byte b) = x < 60 ? ((byte)210, (byte)40, (byte)45) : x < 100 ? ((byte)150, (byte)100, (byte)55) : ((byte)8, (byte)6, (byte)6);
            (pixels[3 * i], pixels[(3 * i) + 1], pixels[(3 * i) + 2]) = (r, g, b);
        }

        // Act
        var measures = Analyze(mask, pixels).Measures!;

        // Assert
        Assert.Equal(["light-brown", "black"], measures.Colours.Where(c => c.Present).Select(c => c.Code));
        Assert.Equal(2, measures.ColourCount);
        var red = measures.Colours.Single(c => c.Code == "red");
        Assert.InRange(red.Share, 0.005, 0.049);
        Assert.False(red.Present);
        Assert.Equal(1, measures.Colours.Sum(c => c.Share), 6);
    }

    [Fact]
    public void Analyze_EmptyMask_FindsNoLesionAndDrawsNothing()
    {
        var lesion = Analyze(new float[Width * Height]);

        Assert.False(lesion.Found);
        Assert.Equal(LesionReasons.EmptyMask, lesion.NotFoundReason);
        Assert.Empty(lesion.Outline);
        Assert.Null(lesion.Measures);
        Assert.Equal(0, lesion.BorderContact);
    }

    [Fact]
    public void Analyze_Speck_IsNotALesion()
    {
        // 16 pixels: under 0.1% of the 30,000-pixel image.
        var lesion = Analyze(Mask((x, y) => x is >= 50 and < 54 && y is >= 50 and < 54));

        Assert.False(lesion.Found);
        Assert.Equal(LesionReasons.EmptyMask, lesion.NotFoundReason);
    }

    [Fact]
    public void Analyze_MaskAlongMostOfTheBorder_SaysSoInsteadOfOutliningIt()
    {
        // A dark vignette: everything farther than 70 pixels from the centre.
        var lesion = Analyze(Mask((x, y) => Square(x - 100) + Square(y - 75) > Square(70)));

        Assert.False(lesion.Found);
        Assert.Equal(LesionReasons.TouchesBorder, lesion.NotFoundReason);
        Assert.True(lesion.BorderContact > LesionAnalyzer.MaximumBorderContact, $"border contact {lesion.BorderContact:F3}");
        Assert.Empty(lesion.Outline);
    }

    [Fact]
    public void Analyze_LargeLesionTouchingOneSide_IsStillOutlined()
    {
        // A lesion running off the left edge touches under a fifth of the border.
        var lesion = Analyze(Ellipse(20, 75, 70, 50, 0));

        Assert.True(lesion.Found);
        Assert.InRange(lesion.BorderContact, 0.05, 0.2);
    }

    [Fact]
    public void Analyze_Outline_IsSimplifiedWellBelowTheTracedBoundary()
    {
        var lesion = Analyze(Ellipse(100, 75, 60, 40, 15));

        // The traced boundary of this ellipse has about 400 unit steps; straight runs collapse to a few dozen sides.
        Assert.InRange(lesion.Outline.Count, 12, 120);
    }

    private static Lesion Analyze(float[] probabilities, byte[]? pixels = null) =>
        LesionAnalyzer.Analyze(probabilities, pixels ?? new byte[Width * Height * 3], Width, Height, 0.5,
            new GeometryMapping(new ImageHeader(AcceptedImageFormat.Png, Width, Height), Width, Height), "test");

    private static float[] Mask(Func<double, double, bool> inside)
    {
        var mask = new float[Width * Height];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                mask[(y * Width) + x] = inside(x + 0.5, y + 0.5) ? 0.9f : 0.1f;
            }
        }

        return mask;
    }

    private static float[] Ellipse(double cx, double cy, double a, double b, double degrees)
    {
        double cos = Math.Cos(degrees * Math.PI / 180), sin = Math.Sin(degrees * Math.PI / 180);
        return Mask((x, y) =>
        {
            double u = (((x - cx) * cos) + ((y - cy) * sin)) / a, v = ((-(x - cx) * sin) + ((y - cy) * cos)) / b;
            return (u * u) + (v * v) <= 1;
        });
    }

    /// <summary>Whether (x, y), relative to the centre, is inside a regular five-pointed star.</summary>
    private static bool InStar(double x, double y, double outer, double inner)
    {
        double angle = Math.Atan2(y, x) + (Math.PI / 2);
        double sector = (2 * Math.PI) / 5;
        double t = Math.Abs((((angle % sector) + sector) % sector) - (sector / 2)) / (sector / 2);

        // Linear between the inner radius (t = 0, between points) and the outer (t = 1, at a point), in polar terms.
        double radius = inner + ((outer - inner) * t);
        return Math.Sqrt((x * x) + (y * y)) <= radius;
    }

    private static double Square(double value) => value * value;
}
