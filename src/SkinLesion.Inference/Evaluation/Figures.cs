namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "figures": the classification figures beyond the headline.</summary>
/// <param name="PredictedClassCounts">How often the shipped seven-class rule named each class, on every set.</param>
/// <param name="Other">Single values without intervals (argmax accuracy, NLL, ...).</param>
public sealed record Figures(
    ConfusionMatrixFigure ConfusionMatrix,
    IReadOnlyDictionary<string, ClassFigures>? PerClass,
    IReadOnlyDictionary<string, int> PredictedClassCounts,
    IReadOnlyList<ReliabilityRow>? Reliability,
    IReadOnlyDictionary<string, double?> Other);
