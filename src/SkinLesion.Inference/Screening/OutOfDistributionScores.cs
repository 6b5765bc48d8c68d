namespace SkinLesion.Inference.Screening;

/// <summary>What the artifact's checks computed for one image: the distances, and the head's logit when the artifact has one.</summary>
/// <param name="Embedding">The embedding's squared Mahalanobis distance.</param>
/// <param name="Early">The early-stage statistics' distance; null when the artifact has no early distance.</param>
/// <param name="Head">The screening head's score; null when the artifact has no head.</param>
public readonly record struct OutOfDistributionScores(double Embedding, double? Early, double? Head);
