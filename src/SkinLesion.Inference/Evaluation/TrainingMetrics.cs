using System.Text.Json;

namespace SkinLesion.Inference.Evaluation;

/// <summary>
/// Training's figures as the manifest's metrics section holds them (metrics.test, metrics["isic2017-test"],
/// metrics.test.perClass.mel, ...), read into the report's <see cref="Estimate"/>, so the evaluate command's
/// comparison with training and the model page read them one way. The section stays opaque JSON in the manifest:
/// training can add figures without a service release.
/// </summary>
public static class TrainingMetrics
{
    /// <summary>The object under <paramref name="name"/>, or null where there is none.</summary>
    public static JsonElement? Section(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object
            ? child
            : null;

    /// <summary>The figure under <paramref name="name"/>, or null where the section has none.</summary>
    public static Estimate? Figure(JsonElement? section, string name) =>
        section is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var figure) ? Read(figure) : null;

    /// <summary>The single figure under <paramref name="name"/> written as a bare number (a count, a per-class rate), or null.</summary>
    public static double? Number(JsonElement? section, string name) =>
        section is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var figure) && figure.ValueKind == JsonValueKind.Number
            ? figure.GetDouble()
            : null;

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
