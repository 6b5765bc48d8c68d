namespace SkinLesion.Cli.Metrics;

/// <summary>
/// Percentile bootstrap intervals, resampling whole groups (lesions) when groups are given, as
/// training/skinlesion/metrics.py's bootstrap_ci does. The resamples are drawn once and reused for
/// every statistic, which is what training gets by reseeding the same generator for each one.
/// </summary>
internal sealed class Bootstrap
{
    private readonly int[][] _resamples;

    /// <summary>The values at a resample's indices (a statistic's input for one replicate).</summary>
    public static T[] Pick<T>(T[] source, int[] indices)
    {
        var picked = new T[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            picked[i] = source[indices[i]];
        }

        return picked;
    }

    /// <param name="groups">Group key per sample (e.g. lesion_id), or null to resample single samples.</param>
    public Bootstrap(int sampleCount, IReadOnlyList<string>? groups, int replicates, uint seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicates);
        if (groups is not null && groups.Count != sampleCount)
        {
            throw new ArgumentException($"{groups.Count} group keys for {sampleCount} samples.", nameof(groups));
        }

        // Groups in order of first appearance, like the dict training builds.
        var members = new List<List<int>>();
        if (groups is null)
        {
            for (int i = 0; i < sampleCount; i++)
            {
                members.Add([i]);
            }
        }
        else
        {
            var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < sampleCount; i++)
            {
                if (!byKey.TryGetValue(groups[i], out var list))
                {
                    list = [];
                    byKey[groups[i]] = list;
                    members.Add(list);
                }

                list.Add(i);
            }
        }

        Units = members.Count;
        Replicates = replicates;
        Seed = seed;
        _resamples = new int[replicates][];
        if (members.Count == 0)
        {
            return;
        }

        var random = NumpyRandom.FromSeed(seed);
        for (int r = 0; r < replicates; r++)
        {
            var indices = new List<int>(sampleCount);
            for (int k = 0; k < members.Count; k++)
            {
                indices.AddRange(members[random.NextBelow(members.Count)]);
            }

            _resamples[r] = [.. indices];
        }
    }

    /// <summary>How many units (groups, or samples without groups) are resampled.</summary>
    public int Units { get; }

    public int Replicates { get; }

    public uint Seed { get; }

    /// <summary>
    /// The 2.5th and 97.5th percentiles (numpy's linear interpolation) of the statistic over the
    /// resamples; resamples where it is undefined (NaN) are left out; null when none is defined.
    /// </summary>
    public (double Lower, double Upper)? Interval(Func<int[], double> statistic, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        if (Units == 0)
        {
            return null;
        }

        var values = new List<double>(Replicates);
        foreach (var resample in _resamples)
        {
            double v = statistic(resample);
            if (!double.IsNaN(v))
            {
                values.Add(v);
            }
        }

        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return (Percentile(values, alpha / 2), Percentile(values, 1 - (alpha / 2)));
    }

    /// <summary>numpy.percentile's default "linear" method on sorted values, with its two-sided lerp.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double quantile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        double position = quantile * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        double t = position - lower;
        double a = sorted[lower], b = sorted[upper];
        double difference = b - a;
        return t >= 0.5 ? b - (difference * (1 - t)) : a + (difference * t);
    }
}
