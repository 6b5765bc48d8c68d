namespace SkinLesion.Cli.Calibration;

/// <summary>
/// The site threshold: the highest threshold at which at least the target share of the malignant cases is called
/// malignant. Sensitivity only falls as the threshold rises, so that threshold is the k-th highest malignant probability
/// among the malignant cases, k = ceil(target x cases). A verdict is malignant at or above the threshold, so malignant
/// cases tied with the k-th all count, and so do benign images at exactly that probability.
/// </summary>
internal static class ThresholdSearch
{
    public const string Rule =
        "The highest threshold at which at least targetSensitivity of the site's malignant cases have a malignant probability at or above it: " +
        "the k-th highest malignant probability among the malignant cases, k = ceil(targetSensitivity x malignant cases). A verdict is malignant at or " +
        "above the threshold, so malignant cases tied with the k-th all count (the sensitivity can exceed the target), and benign images at exactly that " +
        "probability are called malignant. Every evaluated image counts, including those the screening refuses, as in evaluate's headline figures.";

    /// <param name="malignantCaseProbabilities">The malignant probability of each malignant case.</param>
    /// <returns>The threshold; NaN when there is no malignant case.</returns>
    public static double Choose(IReadOnlyList<double> malignantCaseProbabilities, double target)
    {
        ArgumentNullException.ThrowIfNull(malignantCaseProbabilities);
        if (!(target > 0 && target < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The target sensitivity lies between 0 and 1.");
        }

        int count = malignantCaseProbabilities.Count;
        if (count == 0)
        {
            return double.NaN;
        }

        var descending = malignantCaseProbabilities.OrderDescending().ToArray();
        return descending[CasesNeeded(count, target) - 1];
    }

    /// <summary>ceil(target x cases), immune to the binary representation of the target (0.9 x 30 is 27.000000000000004 in doubles).</summary>
    public static int CasesNeeded(int cases, double target) => Math.Max(1, (int)Math.Ceiling(Math.Round(target * cases, 9)));
}
