using System.Buffers;
using SkinLesion.Inference.Numerics;

namespace SkinLesion.Inference.Images;

/// <summary>
/// A cheap detail measure on the model-input image: the mean absolute difference between neighbouring
/// luminance values (0-255 scale, horizontal and vertical neighbours averaged). Dermoscopic images carry skin
/// texture (HAM10000 validation: minimum 0.84); blank, solid and smoothly shaded pictures are near 0 and can
/// land anywhere in embedding space, so they are refused by this measure rather than by the distance.
/// training/ood.py computes the same figure with numpy.
/// </summary>
public static class ImageTexture
{
    public static double MeanNeighbourDifference(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (width < 2 || height < 2 || rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"Expected {width}x{height} RGB pixels ({width * height * 3} bytes), got {rgb.Length}.", nameof(rgb));
        }

        // Rented: 120 KB for a 200x150 image would be a large-object allocation on every request (ADR 0027).
        var rented = ArrayPool<float>.Shared.Rent(width * height);
        try
        {
            return MeanNeighbourDifference(rgb, rented.AsSpan(0, width * height), width, height);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static double MeanNeighbourDifference(ReadOnlySpan<byte> rgb, Span<float> luma, int width, int height)
    {
        for (int i = 0; i < luma.Length; i++)
        {
            luma[i] = (0.299f * rgb[3 * i]) + (0.587f * rgb[(3 * i) + 1]) + (0.114f * rgb[(3 * i) + 2]);
        }

        double horizontal = 0;
        double vertical = 0;
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            // Each neighbour difference in float32 and the sums in float64, as before, in SIMD lanes.
            horizontal += WideSum.AbsoluteDifferences(luma.Slice(row + 1, width - 1), luma.Slice(row, width - 1));
            if (y < height - 1)
            {
                vertical += WideSum.AbsoluteDifferences(luma.Slice(row + width, width), luma.Slice(row, width));
            }
        }

        return ((horizontal / (height * (width - 1))) + (vertical / ((height - 1) * width))) / 2;
    }
}
