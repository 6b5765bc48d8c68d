namespace SkinLesion.Inference.Evaluation;

/// <summary>
/// A figure meant for comparison across sets. Keys are stable: balancedAccuracy, melanomaAuc,
/// malignantSensitivity, malignantSpecificity, malignantAuc, and set-specific ones; the definition says
/// how this set's labels turn into it.
/// </summary>
public sealed record HeadlineFigure(string Key, string Label, double? Value, IReadOnlyList<double>? Ci95, string Definition);
