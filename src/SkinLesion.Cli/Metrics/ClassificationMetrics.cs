namespace SkinLesion.Cli.Metrics;

/// <summary>
/// The metric definitions of training/skinlesion/metrics.py, written out so they can be checked by hand
/// and so the served model is scored by exactly the rules training used. Undefined values (a class
/// with no positives, no predictions of a class) are NaN, never a silent 0.
/// </summary>
internal static class ClassificationMetrics
{
    /// <summary>1-based ranks; tied values share the mean of the ranks they span.</summary>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var order = new int[values.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[values.Length];
        int start = 0;
        while (start < keys.Length)
        {
            int end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start])
            {
                end++;
            }

            double rank = ((start + end) / 2.0) + 1.0;
            for (int k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }

    /// <summary>Area under the ROC curve as the Mann-Whitney U statistic (ties count one half); NaN without both classes.</summary>
    public static double Auc(ReadOnlySpan<bool> positive, ReadOnlySpan<double> score)
    {
        if (positive.Length != score.Length)
        {
            throw new ArgumentException("Labels and scores differ in length.", nameof(score));
        }

        int positives = 0;
        foreach (bool p in positive)
        {
            positives += p ? 1 : 0;
        }

        int negatives = positive.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var ranks = AverageRanks(score);
        double positiveRankSum = 0;
        for (int i = 0; i < ranks.Length; i++)
        {
            if (positive[i])
            {
                positiveRankSum += ranks[i];
            }
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>Rows are the true class, columns the predicted class.</summary>
    public static long[,] ConfusionMatrix(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes)
    {
        var matrix = new long[classes, classes];
        for (int i = 0; i < truth.Length; i++)
        {
            matrix[truth[i], predicted[i]]++;
        }

        return matrix;
    }

    public static double Accuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (truth.IsEmpty)
        {
            return double.NaN;
        }

        int correct = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            correct += truth[i] == predicted[i] ? 1 : 0;
        }

        return (double)correct / truth.Length;
    }

    /// <summary>Recall per class; NaN for a class without true cases.</summary>
    public static double[] Recall(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes)
    {
        var matrix = ConfusionMatrix(truth, predicted, classes);
        var recall = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            long support = 0;
            for (int p = 0; p < classes; p++)
            {
                support += matrix[c, p];
            }

            recall[c] = support > 0 ? (double)matrix[c, c] / support : double.NaN;
        }

        return recall;
    }

    /// <summary>Precision per class; NaN for a class never predicted.</summary>
    public static double[] Precision(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes)
    {
        var matrix = ConfusionMatrix(truth, predicted, classes);
        var precision = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            long predictedCount = 0;
            for (int t = 0; t < classes; t++)
            {
                predictedCount += matrix[t, c];
            }

            precision[c] = predictedCount > 0 ? (double)matrix[c, c] / predictedCount : double.NaN;
        }

        return precision;
    }

    /// <summary>Harmonic mean of precision and recall; NaN when either is undefined, 0 when both are 0.</summary>
    public static double F1(double precision, double recall)
    {
        if (double.IsNaN(precision) || double.IsNaN(recall))
        {
            return double.NaN;
        }

        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /// <summary>Mean recall over the classes present in <paramref name="truth"/>; absent classes do not count as 0.</summary>
    public static double BalancedAccuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes) =>
        NanMean(Recall(truth, predicted, classes));

    /// <summary>Mean one-vs-rest AUC over the classes that have both positives and negatives.</summary>
    public static double MacroAuc(ReadOnlySpan<int> truth, IReadOnlyList<float[]> probabilities, int classes)
    {
        var aucs = new double[classes];
        var positive = new bool[truth.Length];
        var score = new double[truth.Length];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < truth.Length; i++)
            {
                positive[i] = truth[i] == c;
                score[i] = probabilities[i][c];
            }

            aucs[c] = Auc(positive, score);
        }

        return NanMean(aucs);
    }

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
            int top = ArgMax(p);
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

    /// <summary>
    /// Sensitivity and specificity of "positive when score ≥ threshold". NaN when the sample has no
    /// positives (or no negatives); training reports 0 there, which no sample in practice reaches.
    /// </summary>
    public static (double Sensitivity, double Specificity) SensitivitySpecificity(ReadOnlySpan<bool> positive, ReadOnlySpan<double> score, double threshold)
    {
        int truePositive = 0, positives = 0, trueNegative = 0, negatives = 0;
        for (int i = 0; i < positive.Length; i++)
        {
            bool called = score[i] >= threshold;
            if (positive[i])
            {
                positives++;
                truePositive += called ? 1 : 0;
            }
            else
            {
                negatives++;
                trueNegative += called ? 0 : 1;
            }
        }

        return (
            positives > 0 ? (double)truePositive / positives : double.NaN,
            negatives > 0 ? (double)trueNegative / negatives : double.NaN);
    }

    /// <summary>Mean negative log-likelihood of the true class, probabilities clipped at 1e-12.</summary>
    public static double NegativeLogLikelihood(ReadOnlySpan<int> truth, IReadOnlyList<float[]> probabilities)
    {
        double sum = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            sum -= Math.Log(Math.Clamp(probabilities[i][truth[i]], 1e-12, 1.0));
        }

        return truth.IsEmpty ? double.NaN : sum / truth.Length;
    }

    /// <summary>Index of the largest value; ties go to the lower index, like numpy's argmax.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    public static double NanMean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        int count = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        return count > 0 ? sum / count : double.NaN;
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

/// <summary>One equal-width confidence bin: (Lower, Upper], how many predictions fell in it, their mean confidence and accuracy.</summary>
internal sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);
