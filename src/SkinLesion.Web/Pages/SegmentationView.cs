using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Model;
using SkinLesion.Web.Evaluations;

namespace SkinLesion.Web.Pages;

/// <summary>
/// The lesion segmentation on the model page: the graph's identity, training's Dice and Jaccard (the manifest), and the
/// served pipeline's own figures and the measures' AUCs from the first evaluation report that has them (held-out split
/// first, as the reports are ordered).
/// </summary>
public sealed record SegmentationView(
    string File,
    string Version,
    string Sha256,
    string ThresholdText,
    string? Description,
    IReadOnlyList<MetricRow> Training,
    EvaluatedSet? Evaluated)
{
    /// <summary>The evaluated set's segmentation figures; null when no committed report has them.</summary>
    public SegmentationFigures? Figures => Evaluated?.Report.Segmentation;

    public static SegmentationView? From(ModelManifest manifest, IReadOnlyList<EvaluatedSet> sets)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(sets);
        if (manifest.Segmentation is not { } segmentation)
        {
            return null;
        }

        var test = TrainingMetrics.Section(segmentation.Metrics, "test");
        var validation = TrainingMetrics.Section(segmentation.Metrics, "validation");
        return new SegmentationView(
            segmentation.File,
            segmentation.Version,
            segmentation.Sha256.ToLowerInvariant(),
            segmentation.Threshold.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            segmentation.Description is { Length: > 0 } description ? description.TrimEnd('.') + "." : null,
            MetricRow.From([("dice", "Mean Dice"), ("jaccard", "Mean Jaccard")], test, validation),
            sets.FirstOrDefault(set => set.Report.Segmentation is not null));
    }
}
