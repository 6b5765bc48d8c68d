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
    public static double[] Recall(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes) =>
        DiagonalShare(ConfusionMatrix(truth, predicted, classes), classes, ofTrueClass: true);

    /// <summary>Precision per class; NaN for a class never predicted.</summary>
    public static double[] Precision(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes) =>
        DiagonalShare(ConfusionMatrix(truth, predicted, classes), classes, ofTrueClass: false);

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

    /// <summary>Each class's diagonal count as a share of its row (true class: recall) or of its column (named class: precision).</summary>
    private static double[] DiagonalShare(long[,] matrix, int classes, bool ofTrueClass)
    {
        var share = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            long total = 0;
            for (int other = 0; other < classes; other++)
            {
                total += ofTrueClass ? matrix[c, other] : matrix[other, c];
            }

            share[c] = total > 0 ? (double)matrix[c, c] / total : double.NaN;
        }

        return share;
    }
}
