namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// The lesion in a thresholded probability map: the largest 4-connected region of lesion pixels with its holes filled,
/// and its outer boundary traced along the pixel edges (crack following, clockwise on screen: the region is on the
/// right of every step). Boundary points are pixel corners in the map's continuous coordinates, pixel (i, j) covering
/// [i, i + 1) x [j, j + 1), so the boundary encloses exactly the region's pixels.
/// </summary>
internal sealed class LesionRegion
{
    private LesionRegion(int width, int height, bool[] inside, int[] pixels, IReadOnlyList<(int X, int Y)> boundary)
    {
        Width = width;
        Height = height;
        Inside = inside;
        Pixels = pixels;
        Boundary = boundary;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major: whether each pixel is lesion (the largest region, holes filled).</summary>
    public bool[] Inside { get; }

    /// <summary>The region's pixels.</summary>
    public int Area => Pixels.Length;

    /// <summary>The row-major index of every region pixel, in raster order.</summary>
    public int[] Pixels { get; }

    /// <summary>Every lattice point of the outer boundary, one unit step apart, clockwise on screen; the last step returns to the first point.</summary>
    public IReadOnlyList<(int X, int Y)> Boundary { get; }

    /// <summary>Whether a pixel's probability reaches the threshold: the mask before any region is chosen.</summary>
    public static bool[] Threshold(ReadOnlySpan<float> probabilities, float threshold)
    {
        var mask = new bool[probabilities.Length];
        for (int i = 0; i < probabilities.Length; i++)
        {
            mask[i] = probabilities[i] >= threshold;
        }

        return mask;
    }

    /// <summary>The share of the map's border pixels (its outermost rows and columns) that the mask covers.</summary>
    public static double BorderContact(bool[] mask, int width, int height)
    {
        int covered = 0;
        for (int x = 0; x < width; x++)
        {
            covered += (mask[x] ? 1 : 0) + (height > 1 && mask[((height - 1) * width) + x] ? 1 : 0);
        }

        for (int y = 1; y < height - 1; y++)
        {
            covered += (mask[y * width] ? 1 : 0) + (width > 1 && mask[(y * width) + width - 1] ? 1 : 0);
        }

        int border = width == 1 || height == 1 ? width * height : (2 * (width + height)) - 4;
        return (double)covered / border;
    }

    /// <summary>The largest 4-connected region of the mask, traced and filled; null when the mask has no pixel.</summary>
    public static LesionRegion? Largest(bool[] mask, int width, int height)
    {
        var (labels, largest, start) = LargestComponent(mask, width, height);
        if (largest < 0)
        {
            return null;
        }

        var boundary = Trace(labels, largest, width, height, start);
        var inside = Fill(boundary, width, height, out var pixels);
        return new LesionRegion(width, height, inside, pixels, boundary);
    }

    /// <summary>Labels the 4-connected components; returns the largest's label and its first pixel in raster order.</summary>
    private static (int[] Labels, int Largest, int Start) LargestComponent(bool[] mask, int width, int height)
    {
        var labels = new int[mask.Length];
        var stack = new int[mask.Length];
        int next = 0, largest = -1, largestSize = 0, largestStart = -1;
        for (int seed = 0; seed < mask.Length; seed++)
        {
            if (!mask[seed] || labels[seed] != 0)
            {
                continue;
            }

            // Each pixel is pushed at most once (it is labelled when pushed), so the stack never outgrows the map.
            int label = ++next, size = 0, top = 0;
            labels[seed] = label;
            stack[top++] = seed;
            while (top > 0)
            {
                int pixel = stack[--top];
                size++;
                int x = pixel % width, y = pixel / width;
                Visit(x > 0, pixel - 1);
                Visit(x < width - 1, pixel + 1);
                Visit(y > 0, pixel - width);
                Visit(y < height - 1, pixel + width);
            }

            // The seed is the component's first pixel in raster order: its top-left corner starts the trace.
            if (size > largestSize)
            {
                (largest, largestSize, largestStart) = (label, size, seed);
            }

            void Visit(bool inBounds, int neighbour)
            {
                if (inBounds && mask[neighbour] && labels[neighbour] == 0)
                {
                    labels[neighbour] = label;
                    stack[top++] = neighbour;
                }
            }
        }

        return (labels, largest, largestStart);
    }

    // Headings clockwise on screen (y down): east, south, west, north.
    private static readonly (int Dx, int Dy)[] Steps = [(1, 0), (0, 1), (-1, 0), (0, -1)];

    /// <summary>
    /// Walks the outer boundary from the top-left corner of the component's first pixel, heading east with the region on
    /// the right. At each corner: no region pixel ahead on the right, turn right; region ahead on both sides, turn left;
    /// else straight on. Turning right whenever the pixel ahead-right is outside keeps diagonal neighbours apart, which is
    /// the 4-connectivity the component was labelled with.
    /// </summary>
    private static List<(int X, int Y)> Trace(int[] labels, int label, int width, int height, int start)
    {
        bool In(int x, int y) => x >= 0 && y >= 0 && x < width && y < height && labels[(y * width) + x] == label;

        int startX = start % width, startY = start / width;
        var boundary = new List<(int X, int Y)>();
        int px = startX, py = startY, heading = 0;
        do
        {
            var (aheadLeft, aheadRight) = heading switch
            {
                0 => (In(px, py - 1), In(px, py)),
                1 => (In(px, py), In(px - 1, py)),
                2 => (In(px - 1, py), In(px - 1, py - 1)),
                _ => (In(px - 1, py - 1), In(px, py - 1)),
            };
            heading = !aheadRight ? (heading + 1) % 4 : aheadLeft ? (heading + 3) % 4 : heading;
            boundary.Add((px, py));
            px += Steps[heading].Dx;
            py += Steps[heading].Dy;
        }
        while (px != startX || py != startY);

        return boundary;
    }

    /// <summary>
    /// Every pixel inside the boundary, holes included: along each row, the vertical boundary edges crossing it alternate
    /// between entering and leaving (even-odd), so the pixels between each pair are inside.
    /// </summary>
    private static bool[] Fill(List<(int X, int Y)> boundary, int width, int height, out int[] pixels)
    {
        var crossings = new List<int>[height];
        for (int i = 0; i < boundary.Count; i++)
        {
            var (x, y) = boundary[i];
            var (nextX, nextY) = boundary[(i + 1) % boundary.Count];
            if (x == nextX)
            {
                int row = Math.Min(y, nextY);
                (crossings[row] ??= []).Add(x);
            }
        }

        var inside = new bool[width * height];
        var indices = new List<int>();
        for (int y = 0; y < height; y++)
        {
            if (crossings[y] is not { } row)
            {
                continue;
            }

            row.Sort();
            for (int i = 0; i + 1 < row.Count; i += 2)
            {
                for (int x = row[i]; x < row[i + 1]; x++)
                {
                    inside[(y * width) + x] = true;
                    indices.Add((y * width) + x);
                }
            }
        }

        pixels = [.. indices];
        return inside;
    }
}
