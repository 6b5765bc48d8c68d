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
        double sumX = 0, sumY = 0, sumXX = 0, sumYY = 0, sumXY = 0;
        foreach (int pixel in region.Pixels)
        {
            double x = (pixel % region.Width) + 0.5, y = (pixel / region.Width) + 0.5;
            sumX += x;
            sumY += y;
            sumXX += x * x;
            sumYY += y * y;
            sumXY += x * y;
        }

        double n = region.Area, cx = sumX / n, cy = sumY / n;
        double xx = (sumXX / n) - (cx * cx), yy = (sumYY / n) - (cy * cy), xy = (sumXY / n) - (cx * cy);

        // The major axis's angle for a 2x2 covariance; the minor axis is perpendicular to it.
        double angle = 0.5 * Math.Atan2(2 * xy, xx - yy);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        return (NonOverlap(region, cx, cy, cos, sin), NonOverlap(region, cx, cy, -sin, cos));
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
    private static double NonOverlap(LesionRegion region, double cx, double cy, double axisX, double axisY)
    {
        int outside = 0;
        foreach (int pixel in region.Pixels)
        {
            // Reflection about the line through the centroid along the axis: p' = c + 2((p - c)·a)a - (p - c).
            double dx = (pixel % region.Width) + 0.5 - cx, dy = (pixel / region.Width) + 0.5 - cy;
            double along = (dx * axisX) + (dy * axisY);
            if (Coverage(region, cx + (2 * along * axisX) - dx, cy + (2 * along * axisY) - dy) < 0.5)
            {
                outside++;
            }
        }

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
}
