namespace SkinLesion.Inference.Evaluation;

/// <summary>One rate as training measured it and as this run measured it.</summary>
public sealed record MetricComparison(string Metric, Estimate Training, Estimate Evaluated, double? Difference);
