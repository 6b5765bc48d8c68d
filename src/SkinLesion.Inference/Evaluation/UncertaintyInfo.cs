namespace SkinLesion.Inference.Evaluation;

/// <summary>The manifest's uncertainty band: uncertain when the named class's probability is below the minimum or the malignant probability lies in [from, to).</summary>
public sealed record UncertaintyInfo(double MinTopProbability, double BorderlineFrom, double BorderlineTo);
