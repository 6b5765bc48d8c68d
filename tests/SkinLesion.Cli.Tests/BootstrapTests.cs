using SkinLesion.Cli.Metrics;

namespace SkinLesion.Cli.Tests;

/// <summary>Expected values come from numpy 1.24 and training/skinlesion/metrics.py run on the same inputs.</summary>
public sealed class BootstrapTests
{
    private static readonly double[] Values = [0.1, 0.4, 0.35, 0.8, 0.75, 0.2, 0.9, 0.05, 0.6, 0.3];

    [Fact]
    public void NumpyRandom_SeedZero_ReproducesDefaultRngIntegers()
    {
        // Arrange: np.random.default_rng(0).integers(0, 1528, 8), then .integers(0, 7, 5) on the same generator.
        var random = NumpyRandom.FromSeed(0);

        // Act
        int[] first = [.. Enumerable.Range(0, 8).Select(_ => random.NextBelow(1528))];
        int[] second = [.. Enumerable.Range(0, 5).Select(_ => random.NextBelow(7))];

        // Assert
        Assert.Equal([1299, 973, 781, 412, 470, 62, 114, 25], first);
        Assert.Equal([1, 5, 4, 6, 3], second);
    }

    [Fact]
    public void NumpyRandom_RawOutput_MatchesPcg64()
    {
        // Arrange: np.random.default_rng(0).bit_generator.random_raw(3).
        var random = NumpyRandom.FromSeed(0);

        // Act
        ulong[] raw = [random.NextUInt64(), random.NextUInt64(), random.NextUInt64()];

        // Assert
        Assert.Equal([11749869230777074271UL, 4976686463289251617UL, 755828109848996024UL], raw);
    }

    [Fact]
    public void NumpyRandom_OtherSeed_ReproducesDefaultRngIntegers()
    {
        // Arrange: np.random.default_rng(42).integers(0, 10, 6).
        var random = NumpyRandom.FromSeed(42);

        // Act
        int[] draws = [.. Enumerable.Range(0, 6).Select(_ => random.NextBelow(10))];

        // Assert
        Assert.Equal([0, 7, 6, 4, 4, 8], draws);
    }

    [Fact]
    public void Interval_ResamplingImages_MatchesTrainingsBootstrapCi()
    {
        // Arrange: metrics.bootstrap_ci(lambda i: x[i].mean(), 10, reps=1000, seed=0) = (0.274875, 0.615).
        var bootstrap = new Bootstrap(Values.Length, groups: null, replicates: 1000, seed: 0);

        // Act
        var interval = bootstrap.Interval(ix => ix.Average(i => Values[i]));

        // Assert
        Assert.NotNull(interval);
        Assert.Equal(0.274875, interval.Value.Lower, 9);
        Assert.Equal(0.615, interval.Value.Upper, 9);
    }

    [Fact]
    public void Interval_ResamplingGroups_MatchesTrainingsBootstrapCi()
    {
        // Arrange: the same with groups a a b c c c d e e f → (0.2944270833, 0.605625).
        string[] groups = ["a", "a", "b", "c", "c", "c", "d", "e", "e", "f"];
        var bootstrap = new Bootstrap(Values.Length, groups, replicates: 1000, seed: 0);

        // Act
        var interval = bootstrap.Interval(ix => ix.Average(i => Values[i]));

        // Assert
        Assert.Equal(6, bootstrap.Units);
        Assert.NotNull(interval);
        Assert.Equal(0.2944270833333333, interval.Value.Lower, 9);
        Assert.Equal(0.605625, interval.Value.Upper, 9);
    }

    [Fact]
    public void Interval_ResamplingGroups_KeepsEveryLesionWhole()
    {
        // Arrange: lesion "c" has three images (3, 4, 5); a resample takes all three or none.
        string[] groups = ["a", "a", "b", "c", "c", "c", "d", "e", "e", "f"];
        var bootstrap = new Bootstrap(Values.Length, groups, replicates: 200, seed: 7);

        // Act: 1 when the resample holds equally many copies of images 3, 4 and 5, else 0.
        var interval = bootstrap.Interval(ix =>
            ix.Count(i => i == 3) == ix.Count(i => i == 4) && ix.Count(i => i == 4) == ix.Count(i => i == 5) ? 1 : 0);

        // Assert
        Assert.Equal((1.0, 1.0), interval);
    }

    [Fact]
    public void Interval_UndefinedInEveryResample_IsNull()
    {
        // Arrange
        var bootstrap = new Bootstrap(5, groups: null, replicates: 50, seed: 0);

        // Act
        var interval = bootstrap.Interval(_ => double.NaN);

        // Assert
        Assert.Null(interval);
    }

    [Fact]
    public void Percentile_Linear_MatchesNumpy()
    {
        // Arrange: np.percentile([1, 2, 3, 4, 10], [2.5, 97.5]) = [1.1, 9.4].
        double[] sorted = [1, 2, 3, 4, 10];

        // Act
        double lower = Bootstrap.Percentile(sorted, 0.025);
        double upper = Bootstrap.Percentile(sorted, 0.975);

        // Assert
        Assert.Equal(1.1, lower, 12);
        Assert.Equal(9.4, upper, 12);
    }
}
