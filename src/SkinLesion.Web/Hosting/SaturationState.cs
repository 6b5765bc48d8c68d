namespace SkinLesion.Web.Hosting;

/// <summary>
/// The hysteresis behind readiness's saturation report, fed one queue sample at a time. Pure (the caller passes the
/// time), so its rules are tested without a clock.
/// </summary>
public sealed class SaturationState(double saturatedFraction, double clearedFraction, TimeSpan sustain)
{
    private TimeSpan? _aboveSince;
    private TimeSpan? _belowSince;

    public bool IsSaturated { get; private set; }

    /// <summary>When the current state began (time since the monitor started).</summary>
    public TimeSpan Since { get; private set; }

    /// <summary>Records the queue fill at <paramref name="now"/> and returns whether the line counts as saturated.</summary>
    public bool Observe(double queueFraction, TimeSpan now)
    {
        if (!IsSaturated)
        {
            _aboveSince = queueFraction >= saturatedFraction ? _aboveSince ?? now : null;
            if (_aboveSince is { } above && now - above >= sustain)
            {
                IsSaturated = true;
                Since = now;
                _belowSince = null;
            }
        }
        else
        {
            _belowSince = queueFraction <= clearedFraction ? _belowSince ?? now : null;
            if (_belowSince is { } below && now - below >= sustain)
            {
                IsSaturated = false;
                Since = now;
                _aboveSince = null;
            }
        }

        return IsSaturated;
    }
}
