namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// Douglas–Peucker simplification of a closed outline (Douglas & Peucker, Cartographica 10(2):112–122, 1973): keeps the
/// vertices without which the outline would move by more than the tolerance, so a traced pixel staircase becomes a
/// handful of straight sides while every kept vertex still lies on the traced outline.
/// </summary>
internal static class PolygonSimplifier
{
    /// <summary>The closed outline simplified to within <paramref name="tolerance"/> (same units as the points).</summary>
    public static List<OutlinePoint> Simplify(IReadOnlyList<OutlinePoint> ring, double tolerance)
    {
        if (ring.Count <= 3)
        {
            return [.. ring];
        }

        // A closed ring is split at its first vertex and the vertex farthest from it, both of which are kept.
        int far = 0;
        double farthest = -1;
        for (int i = 1; i < ring.Count; i++)
        {
            double d = Polygon.Distance(ring[0], ring[i]);
            if (d > farthest)
            {
                (far, farthest) = (i, d);
            }
        }

        var keep = new bool[ring.Count];
        keep[0] = keep[far] = true;
        Mark(ring, 0, far, tolerance, keep);
        Mark(ring, far, ring.Count, tolerance, keep);
        var simplified = new List<OutlinePoint>();
        for (int i = 0; i < ring.Count; i++)
        {
            if (keep[i])
            {
                simplified.Add(ring[i]);
            }
        }

        return simplified;
    }

    /// <summary>Keeps, between vertices first and last (index Count meaning vertex 0 again), those farther than tolerance from the chord.</summary>
    private static void Mark(IReadOnlyList<OutlinePoint> ring, int first, int last, double tolerance, bool[] keep)
    {
        var pending = new Stack<(int First, int Last)>();
        pending.Push((first, last));
        while (pending.TryPop(out var span))
        {
            var a = ring[span.First];
            var b = ring[span.Last % ring.Count];
            int worst = -1;
            double worstDistance = tolerance;
            for (int i = span.First + 1; i < span.Last; i++)
            {
                double d = SegmentDistance(ring[i], a, b);
                if (d > worstDistance)
                {
                    (worst, worstDistance) = (i, d);
                }
            }

            if (worst >= 0)
            {
                keep[worst] = true;
                pending.Push((span.First, worst));
                pending.Push((worst, span.Last));
            }
        }
    }

    private static double SegmentDistance(OutlinePoint p, OutlinePoint a, OutlinePoint b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        double lengthSquared = (dx * dx) + (dy * dy);
        if (lengthSquared == 0)
        {
            return Polygon.Distance(p, a);
        }

        double t = Math.Clamp((((p.X - a.X) * dx) + ((p.Y - a.Y) * dy)) / lengthSquared, 0, 1);
        return Polygon.Distance(p, new OutlinePoint(a.X + (t * dx), a.Y + (t * dy)));
    }
}
