using System.Text.Json;

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
        if (manifestMetrics is not { ValueKind: JsonValueKind.Object } metrics
            || !metrics.TryGetProperty(key, out var training)
            || training.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var comparisons = new List<MetricComparison>();
        foreach (var (name, evaluated) in rates)
        {
            if (!training.TryGetProperty(name, out var element) || Read(element) is not { } reference)
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

    // Training writes rates as {"value": v, "ci95": [lo, hi]} and a few single figures as bare numbers.
    private static Estimate? Read(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return new Estimate(element.GetDouble(), null);
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("value", out var value))
        {
            return null;
        }

        double? point = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
        IReadOnlyList<double>? interval = element.TryGetProperty("ci95", out var ci) && ci.ValueKind == JsonValueKind.Array && ci.GetArrayLength() == 2
            && ci[0].ValueKind == JsonValueKind.Number && ci[1].ValueKind == JsonValueKind.Number
                ? [ci[0].GetDouble(), ci[1].GetDouble()]
                : null;
        return new Estimate(point, interval);
    }
}
