namespace SkinLesion.Inference.Screening;

/// <summary>A HAM10000 validation image with the scores and texture numpy computed, for the parity test; EarlyScore when the artifact has an early distance.</summary>
public sealed record OutOfDistributionReference(string ImageId, double Score, double Texture, double? EarlyScore = null);
