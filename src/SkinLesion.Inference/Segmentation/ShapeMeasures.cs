namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// Shape measures of a lesion region, computed on the model-input grid (whose pixels are square in the upload, to
/// within the crop's rounding), so they do not depend on the upload's resolution. Formulas and references:
/// docs/lesion-measures.md.
/// </summary>
internal static class ShapeMeasures
{
    /// <summary>
    /// Asymmetry about the region's two principal axes (through its centroid, along the eigenvectors of its second
    /// moments): folded about an axis, the share of the region's area that does not overlap its mirror image,
    /// ΔA / A in [0, 1] (0 = mirror-symmetric about that axis). The major axis is the longer one.
    /// </summary>
    public static (double MajorAxis, double MinorAxis) Asymmetry(LesionRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        double sumX = 0, sumY = 0;
        ForEachPixel(region, (x, y) => { sumX += x; sumY += y; });
        double cx = sumX / region.Area, cy = sumY / region.Area;

        double xx = 0, yy = 0, xy = 0;
        ForEachPixel(region, (x, y) =>
        {
            xx += (x - cx) * (x - cx);
            yy += (y - cy) * (y - cy);
            xy += (x - cx) * (y - cy);
        });

        // The major axis's angle for a 2x2 covariance; the minor axis is perpendicular to it.
        double angle = 0.5 * Math.Atan2(2 * xy, xx - yy);
        var major = (Math.Cos(angle), Math.Sin(angle));
        var minor = (-Math.Sin(angle), Math.Cos(angle));
        return (NonOverlap(region, cx, cy, major), NonOverlap(region, cx, cy, minor));
    }

    /// <summary>
    /// Border irregularity as the compactness index P² / (4πA): 1 for a circle, larger for elongated or ragged outlines.
    /// P is the perimeter of the outline as returned (simplified, on this grid), A the region's area in pixels.
    /// </summary>
    public static double Compactness(IReadOnlyList<OutlinePoint> outline, int area)
    {
        double perimeter = Polygon.Perimeter(outline);
        return perimeter * perimeter / (4 * Math.PI * area);
    }

    /// <summary>The mirrored pixel centres that land outside the region, as a share of its pixels.</summary>
    private static double NonOverlap(LesionRegion region, double cx, double cy, (double X, double Y) axis)
    {
        int outside = 0;
        ForEachPixel(region, (x, y) =>
        {
            // Reflection about the line through the centroid along the axis: p' = c + 2((p - c)·a)a - (p - c).
            double dx = x - cx, dy = y - cy;
            double along = (dx * axis.X) + (dy * axis.Y);
            double mirroredX = cx + (2 * along * axis.X) - dx;
            double mirroredY = cy + (2 * along * axis.Y) - dy;
            if (Coverage(region, mirroredX, mirroredY) < 0.5)
            {
                outside++;
            }
        });

        // Folding counts each non-overlapping part once: the mirrored pixels left outside the region.
        return (double)outside / region.Area;
    }

    /// <summary>
    /// The region's indicator interpolated bilinearly between pixel centres at a point, so a mirrored centre that falls
    /// between pixels is judged by its neighbours rather than by rounding (which would add noise along the edge).
    /// </summary>
    private static double Coverage(LesionRegion region, double x, double y)
    {
        double u = x - 0.5, v = y - 0.5;
        int x0 = (int)Math.Floor(u), y0 = (int)Math.Floor(v);
        double fx = u - x0, fy = v - y0;
        return (Value(region, x0, y0) * (1 - fx) * (1 - fy)) + (Value(region, x0 + 1, y0) * fx * (1 - fy))
            + (Value(region, x0, y0 + 1) * (1 - fx) * fy) + (Value(region, x0 + 1, y0 + 1) * fx * fy);
    }

    private static double Value(LesionRegion region, int x, int y) =>
        x >= 0 && y >= 0 && x < region.Width && y < region.Height && region.Inside[(y * region.Width) + x] ? 1 : 0;

    /// <summary>Calls <paramref name="visit"/> with the centre of every region pixel.</summary>
    private static void ForEachPixel(LesionRegion region, Action<double, double> visit)
    {
        for (int y = 0; y < region.Height; y++)
        {
            for (int x = 0; x < region.Width; x++)
            {
                if (region.Inside[(y * region.Width) + x])
                {
                    visit(x + 0.5, y + 0.5);
                }
            }
        }
    }
}
