namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// The six colours of the dermoscopic ABCD rule's C criterion (Stolz et al. 1994; Nachbar et al. 1994): white, red,
/// light brown, dark brown, blue-grey and black, as reference sRGB values (docs/lesion-measures.md gives their source).
/// Every lesion pixel is assigned the nearest reference colour (Euclidean distance in RGB); a colour counts as present
/// when it covers at least <see cref="PresentShare"/> of the lesion's pixels.
/// </summary>
internal static class DermoscopyPalette
{
    /// <summary>A colour counts when at least this share of the lesion's pixels is nearest to it.</summary>
    public const double PresentShare = 0.05;

    /// <summary>The reference colours in the rule's order: code, name, red, green, blue.</summary>
    public static IReadOnlyList<(string Code, string Name, byte R, byte G, byte B)> Colours { get; } =
    [
        ("white", "White", 255, 255, 255),
        ("red", "Red", 204, 51, 51),
        ("light-brown", "Light brown", 153, 102, 51),
        ("dark-brown", "Dark brown", 51, 0, 0),
        ("blue-grey", "Blue-grey", 0, 134, 139),
        ("black", "Black", 0, 0, 0),
    ];

    /// <summary>Each colour's share of the region's pixels (RGB, row-major, 3 bytes a pixel), in <see cref="Colours"/> order.</summary>
    public static IReadOnlyList<ColourShare> Shares(LesionRegion region, ReadOnlySpan<byte> pixels)
    {
        ArgumentNullException.ThrowIfNull(region);
        var counts = new int[Colours.Count];
        foreach (int i in region.Pixels)
        {
            counts[Nearest(pixels[3 * i], pixels[(3 * i) + 1], pixels[(3 * i) + 2])]++;
        }

        return [.. Colours.Select((colour, index) =>
        {
            double share = (double)counts[index] / region.Area;
            return new ColourShare(colour.Code, colour.Name, share, share >= PresentShare);
        })];
    }

    private static int Nearest(byte r, byte g, byte b)
    {
        int best = 0, bestDistance = int.MaxValue;
        for (int i = 0; i < Colours.Count; i++)
        {
            var c = Colours[i];
            int dr = r - c.R, dg = g - c.G, db = b - c.B;
            int distance = (dr * dr) + (dg * dg) + (db * db);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return best;
    }
}
