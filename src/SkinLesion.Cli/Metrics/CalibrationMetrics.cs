namespace SkinLesion.Cli.Metrics;

/// <summary>
/// Calibration as training/skinlesion/metrics.py measures it: equal-width confidence bins of the top-label
/// probability, their accuracy, and the expected calibration error over them.
/// </summary>
internal static class CalibrationMetrics
{
    /// <summary>
    /// Top-label expected calibration error with equal-width confidence bins (Guo et al., 2017):
    /// confidence is the largest probability, "correct" means its class (plain argmax, not the decision
    /// rule) is the true one. Bin b holds confidences in (b/bins, (b+1)/bins]; confidence 0 joins bin 0.
    /// </summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<int> truth, IReadOnlyList<float[]> probabilities, int bins = 15)
    {
        double ece = 0;
        foreach (var bin in Reliability(truth, probabilities, bins))
        {
            if (bin.Count > 0)
            {
                ece += (double)bin.Count / truth.Length * Math.Abs(bin.Accuracy - bin.MeanConfidence);
            }
        }

        return truth.IsEmpty ? double.NaN : ece;
    }

    /// <summary>Per-bin mean confidence, accuracy and count, for the ECE and a reliability diagram.</summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(ReadOnlySpan<int> truth, IReadOnlyList<float[]> probabilities, int bins = 15)
    {
        var count = new int[bins];
        var confidenceSum = new double[bins];
        var correctSum = new double[bins];
        for (int i = 0; i < truth.Length; i++)
        {
            var p = probabilities[i];
            int top = ClassificationMetrics.ArgMax(p);
            double confidence = p[top];
            int bin = BinOf(confidence, bins);
            count[bin]++;
            confidenceSum[bin] += confidence;
            correctSum[bin] += top == truth[i] ? 1 : 0;
        }

        var result = new ReliabilityBin[bins];
        for (int b = 0; b < bins; b++)
        {
            result[b] = new ReliabilityBin(
                Edge(b, bins),
                Edge(b + 1, bins),
                count[b],
                count[b] > 0 ? confidenceSum[b] / count[b] : double.NaN,
                count[b] > 0 ? correctSum[b] / count[b] : double.NaN);
        }

        return result;
    }

    // numpy.linspace(0, 1, bins + 1): i * (1 / bins), with the last edge exactly 1.
    private static double Edge(int index, int bins) => index == bins ? 1.0 : index * (1.0 / bins);

    // numpy.searchsorted(edges, confidence, side="left") - 1, clipped to the valid bins.
    private static int BinOf(double confidence, int bins)
    {
        int below = 0;
        while (below <= bins && Edge(below, bins) < confidence)
        {
            below++;
        }

        return Math.Clamp(below - 1, 0, bins - 1);
    }
}
