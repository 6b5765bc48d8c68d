using SkinLesion.Inference.Numerics;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The vectorised float64 sums (the screening's dot products, the texture measure's differences) give the scalar
/// loops' answers (the numpy reference's arithmetic) for every length, including the tails shorter than one SIMD lane.
/// </summary>
public sealed class WideSumTests
{
    public static TheoryData<int> Lengths => [0, 1, 3, 7, 8, 15, 16, 17, 384, 1280, 1283];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FloatVectors_SumEqualsTheScalarFloat64Loop(int length)
    {
        // Arrange
        var (a, b) = (Random(length, 1), Random(length, 2));
        double expected = 0;
        for (int i = 0; i < length; i++)
        {
            expected += (double)a[i] * b[i];
        }

        // Act
        double actual = WideSum.Dot(a, b);

        // Assert
        Assert.Equal(expected, actual, 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Float64Weights_SumEqualsTheScalarFloat64Loop(int length)
    {
        // Arrange
        var weights = Random(length, 3).Select(x => x / 3.0).ToArray();
        var x = Random(length, 4);
        double expected = 0;
        for (int i = 0; i < length; i++)
        {
            expected += weights[i] * x[i];
        }

        // Act
        double actual = WideSum.Dot(weights, x);

        // Assert
        Assert.Equal(expected, actual, 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SubtractScaled_IsBitForBitTheScalarFloat32Loop(int length)
    {
        // Arrange
        var x = Random(length, 5);
        var d = Random(length, 6);
        var expected = x.ToArray();
        for (int i = 0; i < length; i++)
        {
            expected[i] -= 0.37f * d[i];
        }

        // Act
        WideSum.SubtractScaled(x, 0.37f, d);

        // Assert
        Assert.Equal(expected, x);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AbsoluteDifferences_SumEqualsTheScalarFloat64Loop(int length)
    {
        // Arrange
        var (a, b) = (Random(length, 7), Random(length, 8));
        double expected = 0;
        for (int i = 0; i < length; i++)
        {
            expected += Math.Abs(a[i] - b[i]);
        }

        // Act
        double actual = WideSum.AbsoluteDifferences(a, b);

        // Assert
        Assert.Equal(expected, actual, 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 20) - 10)).ToArray();
    }
}
