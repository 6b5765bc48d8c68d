using SkinLesion.Cli.Metrics;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>A rate over the whole set with its bootstrap interval, both rounded as training's manifest reports them.</summary>
internal static class RateEstimate
{
    /// <param name="count">Images in the set: the statistic is computed over all of them, then over each resample.</param>
    public static Estimate Of(Bootstrap bootstrap, int count, Func<int[], double> statistic)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        ArgumentNullException.ThrowIfNull(statistic);
        double value = count > 0 ? statistic([.. Enumerable.Range(0, count)]) : double.NaN;
        var interval = bootstrap.Interval(statistic);
        return new Estimate(
            Round(value),
            interval is { } ci && !double.IsNaN(value) ? [Round(ci.Lower)!.Value, Round(ci.Upper)!.Value] : null);
    }

    /// <summary>Four decimals, as training's manifest reports; NaN (undefined) becomes null.</summary>
    public static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 4, MidpointRounding.ToEven);
}
