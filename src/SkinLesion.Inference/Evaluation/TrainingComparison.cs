namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "trainingReference": this run's rates next to training's for the same set.</summary>
/// <param name="Source">Where training's figures came from, e.g. "models/skin-lesion-mobilenetv2.json metrics.test".</param>
public sealed record TrainingComparison(string Source, string MeasuredBy, IReadOnlyList<MetricComparison> Metrics, double? MaxAbsDifference, bool IdenticalToFourDecimals);
