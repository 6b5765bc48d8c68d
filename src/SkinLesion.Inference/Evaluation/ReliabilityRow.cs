namespace SkinLesion.Inference.Evaluation;

/// <summary>One equal-width confidence bin of the reliability diagram: (Lower, Upper], its count, mean confidence and accuracy.</summary>
public sealed record ReliabilityRow(double Lower, double Upper, int Count, double? MeanConfidence, double? Accuracy);
