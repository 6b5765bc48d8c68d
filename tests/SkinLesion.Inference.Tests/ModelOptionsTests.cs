using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Tests;

public sealed class ModelOptionsTests
{
    [Fact]
    public void EffectiveIntraOpNumThreads_Default_IsOnePerProcessorUpToTheLimit()
    {
        // Arrange
        var options = new ModelOptions();

        // Act
        int threads = options.EffectiveIntraOpNumThreads;

        // Assert
        Assert.Equal(0, options.IntraOpNumThreads);
        Assert.InRange(threads, 1, ModelOptions.AutomaticIntraOpThreadLimit);
        Assert.Equal(Math.Min(Environment.ProcessorCount, ModelOptions.AutomaticIntraOpThreadLimit), threads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public void EffectiveIntraOpNumThreads_SetExplicitly_IsTakenAsGiven(int configured)
    {
        // Arrange
        var options = new ModelOptions { IntraOpNumThreads = configured };

        // Act
        int threads = options.EffectiveIntraOpNumThreads;

        // Assert
        Assert.Equal(configured, threads);
    }
}
