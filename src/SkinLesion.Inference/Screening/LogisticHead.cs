using SkinLesion.Inference.Numerics;

namespace SkinLesion.Inference.Screening;

/// <summary>
/// The scorer of a <see cref="ScreeningHead"/>. Standardisation is folded into the weights once, at load
/// (w'_i = w_i / scale_i, b' = bias - sum_i mean_i w_i / scale_i, in double), so a request costs one dot product
/// per feature and allocates nothing. Immutable and safe for concurrent use.
/// </summary>
internal sealed class LogisticHead
{
    private const string Section = "head";

    private readonly double[] _embeddingWeights; // folded weights of the embedding's segment; empty when the head does not use it
    private readonly double[] _earlyWeights;     // folded weights of the early statistics' segment; empty when unused
    private readonly double _bias;               // folded bias

    /// <summary>Decodes and folds the head; <paramref name="embeddingDimension"/> and <paramref name="earlyDimension"/> are the distances' (loading checked the feature list against them).</summary>
    /// <exception cref="FormatException">An array is missing, of the wrong length, or holds a non-finite value or a scale that is not positive; the message names it.</exception>
    internal LogisticHead(ScreeningHead head, int embeddingDimension, int earlyDimension)
    {
        int n = head.Dimension;
        float[] mean = Float32Base64.Decode(head.Mean, n, Section + ".mean");
        float[] scale = Float32Base64.Decode(head.Scale, n, Section + ".scale");
        float[] weights = Float32Base64.Decode(head.Weights, n, Section + ".weights");
        if (scale.Any(s => !float.IsFinite(s) || s <= 0))
        {
            throw new FormatException($"{Section}.scale must be positive and finite.");
        }

        if (mean.Any(v => !float.IsFinite(v)) || weights.Any(v => !float.IsFinite(v)))
        {
            throw new FormatException($"{Section}.mean and {Section}.weights must be finite.");
        }

        _embeddingWeights = [];
        _earlyWeights = [];
        double bias = head.Bias;
        int offset = 0;
        foreach (string feature in head.Features)
        {
            int width = feature == ScreeningHeadFeatures.Embedding ? embeddingDimension : earlyDimension;
            var folded = new double[width];
            for (int i = 0; i < width; i++)
            {
                double w = (double)weights[offset + i] / scale[offset + i];
                folded[i] = w;
                bias -= mean[offset + i] * w;
            }

            if (feature == ScreeningHeadFeatures.Embedding)
            {
                _embeddingWeights = folded;
            }
            else
            {
                _earlyWeights = folded;
            }

            offset += width;
        }

        _bias = bias;
        Threshold = head.Threshold;
    }

    internal double Threshold { get; }

    /// <summary>The logit of "dermoscopic" from the projected vectors (an unused feature's span may be empty).</summary>
    internal double Score(ReadOnlySpan<float> projectedEmbedding, ReadOnlySpan<float> projectedEarly) =>
        _bias + Dot(_embeddingWeights, projectedEmbedding) + Dot(_earlyWeights, projectedEarly);

    private static double Dot(double[] weights, ReadOnlySpan<float> x)
    {
        if (weights.Length == 0)
        {
            return 0;
        }

        if (x.Length != weights.Length)
        {
            throw new ArgumentException($"Expected a projected vector of {weights.Length} values, got {x.Length}.", nameof(x));
        }

        return WideSum.Dot(weights, x);
    }
}
