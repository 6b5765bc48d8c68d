namespace SkinLesion.Inference.Evaluation;

/// <summary>A rate and its 95% interval; both null when undefined on this set (e.g. no positives).</summary>
public sealed record Estimate(double? Value, IReadOnlyList<double>? Ci95);
