using System.Text.Json;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// Puts this run's rates next to the figures training wrote into the manifest for the same set
/// (metrics.test, metrics["isic2017-test"], ...), key by key, so a disagreement between the served
/// pipeline and training is visible in the report rather than discovered later.
/// </summary>
internal static class TrainingReference
{
    public static TrainingComparison? Compare(JsonElement? manifestMetrics, string key, string manifestFile, IReadOnlyDictionary<string, Estimate> rates, string measuredBy)
    {
        ArgumentNullException.ThrowIfNull(rates);
        if (TrainingMetrics.Section(manifestMetrics, key) is not { } training)
        {
            return null;
        }

        var comparisons = new List<MetricComparison>();
        foreach (var (name, evaluated) in rates)
        {
            if (TrainingMetrics.Figure(training, name) is not { } reference)
            {
                continue;
            }

            double? difference = evaluated.Value is { } v && reference.Value is { } r ? Math.Round(v - r, 4) : null;
            comparisons.Add(new MetricComparison(name, reference, evaluated, difference));
        }

        if (comparisons.Count == 0)
        {
            return null;
        }

        var differences = comparisons.Where(c => c.Difference.HasValue).Select(c => Math.Abs(c.Difference!.Value)).ToList();
        bool identical = comparisons.All(c =>
            c.Difference == 0
            && (c.Training.Ci95 is null || (c.Evaluated.Ci95 is { } e && e.SequenceEqual(c.Training.Ci95))));
        return new TrainingComparison($"{manifestFile} metrics.{key}", measuredBy, comparisons, differences.Count > 0 ? differences.Max() : null, identical);
    }
}
