using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Inference.Tests;

/// <summary>The lesion region in a thresholded map: the largest 4-connected region, holes filled, its boundary traced exactly.</summary>
public sealed class LesionRegionTests
{
    [Fact]
    public void Largest_TwoRegions_KeepsTheBiggerOne()
    {
        var mask = Grid(12, 8, """
            ............
            .##.........
            .##...####..
            ......####..
            ......####..
            ............
            ............
            ............
            """);

        var region = LesionRegion.Largest(mask, 12, 8)!;

        Assert.Equal(12, region.Area);
        Assert.False(region.Inside[(1 * 12) + 1]);
        Assert.True(region.Inside[(3 * 12) + 7]);
    }

    [Fact]
    public void Largest_RingWithAHole_FillsTheHole()
    {
        var mask = Grid(7, 7, """
            .......
            .#####.
            .#...#.
            .#...#.
            .#...#.
            .#####.
            .......
            """);

        var region = LesionRegion.Largest(mask, 7, 7)!;

        Assert.Equal(25, region.Area);
        Assert.True(region.Inside[(3 * 7) + 3]);
    }

    [Fact]
    public void Largest_DiagonalNeighbours_AreSeparateRegions()
    {
        var mask = Grid(6, 6, """
            ......
            .##...
            .##...
            ...##.
            ...##.
            ...#..
            """);

        var region = LesionRegion.Largest(mask, 6, 6)!;

        Assert.Equal(5, region.Area);
        Assert.False(region.Inside[(1 * 6) + 1]);
    }

    [Fact]
    public void Largest_Boundary_EnclosesExactlyTheRegionsPixels()
    {
        var mask = Grid(9, 7, """
            .........
            .####....
            .#..###..
            .#.####..
            .######..
            ...##.#..
            .........
            """);

        var region = LesionRegion.Largest(mask, 9, 7)!;
        var boundary = region.Boundary.Select(p => new OutlinePoint(p.X, p.Y)).ToList();

        Assert.Equal(region.Area, Polygon.Area(boundary));
        Assert.Equal(region.Inside, Polygon.Rasterize(boundary, 9, 7));
        Assert.All(region.Boundary.Zip(region.Boundary.Skip(1).Append(region.Boundary[0])),
            step => Assert.Equal(1, Math.Abs(step.First.X - step.Second.X) + Math.Abs(step.First.Y - step.Second.Y)));
    }

    [Fact]
    public void Largest_NothingAboveTheThreshold_IsNull()
    {
        var mask = LesionRegion.Threshold([0.1f, 0.49f, 0.2f, 0f], 0.5f);

        Assert.Null(LesionRegion.Largest(mask, 2, 2));
    }

    [Fact]
    public void BorderContact_IsTheShareOfBorderPixelsCovered()
    {
        // 5x4 has 14 border pixels; the mask covers the whole top row (5) and one more on the left.
        var mask = Grid(5, 4, """
            #####
            #....
            .....
            .....
            """);

        Assert.Equal(6.0 / 14, LesionRegion.BorderContact(mask, 5, 4), 10);
    }

    private static bool[] Grid(int width, int height, string rows)
    {
        var lines = rows.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(height, lines.Length);
        return [.. lines.SelectMany(line => { Assert.Equal(width, line.Length); return line.Select(c => c == '#'); })];
    }
}
