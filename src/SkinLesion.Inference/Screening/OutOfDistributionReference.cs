namespace SkinLesion.Inference.Screening;

/// <summary>
/// A HAM10000 validation image with the scores and texture numpy computed, for the parity test; EarlyScore when the artifact has an early distance,
/// HeadScore when it has a screening head (training/screening_head.py fit adds it).
/// Every field is optional in the artifact's JSON (the defaults keep it so under the context's required constructor parameters).
/// </summary>
public sealed record OutOfDistributionReference(string ImageId = null!, double Score = 0, double Texture = 0, double? EarlyScore = null, double? HeadScore = null);
