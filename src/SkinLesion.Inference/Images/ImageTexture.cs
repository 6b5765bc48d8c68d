using System.Numerics;
using System.Runtime.InteropServices;

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

        var luma = new float[width * height];
        for (int i = 0; i < luma.Length; i++)
        {
            luma[i] = (0.299f * rgb[3 * i]) + (0.587f * rgb[(3 * i) + 1]) + (0.114f * rgb[(3 * i) + 2]);
        }

        double horizontal = 0;
        double vertical = 0;
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            horizontal += SumOfAbsoluteDifferences(luma.AsSpan(row + 1, width - 1), luma.AsSpan(row, width - 1));
            if (y < height - 1)
            {
                vertical += SumOfAbsoluteDifferences(luma.AsSpan(row + width, width), luma.AsSpan(row, width));
            }
        }

        return ((horizontal / (height * (width - 1))) + (vertical / ((height - 1) * width))) / 2;
    }

    /// <summary>
    /// Sum of |a[i] - b[i]|: each difference in float32 as before, the sum in float64, in SIMD lanes (this runs on
    /// every image; only the order of the additions differs from a scalar loop).
    /// </summary>
    private static double SumOfAbsoluteDifferences(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var lanesA = MemoryMarshal.Cast<float, Vector<float>>(a);
            var lanesB = MemoryMarshal.Cast<float, Vector<float>>(b[..a.Length]);
            var low = Vector<double>.Zero;
            var high = Vector<double>.Zero;
            for (int v = 0; v < lanesA.Length; v++)
            {
                Vector.Widen(Vector.Abs(lanesA[v] - lanesB[v]), out var differenceLow, out var differenceHigh);
                low += differenceLow;
                high += differenceHigh;
            }

            sum = Vector.Sum(low + high);
            i = lanesA.Length * Vector<float>.Count;
        }

        for (; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum;
    }
}
