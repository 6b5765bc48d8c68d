using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Inference.Tests;

public sealed class PolygonTests
{
    private static readonly OutlinePoint[] Rectangle = [new(2, 1), new(8, 1), new(8, 5), new(2, 5)];

    [Fact]
    public void Measures_Rectangle_AreItsAreaPerimeterAndDiagonal()
    {
        Assert.Equal(24, Polygon.Area(Rectangle));
        Assert.Equal(20, Polygon.Perimeter(Rectangle));
        Assert.Equal(Math.Sqrt(52), Polygon.GreatestDiameter(Rectangle), 10);
    }

    [Fact]
    public void Rasterize_Rectangle_FillsThePixelsWhoseCentresAreInside()
    {
        var inside = Polygon.Rasterize(Rectangle, 10, 7);

        Assert.Equal(24, inside.Count(pixel => pixel));
        Assert.True(inside[(1 * 10) + 2]);
        Assert.True(inside[(4 * 10) + 7]);
        Assert.False(inside[(5 * 10) + 7]);
        Assert.False(inside[(1 * 10) + 8]);
    }

    [Fact]
    public void Rasterize_PolygonBeyondTheGrid_IsClipped()
    {
        OutlinePoint[] large = [new(-5, -5), new(20, -5), new(20, 20), new(-5, 20)];

        var inside = Polygon.Rasterize(large, 4, 3);

        Assert.All(inside, Assert.True);
    }

    [Fact]
    public void GreatestDiameter_ConcaveOutline_IsReachedBetweenHullVertices()
    {
        // An L: the greatest distance runs between the two arm tips, across the notch.
        OutlinePoint[] l = [new(0, 0), new(2, 0), new(2, 8), new(6, 8), new(6, 10), new(0, 10)];

        Assert.Equal(Math.Sqrt((6 * 6) + (10 * 10)), Polygon.GreatestDiameter(l), 10);
    }

    [Fact]
    public void Simplify_Staircase_BecomesItsDiagonal()
    {
        // Arrange: a closed triangle whose hypotenuse is a 1-pixel staircase of 20 steps.
        var ring = new List<OutlinePoint> { new(0, 0) };
        for (int i = 0; i < 20; i++)
        {
            ring.Add(new(i + 0.5, i));
            ring.Add(new(i + 1, i + 0.5));
        }

        ring.Add(new(0, 20));

        // Act
        var simplified = PolygonSimplifier.Simplify(ring, 0.5);

        // Assert
        Assert.True(simplified.Count <= 4, $"{simplified.Count} vertices: {string.Join(" ", simplified)}");
        Assert.Contains(new OutlinePoint(0, 0), simplified);
        Assert.Contains(new OutlinePoint(0, 20), simplified);
    }
}
