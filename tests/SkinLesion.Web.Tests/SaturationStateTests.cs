using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Tests;

/// <summary>Readiness's saturation verdict must follow a sustained load and not flap around a threshold.</summary>
public sealed class SaturationStateTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Observe_AboveHighWaterForTheSustainTime_Saturates_AndClearsOnlyAfterSustainedLowWater()
    {
        var state = new SaturationState(0.75, 0.25, S(10));

        Assert.False(state.Observe(1.0, S(0)));
        Assert.False(state.Observe(1.0, S(9)));
        Assert.True(state.Observe(0.8, S(10)));

        // Between the thresholds it stays saturated; below the low-water mark it needs the whole sustain time.
        Assert.True(state.Observe(0.5, S(30)));
        Assert.True(state.Observe(0.2, S(31)));
        Assert.True(state.Observe(0.2, S(40)));
        Assert.False(state.Observe(0.2, S(41)));
    }

    [Fact]
    public void Observe_SpikesShorterThanTheSustainTime_NeverSaturate()
    {
        var state = new SaturationState(0.75, 0.25, S(10));

        for (int second = 0; second < 100; second += 2)
        {
            // Full for a second, then half: a line hovering around the threshold.
            Assert.False(state.Observe(1.0, S(second)));
            Assert.False(state.Observe(0.5, S(second + 1)));
        }
    }
}
