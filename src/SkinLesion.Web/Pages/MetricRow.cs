using System.Text.Json;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Web.Pages;

/// <summary>One summary metric of the model page: its name and its text on the test and validation splits.</summary>
public sealed record MetricRow(string Label, string? Test, string? Validation)
{
    /// <summary>A row per metric (manifest key, label) that either split reports, in the order given.</summary>
    public static IReadOnlyList<MetricRow> From(IEnumerable<(string Key, string Label)> metrics, JsonElement? test, JsonElement? validation) =>
        [.. metrics
            .Select(metric => new MetricRow(metric.Label, EstimateText(test, metric.Key), EstimateText(validation, metric.Key)))
            .Where(row => row.Test is not null || row.Validation is not null)];

    /// <summary>"0.758 (0.710–0.803)" from {"value": .., "ci95": [lo, hi]}, or the bare number; null where there is none.</summary>
    public static string? EstimateText(JsonElement? section, string name) =>
        TrainingMetrics.Figure(section, name) is { Value: not null } estimate ? FigureText.Estimate(estimate) : null;
}
