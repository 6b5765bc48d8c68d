namespace SkinLesion.Inference.Model;

/// <summary>The fusion study's outcome: whether a fusion ships (<see cref="Ships"/>) under the rule fixed before measuring (<see cref="Rule"/>).</summary>
public sealed record ManifestClinicalDecision(bool Ships, string Rule);
