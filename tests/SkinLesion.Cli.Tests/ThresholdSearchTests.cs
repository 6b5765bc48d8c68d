using SkinLesion.Cli.Calibration;

namespace SkinLesion.Cli.Tests;

/// <summary>The site threshold: the highest threshold whose sensitivity reaches the target, on sets where the answer is known.</summary>
public sealed class ThresholdSearchTests
{
    private static readonly double[] TenCases = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    [Theory]
    [InlineData(0.9, 0.2)]
    [InlineData(0.95, 0.1)]
    [InlineData(0.5, 0.6)]
    [InlineData(0.91, 0.1)]
    [InlineData(0.8, 0.3)]
    public void Choose_TenCases_IsTheKthHighestProbability(double target, double expected)
    {
        // Act
        double threshold = ThresholdSearch.Choose(TenCases.Reverse().ToArray(), target);

        // Assert: at the threshold the sensitivity reaches the target; a hair above it no longer does.
        Assert.Equal(expected, threshold);
        Assert.True(Sensitivity(TenCases, threshold) >= target);
        Assert.True(Sensitivity(TenCases, Math.BitIncrement(threshold)) < target);
    }

    [Fact]
    public void Choose_CasesTiedAtTheThreshold_AllCountAsMalignant()
    {
        // Arrange: k = ceil(0.5 x 4) = 2, and the second-highest value is shared by three cases.
        double[] cases = [0.5, 0.2, 0.5, 0.5];

        // Act
        double threshold = ThresholdSearch.Choose(cases, 0.5);

        // Assert: the tie is kept whole (verdicts are malignant at or above), so the sensitivity exceeds the target.
        Assert.Equal(0.5, threshold);
        Assert.Equal(0.75, Sensitivity(cases, threshold));
    }

    [Theory]
    [InlineData(30, 0.9, 27)]
    [InlineData(59, 0.9, 54)]
    [InlineData(10, 0.9, 9)]
    [InlineData(100, 0.95, 95)]
    [InlineData(3, 0.01, 1)]
    public void CasesNeeded_TargetTimesCases_RoundsUpWithoutBinaryNoise(int cases, double target, int expected)
    {
        // Act
        int needed = ThresholdSearch.CasesNeeded(cases, target);

        // Assert: 0.9 x 30 is 27.000000000000004 in doubles, which a plain ceiling would make 28.
        Assert.Equal(expected, needed);
    }

    [Fact]
    public void Choose_NoMalignantCase_IsUndefined()
    {
        // Act
        double threshold = ThresholdSearch.Choose([], 0.9);

        // Assert
        Assert.True(double.IsNaN(threshold));
    }

    private static double Sensitivity(double[] cases, double threshold) => (double)cases.Count(p => p >= threshold) / cases.Length;
}
