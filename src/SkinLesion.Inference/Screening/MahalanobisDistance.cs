using SkinLesion.Inference.Numerics;

namespace SkinLesion.Inference.Screening;

/// <summary>Nuisance projection, then the squared Mahalanobis distance to the nearest mean under a probabilistic-PCA covariance.</summary>
internal sealed class MahalanobisDistance
{
    private readonly int _dimension;
    private readonly int _components;
    private readonly int _means;
    private readonly float[] _nuisance;        // [nuisanceComponents, dimension]
    private readonly float[] _basis;           // [components, dimension]
    private readonly float[] _meanValues;      // [means, dimension]
    private readonly double[] _inverseVariances;
    private readonly double[] _projectedMeans; // [means, components]
    private readonly double[] _meanDots;       // [means]: |mean_c|^2
    private readonly double _inverseResidual;

    /// <summary>Decodes one distance of the artifact; an unusable array is a <see cref="FormatException"/> that names it (<paramref name="section"/>.means, ...).</summary>
    internal MahalanobisDistance(OutOfDistributionDistance distance, string section)
    {
        int dimension = distance.Dimension;
        int components = distance.Components;
        int means = distance.MeanCount;
        float[] meanValues = Float32Base64.Decode(distance.Means, means * dimension, section + ".means");
        float[] basis = Float32Base64.Decode(distance.Basis, components * dimension, section + ".basis");
        float[] variances = Float32Base64.Decode(distance.Variances, components, section + ".variances");
        float[] nuisance = distance.NuisanceComponents == 0
            ? []
            : Float32Base64.Decode(distance.NuisanceBasis ?? string.Empty, distance.NuisanceComponents * dimension, section + ".nuisanceBasis");
        if (variances.Any(v => !float.IsFinite(v) || v <= 0) || meanValues.Any(v => !float.IsFinite(v)) || basis.Any(v => !float.IsFinite(v))
            || nuisance.Any(v => !float.IsFinite(v)))
        {
            throw new FormatException("variances must be positive and every value finite.");
        }

        _dimension = dimension;
        _components = components;
        _means = means;
        _meanValues = meanValues;
        _basis = basis;
        _nuisance = nuisance;
        _inverseVariances = [.. variances.Select(v => 1.0 / v)];
        _inverseResidual = 1.0 / distance.ResidualVariance;
        _projectedMeans = new double[means * components];
        _meanDots = new double[means];
        for (int c = 0; c < means; c++)
        {
            var mean = meanValues.AsSpan(c * dimension, dimension);
            _meanDots[c] = WideSum.Dot(mean, mean);
            for (int i = 0; i < components; i++)
            {
                _projectedMeans[(c * components) + i] = WideSum.Dot(basis.AsSpan(i * dimension, dimension), mean);
            }
        }
    }

    internal int Dimension => _dimension;

    internal double Score(ReadOnlySpan<float> vector, string what)
    {
        CheckLength(vector, what);
        if (_nuisance.Length == 0)
        {
            return ScoreProjected(vector);
        }

        Span<float> kept = _dimension <= 4096 ? stackalloc float[_dimension] : new float[_dimension];
        Project(vector, kept, what);
        return ScoreProjected(kept);
    }

    /// <summary>
    /// Writes <paramref name="vector"/> without its components along the nuisance directions into <paramref name="kept"/>
    /// (x' = x - sum_j (n_j·x) n_j, in float32 as the scorer always did), so a caller can score the projected vector here
    /// and hand the same vector to the screening head instead of projecting twice.
    /// </summary>
    internal void Project(ReadOnlySpan<float> vector, Span<float> kept, string what)
    {
        CheckLength(vector, what);
        int d = _dimension;
        vector.CopyTo(kept);
        for (int j = 0; j < _nuisance.Length / d; j++)
        {
            var direction = _nuisance.AsSpan(j * d, d);
            float along = (float)WideSum.Dot(direction, vector);
            WideSum.SubtractScaled(kept, along, direction);
        }
    }

    private void CheckLength(ReadOnlySpan<float> vector, string what)
    {
        if (vector.Length != _dimension)
        {
            throw new ArgumentException($"Expected {what} of {_dimension} values, got {vector.Length}.", nameof(vector));
        }
    }

    /// <summary>The distance of a vector already projected (<see cref="Project"/>).</summary>
    internal double ScoreProjected(ReadOnlySpan<float> vector)
    {
        int d = _dimension;
        int k = _components;
        Span<double> projected = k <= 512 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < k; i++)
        {
            projected[i] = WideSum.Dot(_basis.AsSpan(i * d, d), vector);
        }

        double self = WideSum.Dot(vector, vector);
        double best = double.PositiveInfinity;
        for (int c = 0; c < _means; c++)
        {
            double squared = self - (2 * WideSum.Dot(_meanValues.AsSpan(c * d, d), vector)) + _meanDots[c];
            double explained = 0;
            double weighted = 0;
            for (int i = 0; i < k; i++)
            {
                double p = projected[i] - _projectedMeans[(c * k) + i];
                explained += p * p;
                weighted += p * p * _inverseVariances[i];
            }

            best = Math.Min(best, weighted + (Math.Max(0, squared - explained) * _inverseResidual));
        }

        return best;
    }
}
