namespace SkinLesion.Inference.Model;

/// <summary>The fusion with every field against the image alone, cross-validated on validation: the figures the decision was taken on.</summary>
public sealed record ManifestClinicalGain(double BalancedAccuracy, double MalignantAuc);
