namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// Plane geometry of closed polygons given as their vertices in order (the last joins the first), in pixel coordinates
/// where pixel (i, j) covers [i, i + 1) x [j, j + 1). Used to measure an outline and to draw it back onto a pixel grid.
/// </summary>
public static class Polygon
{
    /// <summary>The enclosed area (shoelace formula), whatever the direction of the vertices.</summary>
    public static double Area(IReadOnlyList<OutlinePoint> vertices)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        double twice = 0;
        for (int i = 0; i < vertices.Count; i++)
        {
            var a = vertices[i];
            var b = vertices[(i + 1) % vertices.Count];
            twice += (a.X * b.Y) - (b.X * a.Y);
        }

        return Math.Abs(twice) / 2;
    }

    /// <summary>The length of the closed outline.</summary>
    public static double Perimeter(IReadOnlyList<OutlinePoint> vertices)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        double length = 0;
        for (int i = 0; i < vertices.Count; i++)
        {
            length += Distance(vertices[i], vertices[(i + 1) % vertices.Count]);
        }

        return length;
    }

    /// <summary>
    /// The greatest distance between two points of the outline (maximum Feret diameter). It is reached between two
    /// vertices of the convex hull, so only those are compared.
    /// </summary>
    public static double GreatestDiameter(IReadOnlyList<OutlinePoint> vertices)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        var hull = ConvexHull(vertices);
        double greatest = 0;
        for (int i = 0; i < hull.Count; i++)
        {
            for (int j = i + 1; j < hull.Count; j++)
            {
                greatest = Math.Max(greatest, Distance(hull[i], hull[j]));
            }
        }

        return greatest;
    }

    /// <summary>
    /// The polygon drawn onto a width x height grid: a pixel is inside when its centre is (even-odd rule), row-major.
    /// This is how a returned outline is compared with a reference mask of the same image.
    /// </summary>
    public static bool[] Rasterize(IReadOnlyList<OutlinePoint> vertices, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var inside = new bool[width * height];
        var crossings = new List<double>();
        for (int y = 0; y < height; y++)
        {
            double centreY = y + 0.5;
            crossings.Clear();
            for (int i = 0; i < vertices.Count; i++)
            {
                var a = vertices[i];
                var b = vertices[(i + 1) % vertices.Count];

                // Half-open in y, so a vertex exactly on the row's centre line is counted once.
                if ((a.Y <= centreY) != (b.Y <= centreY))
                {
                    crossings.Add(a.X + ((centreY - a.Y) * (b.X - a.X) / (b.Y - a.Y)));
                }
            }

            crossings.Sort();
            for (int i = 0; i + 1 < crossings.Count; i += 2)
            {
                // Pixels whose centre x + 0.5 lies in [left, right).
                int first = Math.Max(0, (int)Math.Ceiling(crossings[i] - 0.5));
                int last = Math.Min(width - 1, (int)Math.Ceiling(crossings[i + 1] - 0.5) - 1);
                for (int x = first; x <= last; x++)
                {
                    inside[(y * width) + x] = true;
                }
            }
        }

        return inside;
    }

    /// <summary>Andrew's monotone chain: the convex hull's vertices, counter-clockwise in a y-up frame.</summary>
    internal static List<OutlinePoint> ConvexHull(IReadOnlyList<OutlinePoint> vertices)
    {
        var points = vertices.ToArray();
        Array.Sort(points, static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        if (points.Length < 3)
        {
            return [.. points.Distinct()];
        }

        // The lower chain left to right, then the upper chain right to left; collinear and repeated points are dropped.
        var hull = new List<OutlinePoint>(points.Length + 1);
        for (int pass = 0; pass < 2; pass++)
        {
            int floor = hull.Count;
            for (int i = 0; i < points.Length; i++)
            {
                var p = points[pass == 0 ? i : points.Length - 1 - i];
                while (hull.Count >= floor + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        return hull;
    }

    internal static double Distance(OutlinePoint a, OutlinePoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    private static double Cross(OutlinePoint o, OutlinePoint a, OutlinePoint b) => ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
}
